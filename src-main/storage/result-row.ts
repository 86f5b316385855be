import {
  RESULT_RANGE_COLUMNS as CONTRACT_RANGE_COLUMNS,
  RESULT_SORT_COLUMNS as CONTRACT_SORT_COLUMNS,
} from '../../src-preload/contract/domains/runs';
/**
 * One option row of a scan as the scan engine produces it and storage keeps it. Metrics follow
 * DESIGN.md §5. Prices are in rupees, percentages are percent (12.5 means 12.5 %), `iv` is the
 * annualized implied volatility in percent, `delta` is unitless (−1 … 1), quantities (lot size,
 * volume, open interest) are in units of the underlying as Kite reports them.
 */
export type OptionType = 'CE' | 'PE';
/** Where `premium` came from: mid of bid/ask, last traded price, or no usable price. */
export type PremiumSource = 'mid' | 'last' | 'none';

export interface ResultRow {
  readonly underlying: string;
  readonly tradingsymbol: string;
  readonly instrumentToken: number;
  readonly exchange: string;
  readonly optionType: OptionType;
  readonly strike: number;
  /** YYYY-MM-DD */
  readonly expiry: string;
  readonly lotSize: number;
  readonly daysToExpiry: number;
  readonly spot: number;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly lastPrice: number | null;
  readonly premium: number | null;
  readonly premiumSource: PremiumSource;
  readonly volume: number;
  readonly oi: number;
  readonly otmPct: number;
  readonly yieldPct: number | null;
  readonly annualizedYieldPct: number | null;
  readonly breakeven: number | null;
  readonly premiumPerLot: number | null;
  readonly spreadPct: number | null;
  readonly iv: number | null;
  readonly delta: number | null;
  readonly passesFilters: boolean;
  readonly filterReason: string | null;
  /** ISO 8601 time of the quote the row was computed from. */
  readonly quoteTime: string | null;
}

/**
 * The same rows by column, as pool tasks produce them (typed arrays cross threads cheaply, and
 * can be transferred). In the Float64Array columns of nullable metrics NaN means "no value".
 * Every column holds at least `length` entries; entries past `length` are ignored.
 */
export interface ResultBatch {
  readonly length: number;
  readonly underlying: readonly string[];
  readonly tradingsymbol: readonly string[];
  /** Float64Array: Kite tokens can exceed 2^31. */
  readonly instrumentToken: Float64Array;
  readonly exchange: readonly string[];
  readonly optionType: readonly OptionType[];
  readonly strike: Float64Array;
  readonly expiry: readonly string[];
  readonly lotSize: Int32Array;
  readonly daysToExpiry: Float64Array;
  readonly spot: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly lastPrice: Float64Array;
  readonly premium: Float64Array;
  readonly premiumSource: readonly PremiumSource[];
  /** Float64Array: index option volumes exceed 2^31 units. */
  readonly volume: Float64Array;
  readonly oi: Float64Array;
  readonly otmPct: Float64Array;
  readonly yieldPct: Float64Array;
  readonly annualizedYieldPct: Float64Array;
  readonly breakeven: Float64Array;
  readonly premiumPerLot: Float64Array;
  readonly spreadPct: Float64Array;
  readonly iv: Float64Array;
  readonly delta: Float64Array;
  /** 1 = passes the run's filters, 0 = filtered out (see filterReason). */
  readonly passesFilters: Uint8Array;
  readonly filterReason: readonly (string | null)[];
  readonly quoteTime: readonly (string | null)[];
}

/** What appendResults accepts. */
export type ResultBatchInput = readonly ResultRow[] | ResultBatch;

export function isColumnar(input: ResultBatchInput): input is ResultBatch {
  return !Array.isArray(input);
}

type ColumnKind = 'text' | 'integer' | 'real' | 'boolean';

export interface ResultColumn {
  readonly key: keyof ResultRow;
  readonly column: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** Shown in export headers: `strike (₹)`. */
  readonly unit: '₹' | '%' | 'days' | 'qty' | null;
}

const col = (
  key: keyof ResultRow,
  column: string,
  kind: ColumnKind,
  nullable: boolean,
  unit: ResultColumn['unit'] = null,
): ResultColumn => ({ key, column, kind, nullable, unit });

/**
 * The stable column order: database inserts, reads and exports all follow it. Append new
 * columns at the end (exports are read by spreadsheets that address columns by position).
 */
export const RESULT_COLUMNS: readonly ResultColumn[] = [
  col('underlying', 'underlying', 'text', false),
  col('tradingsymbol', 'tradingsymbol', 'text', false),
  col('instrumentToken', 'instrument_token', 'integer', false),
  col('exchange', 'exchange', 'text', false),
  col('optionType', 'option_type', 'text', false),
  col('strike', 'strike', 'real', false, '₹'),
  col('expiry', 'expiry', 'text', false),
  col('lotSize', 'lot_size', 'integer', false, 'qty'),
  col('daysToExpiry', 'days_to_expiry', 'real', false, 'days'),
  col('spot', 'spot', 'real', false, '₹'),
  col('bid', 'bid', 'real', true, '₹'),
  col('ask', 'ask', 'real', true, '₹'),
  col('lastPrice', 'last_price', 'real', true, '₹'),
  col('premium', 'premium', 'real', true, '₹'),
  col('premiumSource', 'premium_source', 'text', false),
  col('volume', 'volume', 'integer', false, 'qty'),
  col('oi', 'oi', 'integer', false, 'qty'),
  col('otmPct', 'otm_pct', 'real', false, '%'),
  col('yieldPct', 'yield_pct', 'real', true, '%'),
  col('annualizedYieldPct', 'annualized_yield_pct', 'real', true, '%'),
  col('breakeven', 'breakeven', 'real', true, '₹'),
  col('premiumPerLot', 'premium_per_lot', 'real', true, '₹'),
  col('spreadPct', 'spread_pct', 'real', true, '%'),
  col('iv', 'iv', 'real', true, '%'),
  col('delta', 'delta', 'real', true),
  col('passesFilters', 'passes_filters', 'boolean', false),
  col('filterReason', 'filter_reason', 'text', true),
  col('quoteTime', 'quote_time', 'text', true),
];

/** The contract's sortable and range columns, checked here to be columns of a result row. */
export const RESULT_SORT_COLUMNS = CONTRACT_SORT_COLUMNS satisfies readonly (keyof ResultRow)[];
export type { ResultSortColumn, ResultRangeColumn } from '../../src-preload/contract/domains/runs';
export const RESULT_RANGE_COLUMNS = CONTRACT_RANGE_COLUMNS satisfies readonly (keyof ResultRow)[];

export function columnOf(key: keyof ResultRow): ResultColumn {
  const found = RESULT_COLUMNS.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`result column ${key} is not defined`);
  return found;
}

/**
 * The columns of a columnar batch that must hold `length` entries; checked before the batch
 * leaves main so a short column fails where it was made, not inside a transaction.
 */
export function assertBatchShape(batch: ResultBatch): void {
  if (!Number.isInteger(batch.length) || batch.length < 0) {
    throw new Error(`result batch length ${batch.length} is not a count`);
  }
  for (const { key } of RESULT_COLUMNS) {
    const values = batch[key];
    if (values.length < batch.length) {
      throw new Error(
        `result batch column ${key} has ${values.length} values, expected ${batch.length}`,
      );
    }
  }
}

/** Rough bytes a batch occupies in flight, for back-pressure (not an exact accounting). */
export function estimateBatchBytes(input: ResultBatchInput): number {
  const rows = input.length;
  // ~19 numbers × 8 bytes + ~8 short strings × ~24 bytes, plus per-row object overhead for rows.
  return rows * (isColumnar(input) ? 360 : 520);
}

/** Typed arrays a columnar batch can hand over to the writer thread without copying. */
export function transferablesOf(batch: ResultBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
