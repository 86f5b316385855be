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

/** The quote's text columns (symbols, expiry, times): arrays of strings, cloned on every crossing. */
const QUOTE_TEXT_KEYS: ReadonlySet<string> = new Set(
  QUOTE_FIELDS.filter((spec) => spec.kind !== 'int' && spec.kind !== 'real').map(
    (spec) => spec.key,
  ),
);

/**
 * A computed batch without the quote's text columns, for the trip back from a pool thread: the
 * caller sent them and still holds them (text arrays are cloned, not transferred), so cloning
 * them back would only make a second copy of every string for main to collect.
 */
export function withoutQuoteTexts(batch: ResultBatch): Record<string, unknown> {
  return Object.fromEntries(Object.entries(batch).filter(([key]) => !QUOTE_TEXT_KEYS.has(key)));
}

/** The batch a pool thread computed, made whole again with the text columns main sent it. */
export function withQuoteTexts(
  computed: Record<string, unknown>,
  quotes: QuoteColumns,
): ResultBatch {
  const batch: Record<string, unknown> = { ...computed };
  for (const key of QUOTE_TEXT_KEYS) batch[key] = quotes[key as keyof QuoteColumns];
  // Every other column came back from the pool thread, which computed a whole ResultBatch.
  return batch as ResultBatch;
}
