import type { OptionType } from '../storage/result-row';

/**
 * One batch of option quotes, by column, as the orchestrator hands it to the pool. Numeric columns
 * are typed arrays (transferred to the worker, not copied); NaN marks a missing bid/ask/trade.
 */
export interface QuoteColumns {
  readonly length: number;
  readonly underlying: readonly string[];
  readonly tradingsymbol: readonly string[];
  readonly exchange: readonly string[];
  readonly optionType: readonly OptionType[];
  /** YYYY-MM-DD */
  readonly expiry: readonly string[];
  readonly quoteTime: readonly (string | null)[];
  readonly instrumentToken: Float64Array;
  readonly strike: Float64Array;
  readonly lotSize: Int32Array;
  readonly daysToExpiry: Float64Array;
  readonly spot: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly lastPrice: Float64Array;
  readonly volume: Float64Array;
  readonly oi: Float64Array;
}

export type QuoteRow = {
  readonly [K in keyof Omit<QuoteColumns, 'length'>]: QuoteColumns[K] extends readonly (infer E)[]
    ? E
    : number;
};

/** Builds columns from rows (the orchestrator collects rows per fetched quote batch). */
export function quoteColumns(rows: readonly QuoteRow[]): QuoteColumns {
  const length = rows.length;
  const numbers = (pick: (row: QuoteRow) => number): Float64Array => Float64Array.from(rows, pick);
  return {
    length,
    underlying: rows.map((row) => row.underlying),
    tradingsymbol: rows.map((row) => row.tradingsymbol),
    exchange: rows.map((row) => row.exchange),
    optionType: rows.map((row) => row.optionType),
    expiry: rows.map((row) => row.expiry),
    quoteTime: rows.map((row) => row.quoteTime),
    instrumentToken: numbers((row) => row.instrumentToken),
    strike: numbers((row) => row.strike),
    lotSize: Int32Array.from(rows, (row) => row.lotSize),
    daysToExpiry: numbers((row) => row.daysToExpiry),
    spot: numbers((row) => row.spot),
    bid: numbers((row) => row.bid),
    ask: numbers((row) => row.ask),
    lastPrice: numbers((row) => row.lastPrice),
    volume: numbers((row) => row.volume),
    oi: numbers((row) => row.oi),
  };
}

export function quoteTransferList(columns: QuoteColumns): ArrayBuffer[] {
  const arrays = [
    columns.instrumentToken,
    columns.strike,
    columns.lotSize,
    columns.daysToExpiry,
    columns.spot,
    columns.bid,
    columns.ask,
    columns.lastPrice,
    columns.volume,
    columns.oi,
  ];
  return arrays
    .map((array) => array.buffer)
    .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
