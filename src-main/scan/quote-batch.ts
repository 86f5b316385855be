import {
  RESULT_FIELDS,
  type ResultBatch,
  type ResultKeyOf,
  type ResultRow,
} from '../../src-preload/contract/records/result-columns';

type QuoteKey = ResultKeyOf<'quote'>;

/**
 * One batch of option quotes, by column, as the orchestrator hands it to the pool: the result
 * row's `quote` fields in their columnar layout, plus the inputs that are not stored. Numeric
 * columns are typed arrays (transferred to the worker, not copied); NaN marks a missing price.
 */
export type QuoteColumns = Pick<ResultBatch, 'length' | QuoteKey> & {
  /** The previous session's close (Kite's ohlc.close): the premium of last resort. */
  readonly closePrice: Float64Array;
};

/** One option's quote as a row (missing prices are NaN, not null). */
export type QuoteRow = {
  readonly [K in QuoteKey]: ResultRow[K] extends number | null ? number : ResultRow[K];
} & { readonly closePrice: number };

const QUOTE_FIELDS = RESULT_FIELDS.filter((spec) => spec.origin === 'quote');

/** Builds columns from rows (the orchestrator collects rows per fetched quote batch). */
export function quoteColumns(rows: readonly QuoteRow[]): QuoteColumns {
  const columns: Record<string, unknown> = {
    length: rows.length,
    closePrice: Float64Array.from(rows, (row) => row.closePrice),
  };
  for (const spec of QUOTE_FIELDS) {
    const key = spec.key as QuoteKey;
    columns[key] =
      spec.kind === 'int' || spec.kind === 'real'
        ? Float64Array.from(rows, (row) => {
            const value = row[key];
            return typeof value === 'number' ? value : Number.NaN;
          })
        : rows.map((row) => row[key]);
  }
  // Built key by key from the `quote` fields of RESULT_FIELDS, which QuoteColumns mirrors.
  return columns as QuoteColumns;
}

export function quoteTransferList(columns: QuoteColumns): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(columns)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
