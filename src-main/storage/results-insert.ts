import { NO_FLAG } from '../../src-preload/contract/records/result-columns';
import { RESULT_COLUMNS, type ResultBatch, type ResultRow } from './result-row';
import type { SqliteDatabase } from './sqlite';

/**
 * Rows go into result_rows (migration 005), stored compactly: enums as their position in the
 * declaration, filter reasons interned in result_texts, quote times as epoch milliseconds. The
 * `results` view reads them back as the declared values.
 */
export const INSERT_RESULT_SQL = `INSERT INTO result_rows (run_id, ${RESULT_COLUMNS.map(
  (column) => column.column,
).join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?')
  .concat('?')
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
} as const;
type Bind = (typeof Bind)[keyof typeof Bind];
const KEYS = RESULT_COLUMNS.map((column) => column.key);
const BINDS: readonly Bind[] = RESULT_COLUMNS.map((column) =>
  column.key === 'filterReason'
    ? Bind.Text
    : column.key === 'quoteTime'
      ? Bind.Time
      : column.kind === 'enum'
        ? Bind.Enum
        : column.kind === 'bool'
          ? column.nullable
            ? Bind.NullableFlag
            : Bind.Flag
          : column.kind === 'int' || column.kind === 'real'
            ? Bind.Number
            : Bind.Plain,
);
/** An enum value's code is its position in the declaration; an unknown value binds NULL (refused). */
const ENUM_CODES: readonly (ReadonlyMap<unknown, number> | null)[] = RESULT_COLUMNS.map((column) =>
  column.kind === 'enum' ? new Map(column.values.map((value, code) => [value, code])) : null,
);

/** Interned texts of result_texts, as the writer thread's connection sees them. */
export interface ResultTexts {
  idOf(text: string): number;
  /** Drops the cache: after a rollback or a prune its ids may no longer exist. */
  forget(): void;
}

export function createResultTexts(db: SqliteDatabase): ResultTexts {
  const find = db.prepare('SELECT id FROM result_texts WHERE text = ?').pluck();
  const add = db.prepare('INSERT INTO result_texts (text) VALUES (?) RETURNING id').pluck();
  const cache = new Map<string, number>();
  return {
    idOf(text) {
      let id = cache.get(text);
      if (id === undefined) {
        id = ((find.get(text) as number | undefined) ?? add.get(text)) as number;
        cache.set(text, id);
      }
      return id;
    },
    forget: () => cache.clear(),
  };
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
function bindValue(bind: Bind, value: unknown, column: number, texts: ResultTexts): unknown {
  if (bind === Bind.Number)
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (bind === Bind.NullableFlag && (value === null || value === undefined || value === NO_FLAG))
    return null;
  if (bind === Bind.Flag || bind === Bind.NullableFlag)
    return value === true || value === 1 ? 1 : 0;
  if (value === null || value === undefined) return null;
  if (bind === Bind.Enum) return ENUM_CODES[column]?.get(value) ?? null;
  if (bind === Bind.Text) return texts.idOf(String(value));
  if (bind === Bind.Time) return quoteTimeValue(String(value));
  return value;
}

/**
 * Fills `args` (reused across rows: no allocation per row) with one row's bind values, in
 * RESULT_COLUMNS order after the run id.
 */
export function bindRow(args: unknown[], runId: number, row: ResultRow, texts: ResultTexts): void {
  args[0] = runId;
  for (let i = 0; i < KEYS.length; i++) {
    const key = KEYS[i] as keyof ResultRow;
    args[i + 1] = bindValue(BINDS[i] ?? Bind.Plain, row[key], i, texts);
  }
}

/** The same for entry `index` of a columnar batch. */
export function bindColumnar(
  args: unknown[],
  runId: number,
  batch: ResultBatch,
  index: number,
  texts: ResultTexts,
): void {
  args[0] = runId;
  for (let i = 0; i < KEYS.length; i++) {
    const column: ArrayLike<unknown> = batch[KEYS[i] as keyof ResultRow];
    args[i + 1] = bindValue(BINDS[i] ?? Bind.Plain, column[index], i, texts);
  }
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
