import type { ResultBatch, ResultRow } from '../storage/result-row';

const orNull = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : value;

/** The rows of a columnar batch as objects (for ranking a chain; the fast path stays columnar). */
export function resultRowsOf(batch: ResultBatch): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let i = 0; i < batch.length; i++) {
    rows.push({
      underlying: batch.underlying[i] ?? '',
      tradingsymbol: batch.tradingsymbol[i] ?? '',
      instrumentToken: batch.instrumentToken[i] ?? 0,
      exchange: batch.exchange[i] ?? '',
      optionType: batch.optionType[i] ?? 'CE',
      strike: batch.strike[i] ?? 0,
      expiry: batch.expiry[i] ?? '',
      lotSize: batch.lotSize[i] ?? 0,
      daysToExpiry: batch.daysToExpiry[i] ?? 0,
      spot: batch.spot[i] ?? 0,
      bid: orNull(batch.bid[i]),
      ask: orNull(batch.ask[i]),
      lastPrice: orNull(batch.lastPrice[i]),
      premium: orNull(batch.premium[i]),
      premiumSource: batch.premiumSource[i] ?? 'none',
      volume: batch.volume[i] ?? 0,
      oi: batch.oi[i] ?? 0,
      otmPct: batch.otmPct[i] ?? 0,
      yieldPct: orNull(batch.yieldPct[i]),
      annualizedYieldPct: orNull(batch.annualizedYieldPct[i]),
      breakeven: orNull(batch.breakeven[i]),
      premiumPerLot: orNull(batch.premiumPerLot[i]),
      spreadPct: orNull(batch.spreadPct[i]),
      iv: orNull(batch.iv[i]),
      delta: orNull(batch.delta[i]),
      passesFilters: batch.passesFilters[i] === 1,
      filterReason: batch.filterReason[i] ?? null,
      quoteTime: batch.quoteTime[i] ?? null,
    });
  }
  return rows;
}
