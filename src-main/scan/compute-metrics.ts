import type { ScanFilters } from '../../src-preload/contract/domains/scans';
import {
  fieldsOf,
  type OptionMetrics,
  type ResultBatch,
} from '../../src-preload/contract/records/result-columns';
import { filterReason } from './filters';
import { computeOptionMetrics, type PremiumBasis } from './metrics';
import type { QuoteColumns } from './quote-batch';

export interface ComputeMetricsInput {
  readonly quotes: QuoteColumns;
  readonly filters: ScanFilters;
  readonly rate: number;
  readonly basis: PremiumBasis;
}

const METRIC_FIELDS = fieldsOf('metric');
const MARGIN_FIELDS = fieldsOf('margin');
type MetricKey = keyof OptionMetrics;

/** Empty columns for `fields`, in the batch layout (NaN-filled numbers: "no value yet"). */
function allocate(
  fields: ReturnType<typeof fieldsOf>,
  n: number,
): Record<string, Float64Array | Uint8Array | unknown[]> {
  const out: Record<string, Float64Array | Uint8Array | unknown[]> = {};
  for (const spec of fields) {
    out[spec.key] =
      spec.kind === 'bool'
        ? new Uint8Array(n)
        : spec.kind === 'int' || spec.kind === 'real'
          ? new Float64Array(n).fill(Number.NaN)
          : new Array<unknown>(n).fill(null);
  }
  return out;
}

/**
 * Metrics and filter verdicts for a batch of quotes, column in, column out. Pure: it runs in a
 * pool thread that may be killed at any moment (a cancelled scan), so it holds nothing else.
 * Margin columns are left empty (NaN): the orchestrator fills them for passing rows.
 */
export function computeMetricsBatch({
  quotes,
  filters,
  rate,
  basis,
}: ComputeMetricsInput): ResultBatch {
  const n = quotes.length;
  const out = allocate(METRIC_FIELDS, n);
  const passesFilters = new Uint8Array(n);
  const reasons: (string | null)[] = new Array<string | null>(n);
  for (let row = 0; row < n; row++) {
    const optionType = quotes.optionType[row] ?? 'CE';
    const at = (column: Float64Array): number => column[row] ?? Number.NaN;
    const metrics = computeOptionMetrics(
      {
        optionType,
        spot: at(quotes.spot),
        forward: at(quotes.forward),
        strike: at(quotes.strike),
        lotSize: at(quotes.lotSize),
        daysToExpiry: at(quotes.daysToExpiry),
        bid: at(quotes.bid),
        ask: at(quotes.ask),
        lastPrice: at(quotes.lastPrice),
        closePrice: at(quotes.closePrice),
        volume: at(quotes.volume),
        oi: at(quotes.oi),
      },
      rate,
      basis,
    );
    for (const spec of METRIC_FIELDS) {
      const value = metrics[spec.key as MetricKey];
      const column = out[spec.key];
      if (column instanceof Uint8Array) column[row] = value === true ? 1 : 0;
      else if (column !== undefined) column[row] = value;
    }
    const reason = filterReason(
      metrics,
      { optionType, bid: at(quotes.bid), oi: at(quotes.oi), volume: at(quotes.volume) },
      filters,
    );
    reasons[row] = reason;
    passesFilters[row] = reason === null ? 1 : 0;
  }
  // The close only priced stale rows; it is not a stored column.
  const quoted: Record<string, unknown> = { ...quotes };
  delete quoted.closePrice;
  // Every field of RESULT_FIELDS: the quote's own, the metrics, the filter verdicts and empty
  // margin columns, each allocated in its declared layout above.
  return {
    ...quoted,
    ...out,
    ...allocate(MARGIN_FIELDS, n),
    passesFilters,
    filterReason: reasons,
  } as unknown as ResultBatch;
}

/** Every ArrayBuffer of a result batch, for the transfer list back to main. */
export function resultTransferList(batch: ResultBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
