import type { Quote } from '../market/broker';

/**
 * F for Black-76: the same-expiry future's price, quoted in the same batch as the options
 * (the mid of a two-sided book, else its last trade). Where no future is listed or quoted, the
 * cost-of-carry forward S·e^{rT}, flagged `carry` on the row: it ignores dividends and borrow,
 * which the future's price would have carried.
 */
export function forwardOf(
  future: Quote | undefined,
  spot: number,
  rate: number,
  daysToExpiry: number,
): { price: number; source: 'future' | 'carry' } {
  if (future !== undefined) {
    const bid = future.bestBid?.price ?? 0;
    const ask = future.bestAsk?.price ?? 0;
    if (bid > 0 && ask >= bid) return { price: (bid + ask) / 2, source: 'future' };
    if (future.lastPrice > 0) return { price: future.lastPrice, source: 'future' };
  }
  const years = Math.max(0, daysToExpiry) / 365;
  return { price: spot * Math.exp(rate * years), source: 'carry' };
}
