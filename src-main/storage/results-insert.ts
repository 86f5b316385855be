import { NO_FLAG } from '../../src-preload/contract/records/result-columns';
import { StorageFailure } from './errors';
import { CHAIN_COLUMNS, PAISE_COLUMNS } from './migrations/006_chains';
import { RESULT_COLUMNS, type ResultBatch, type ResultColumn, type ResultRow } from './result-row';
import type { ResultTexts } from './result-interning';

export { createResultTexts, type ResultTexts } from './result-interning';

/**
 * Rows go into result_rows (migrations 005 and 006), stored compactly: enums as their position
 * in the declaration, filter reasons interned in result_texts, quote times as epoch
 * milliseconds, a chain's constants interned in result_chains, whole-paise prices as integers.
 * The `results` view reads them back as the declared values.
 */
const CHAIN_NAMES = new Set<string>(CHAIN_COLUMNS);
const PAISE_NAMES = new Set<string>(PAISE_COLUMNS);
/** The row's own columns, in RESULT_COLUMNS order (the chain's are bound separately). */
const ROW_FIELDS = RESULT_COLUMNS.filter((column) => !CHAIN_NAMES.has(column.column));
/** The chain's columns, in result_chains' order. */
const CHAIN_FIELDS = CHAIN_COLUMNS.map((name) => {
  const found = RESULT_COLUMNS.find((column) => column.column === name);
  if (found === undefined) throw new Error(`chain column ${name} is not a result column`);
  return found;
});

export const INSERT_RESULT_SQL = `INSERT INTO result_rows (run_id, chain_id, ${ROW_FIELDS.map(
  (column) => column.column,
).join(', ')}) VALUES (${ROW_FIELDS.map(() => '?')
  .concat('?', '?')
  .join(', ')})`;

/** How each column becomes a bind value, precomputed once so the hot loop only switches on it. */
const Bind = {
  Plain: 0,
  Number: 1,
  Flag: 2,
  NullableFlag: 3,
  Enum: 4,
  Text: 5,
  Time: 6,
  Paise: 7,
} as const;
type Bind = (typeof Bind)[keyof typeof Bind];

function bindOf(column: ResultColumn): Bind {
  if (column.key === 'filterReason') return Bind.Text;
  if (column.key === 'quoteTime') return Bind.Time;
  if (PAISE_NAMES.has(column.column)) return Bind.Paise;
  if (column.kind === 'enum') return Bind.Enum;
  if (column.kind === 'bool') return column.nullable ? Bind.NullableFlag : Bind.Flag;
  return column.kind === 'int' || column.kind === 'real' ? Bind.Number : Bind.Plain;
}

/** An enum value's code is its position in the declaration; an unknown value binds NULL (refused). */
function enumCodes(column: ResultColumn): ReadonlyMap<unknown, number> | null {
  return column.kind === 'enum' ? new Map(column.values.map((value, code) => [value, code])) : null;
}

interface Layout {
  readonly keys: readonly string[];
  readonly binds: readonly Bind[];
  readonly codes: readonly (ReadonlyMap<unknown, number> | null)[];
}

function layoutOf(columns: readonly ResultColumn[]): Layout {
  return {
    keys: columns.map((column) => column.key),
    binds: columns.map(bindOf),
    codes: columns.map(enumCodes),
  };
}

const ROW_LAYOUT = layoutOf(ROW_FIELDS);
const CHAIN_LAYOUT = layoutOf(CHAIN_FIELDS);

/**
 * A price as a whole number of paise when that is exact (dividing it by 100 gives back the very
 * same double, so the view returns it bit for bit), else the price itself. A bigint binds as an
 * SQLite integer (1–4 bytes here); a number binds as an 8-byte real.
 */
export function paiseValue(price: number): bigint | number {
  const paise = Math.round(price * 100);
  return Math.abs(paise) < 1e15 && paise / 100 === price && !Object.is(price, -0)
    ? BigInt(paise)
    : price;
}

/**
 * A canonical ISO instant (what the scan writes: Date#toISOString) as epoch milliseconds; any
 * other text is stored as it is. The view's strftime gives back exactly the canonical text.
 */
export function quoteTimeValue(text: string): bigint | string {
  const ms = Date.parse(text);
  // A bigint binds as an SQLite integer (6 bytes); a number would bind as an 8-byte real.
  return ms >= 0 && ms < 253_402_300_800_000 && new Date(ms).toISOString() === text
    ? BigInt(ms)
    : text;
}

/** NaN and ±Infinity are "no value": a metric that could not be computed is stored as NULL. */
function bindValue(
  bind: Bind,
  value: unknown,
  codes: ReadonlyMap<unknown, number> | null,
  texts: ResultTexts,
): unknown {
  if (bind === Bind.Number)
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (bind === Bind.Paise)
    return typeof value === 'number' && Number.isFinite(value) ? paiseValue(value) : null;
  if (bind === Bind.NullableFlag && (value === null || value === undefined || value === NO_FLAG))
    return null;
  if (bind === Bind.Flag || bind === Bind.NullableFlag)
    return value === true || value === 1 ? 1 : 0;
  if (value === null || value === undefined) return null;
  if (bind === Bind.Enum) return codes?.get(value) ?? null;
  if (bind === Bind.Text) return texts.idOf(String(value));
  if (bind === Bind.Time) return quoteTimeValue(String(value));
  return value;
}

/** One row's values of a layout's columns, read by `cell(key)`, into `out` from `at`. */
function bindLayout(
  out: unknown[],
  at: number,
  layout: Layout,
  cell: (key: string) => unknown,
  texts: ResultTexts,
): void {
  for (let i = 0; i < layout.keys.length; i++) {
    const key = layout.keys[i] ?? '';
    out[at + i] = bindValue(
      layout.binds[i] ?? Bind.Plain,
      cell(key),
      layout.codes[i] ?? null,
      texts,
    );
  }
}

const DAYS_SLOT = 2 + ROW_FIELDS.findIndex((column) => column.column === 'days_to_expiry');
const TIME_SLOT = 2 + ROW_FIELDS.findIndex((column) => column.column === 'quote_time');
const EXPIRY_AT = CHAIN_COLUMNS.indexOf('expiry');
const DAY_MS = 86_400_000;

/**
 * Days to expiry as stored (migration 006): NULL when they are exactly what the expiry and the
 * quote time (epoch milliseconds) give by 006's derivedDays — integer milliseconds, one
 * division, the same double in JavaScript and in SQLite — else the days themselves.
 */
export function storedDays(
  days: unknown,
  expiry: unknown,
  quoteTime: unknown,
  texts: ResultTexts,
): unknown {
  if (days === null) {
    // NULL means "derived": a row without days would read back someone else's number.
    throw new StorageFailure('constraint', 'result row without days to expiry');
  }
  if (typeof quoteTime !== 'bigint' || typeof expiry !== 'string') return days;
  const close = texts.expiryCloseMs(expiry);
  return close !== null && Object.is((close - Number(quoteTime)) / DAY_MS, days) ? null : days;
}

function bindWith(
  args: unknown[],
  runId: number,
  cell: (key: string) => unknown,
  texts: ResultTexts,
): void {
  const chain = texts.chainValues;
  bindLayout(chain, 0, CHAIN_LAYOUT, cell, texts);
  args[0] = runId;
  args[1] = texts.chainOf(runId, chain);
  bindLayout(args, 2, ROW_LAYOUT, cell, texts);
  args[DAYS_SLOT] = storedDays(args[DAYS_SLOT], chain[EXPIRY_AT], args[TIME_SLOT], texts);
}

/**
 * Fills `args` (reused across rows) with one row's bind values: the run id, the chain id, then
 * the row's own columns in RESULT_COLUMNS order.
 */
export function bindRow(args: unknown[], runId: number, row: ResultRow, texts: ResultTexts): void {
  bindWith(args, runId, (key) => row[key as keyof ResultRow], texts);
}

/** The same for entry `index` of a columnar batch. */
export function bindColumnar(
  args: unknown[],
  runId: number,
  batch: ResultBatch,
  index: number,
  texts: ResultTexts,
): void {
  bindWith(
    args,
    runId,
    (key) => (batch[key as keyof ResultRow] as ArrayLike<unknown>)[index],
    texts,
  );
}

/** Rows of a row array or columnar batch in [start, end) that pass the run's filters. */
export function countPassing(
  input: readonly ResultRow[] | ResultBatch,
  start: number,
  end: number,
): number {
  let passing = 0;
  if (Array.isArray(input)) {
    const rows = input as readonly ResultRow[];
    for (let index = start; index < end; index += 1) if (rows[index]?.passesFilters) passing += 1;
  } else {
    const flags = (input as ResultBatch).passesFilters;
    for (let index = start; index < end; index += 1) if (flags[index] === 1) passing += 1;
  }
  return passing;
}
