import { NO_FLAG } from '../../src-preload/contract/records/result-columns';
import { RESULT_COLUMNS, type ResultBatch, type ResultRow } from './result-row';

export const INSERT_RESULT_SQL = `INSERT INTO results (run_id, ${RESULT_COLUMNS.map(
  (column) => column.column,
).join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?')
  .concat('?')
  .join(', ')})`;

/** How each column becomes a bind value, precomputed once so the hot loop only switches on it. */
const Bind = { Plain: 0, Number: 1, Flag: 2, NullableFlag: 3 } as const;
type Bind = (typeof Bind)[keyof typeof Bind];
const KEYS = RESULT_COLUMNS.map((column) => column.key);
const BINDS: readonly Bind[] = RESULT_COLUMNS.map((column) =>
  column.kind === 'bool'
    ? column.nullable
      ? Bind.NullableFlag
      : Bind.Flag
    : column.kind === 'int' || column.kind === 'real'
      ? Bind.Number
      : Bind.Plain,
);

/** NaN and ±Infinity are "no value": a metric that could not be computed is stored as NULL. */
function bindValue(bind: Bind, value: unknown): unknown {
  if (bind === Bind.Number)
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (bind === Bind.NullableFlag && (value === null || value === undefined || value === NO_FLAG))
    return null;
  if (bind === Bind.Flag || bind === Bind.NullableFlag)
    return value === true || value === 1 ? 1 : 0;
  return value ?? null;
}

/**
 * Fills `args` (reused across rows: no allocation per row) with one row's bind values, in
 * RESULT_COLUMNS order after the run id.
 */
export function bindRow(args: unknown[], runId: number, row: ResultRow): void {
  args[0] = runId;
  for (let i = 0; i < KEYS.length; i++) {
    const key = KEYS[i] as keyof ResultRow;
    args[i + 1] = bindValue(BINDS[i] ?? Bind.Plain, row[key]);
  }
}

/** The same for entry `index` of a columnar batch. */
export function bindColumnar(
  args: unknown[],
  runId: number,
  batch: ResultBatch,
  index: number,
): void {
  args[0] = runId;
  for (let i = 0; i < KEYS.length; i++) {
    const column: ArrayLike<unknown> = batch[KEYS[i] as keyof ResultRow];
    args[i + 1] = bindValue(BINDS[i] ?? Bind.Plain, column[index]);
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
