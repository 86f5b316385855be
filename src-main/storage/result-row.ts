/**
 * Storage's view of the result row declared once in the contract
 * (src-preload/contract/records/result-columns.ts): the SQL column list, the columnar layout and
 * the conversions between rows, batches and bind values, all derived from RESULT_FIELDS.
 */
import {
  RESULT_FIELDS,
  RESULT_RANGE_COLUMNS as CONTRACT_RANGE_COLUMNS,
  RESULT_SORT_COLUMNS as CONTRACT_SORT_COLUMNS,
  NO_FLAG,
  type FieldSpec,
  type ResultBatch,
  type ResultKey,
  type ResultRow,
} from '../../src-preload/contract/records/result-columns';

export type {
  OptionType,
  PremiumSource,
  ResultBatch,
  ResultRow,
  ResultKey,
  ResultRangeColumn,
  ResultSortColumn,
} from '../../src-preload/contract/records/result-columns';

/** What appendResults accepts. */
export type ResultBatchInput = readonly ResultRow[] | ResultBatch;

export function isColumnar(input: ResultBatchInput): input is ResultBatch {
  return !Array.isArray(input);
}

export type ResultColumn = FieldSpec<ResultKey>;

/** The stable column order: database inserts, reads and exports all follow it. */
export const RESULT_COLUMNS: readonly ResultColumn[] = RESULT_FIELDS;

export const RESULT_SORT_COLUMNS = CONTRACT_SORT_COLUMNS;
export const RESULT_RANGE_COLUMNS = CONTRACT_RANGE_COLUMNS;

export function columnOf(key: ResultKey): ResultColumn {
  const found = RESULT_COLUMNS.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`result column ${key} is not defined`);
  return found;
}

const isNumber = (column: ResultColumn): boolean => column.kind === 'int' || column.kind === 'real';

/** NaN and ±Infinity are "no value": a metric that could not be computed is stored as NULL. */
function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A column's entries as the layout stores them (see ResultBatch). */
type AnyColumn = ArrayLike<unknown>;
const columnIn = (batch: ResultBatch, key: ResultKey): AnyColumn => batch[key];

/**
 * The columns of a columnar batch that must hold `length` entries; checked before the batch
 * leaves main so a short column fails where it was made, not inside a transaction.
 */
export function assertBatchShape(batch: ResultBatch): void {
  if (!Number.isInteger(batch.length) || batch.length < 0) {
    throw new Error(`result batch length ${batch.length} is not a count`);
  }
  for (const { key } of RESULT_COLUMNS) {
    const values = columnIn(batch, key) as AnyColumn | undefined;
    if (values === undefined || values.length < batch.length) {
      throw new Error(
        `result batch column ${key} has ${values?.length ?? 0} values, expected ${batch.length}`,
      );
    }
  }
}

/** One row's value of `column` from a batch, as the row type holds it (null for no value). */
function cellOf(batch: ResultBatch, column: ResultColumn, index: number): unknown {
  const value = columnIn(batch, column.key)[index];
  if (column.kind === 'bool') return value === NO_FLAG && column.nullable ? null : value === 1;
  if (isNumber(column)) {
    const number = finiteOrNull(value);
    // A non-nullable number that is missing would break the row type: 0 is what it held before.
    return number === null && !column.nullable ? 0 : number;
  }
  return value ?? null;
}

/** The rows of a columnar batch as objects (for ranking a chain; the fast path stays columnar). */
export function resultRowsOf(batch: ResultBatch): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let index = 0; index < batch.length; index++) {
    const row: Record<string, unknown> = {};
    for (const column of RESULT_COLUMNS) row[column.key] = cellOf(batch, column, index);
    // Built key by key from RESULT_COLUMNS, which ResultRow mirrors (result-columns.ts).
    rows.push(row as ResultRow);
  }
  return rows;
}

/** Rows as a columnar batch (NaN for missing numbers). */
export function batchOfRows(rows: readonly ResultRow[]): ResultBatch {
  const batch: Record<string, unknown> = { length: rows.length };
  for (const column of RESULT_COLUMNS) {
    const key = column.key;
    if (column.kind === 'bool')
      batch[key] = Uint8Array.from(rows, (row) => (row[key] === null ? NO_FLAG : row[key] ? 1 : 0));
    else if (isNumber(column))
      batch[key] = Float64Array.from(rows, (row) => finiteOrNull(row[key]) ?? Number.NaN);
    else batch[key] = rows.map((row) => row[key]);
  }
  return batch as ResultBatch;
}

/** Rough bytes a batch occupies in flight, for back-pressure (not an exact accounting). */
export function estimateBatchBytes(input: ResultBatchInput): number {
  const numbers = RESULT_COLUMNS.filter(isNumber).length;
  const texts = RESULT_COLUMNS.length - numbers;
  // 8 bytes a number + ~24 bytes a short string, plus per-row object overhead for rows.
  const perRow = numbers * 8 + texts * 24;
  return input.length * (isColumnar(input) ? perRow : perRow * 1.5);
}

/** Typed arrays a columnar batch can hand over to the writer thread without copying. */
export function transferablesOf(batch: ResultBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
