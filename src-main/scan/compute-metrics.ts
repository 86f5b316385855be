import type { ScanFilters } from '../../src-preload/contract/domains/scans';
import type { PremiumSource, ResultBatch } from '../storage/result-row';
import { filterReason } from './filters';
import { computeOptionMetrics } from './metrics';
import type { QuoteColumns } from './quote-batch';

export interface ComputeMetricsInput {
  readonly quotes: QuoteColumns;
  readonly filters: ScanFilters;
  readonly rate: number;
}

/**
 * Metrics and filter verdicts for a batch of quotes, column in, column out. Pure: it runs in a
 * pool thread that may be killed at any moment (a cancelled scan), so it holds nothing else.
 */
export function computeMetricsBatch({ quotes, filters, rate }: ComputeMetricsInput): ResultBatch {
  const n = quotes.length;
  const column = (): Float64Array => new Float64Array(n);
  const out = {
    premium: column(),
    otmPct: column(),
    yieldPct: column(),
    annualizedYieldPct: column(),
    breakeven: column(),
    premiumPerLot: column(),
    spreadPct: column(),
    iv: column(),
    delta: column(),
  };
  const premiumSource: PremiumSource[] = new Array<PremiumSource>(n);
  const passesFilters = new Uint8Array(n);
  const reasons: (string | null)[] = new Array<string | null>(n);
  for (let row = 0; row < n; row++) {
    const optionType = quotes.optionType[row] ?? 'CE';
    const bid = quotes.bid[row] ?? Number.NaN;
    const metrics = computeOptionMetrics(
      {
        optionType,
        spot: quotes.spot[row] ?? Number.NaN,
        strike: quotes.strike[row] ?? Number.NaN,
        lotSize: quotes.lotSize[row] ?? 0,
        daysToExpiry: quotes.daysToExpiry[row] ?? 1,
        bid,
        ask: quotes.ask[row] ?? Number.NaN,
        lastPrice: quotes.lastPrice[row] ?? Number.NaN,
      },
      rate,
    );
    out.premium[row] = metrics.premium;
    out.otmPct[row] = metrics.otmPct;
    out.yieldPct[row] = metrics.yieldPct;
    out.annualizedYieldPct[row] = metrics.annualizedYieldPct;
    out.breakeven[row] = metrics.breakeven;
    out.premiumPerLot[row] = metrics.premiumPerLot;
    out.spreadPct[row] = metrics.spreadPct;
    out.iv[row] = metrics.iv;
    out.delta[row] = metrics.delta;
    premiumSource[row] = metrics.premiumSource;
    const reason = filterReason(
      metrics,
      { optionType, bid, oi: quotes.oi[row] ?? 0, volume: quotes.volume[row] ?? 0 },
      filters,
    );
    reasons[row] = reason;
    passesFilters[row] = reason === null ? 1 : 0;
  }
  return {
    length: n,
    underlying: quotes.underlying,
    tradingsymbol: quotes.tradingsymbol,
    instrumentToken: quotes.instrumentToken,
    exchange: quotes.exchange,
    optionType: quotes.optionType,
    strike: quotes.strike,
    expiry: quotes.expiry,
    lotSize: quotes.lotSize,
    daysToExpiry: quotes.daysToExpiry,
    spot: quotes.spot,
    bid: quotes.bid,
    ask: quotes.ask,
    lastPrice: quotes.lastPrice,
    premiumSource,
    volume: quotes.volume,
    oi: quotes.oi,
    ...out,
    passesFilters,
    filterReason: reasons,
    quoteTime: quotes.quoteTime,
  };
}

/** Every ArrayBuffer of a result batch, for the transfer list back to main. */
export function resultTransferList(batch: ResultBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
