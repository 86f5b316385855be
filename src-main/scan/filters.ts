import type { ScanFilters } from '../../src-preload/contract/domains/scans';
import type { OptionMetrics, OptionType } from '../../src-preload/contract/records/result-columns';

/** The quote fields the filters read besides the metrics. */
export interface FilterableQuote {
  readonly optionType: OptionType;
  readonly bid: number;
  readonly oi: number;
  readonly volume: number;
}

const pct = (value: number): string => `${value.toFixed(2)}%`;

/** "28.7 % in the money", "1.2 % out of the money", "at the money": a negative OTM % reads wrong. */
export function moneyness(otmPct: number): string {
  const size = `${Math.abs(otmPct).toFixed(1)} %`;
  if (size === '0.0 %') return 'at the money';
  return otmPct < 0 ? `${size} in the money` : `${size} out of the money`;
}

/** The OTM bound as a trader says it: "at least 2.0 % out of the money". */
function otmBound(kind: 'at least' | 'at most', bound: number): string {
  return bound === 0 && kind === 'at least'
    ? 'the scan keeps out-of-the-money strikes only'
    : `the scan keeps ${kind} ${moneyness(bound)}`;
}

/**
 * The first filter a row fails, as a sentence a trader reads in the "why not" column, or null when
 * the row passes. (Top N per underlying is applied afterwards, across a whole chain.) A stale row
 * (empty book: after the close) has no bid or spread to judge, so those two checks apply to
 * live books only; its premium is the last trade or close, and the row says so.
 */
export function filterReason(
  row: OptionMetrics,
  quote: FilterableQuote,
  filters: ScanFilters,
): string | null {
  if (filters.optionType !== 'both' && quote.optionType !== filters.optionType) {
    return `${quote.optionType} excluded (scan keeps ${filters.optionType} only)`;
  }
  if (row.premiumSource === 'none') return 'no bid, offer or trade to price it';
  if (filters.otmPctMin !== null && row.otmPct < filters.otmPctMin) {
    return `${moneyness(row.otmPct)}; ${otmBound('at least', filters.otmPctMin)}`;
  }
  if (filters.otmPctMax !== null && row.otmPct > filters.otmPctMax) {
    return `${moneyness(row.otmPct)}; ${otmBound('at most', filters.otmPctMax)}`;
  }
  if (filters.minBid !== null && row.stale && !(row.premium >= filters.minBid)) {
    return `premium ₹${row.premium.toFixed(2)} below the minimum ₹${filters.minBid.toFixed(2)}`;
  }
  if (filters.minBid !== null && !row.stale && !(quote.bid >= filters.minBid)) {
    return Number.isFinite(quote.bid) && quote.bid > 0
      ? `bid ₹${quote.bid.toFixed(2)} below the minimum ₹${filters.minBid.toFixed(2)}`
      : 'nobody is bidding';
  }
  if (filters.maxSpreadPct !== null && !row.stale && !(row.spreadPct <= filters.maxSpreadPct)) {
    return Number.isFinite(row.spreadPct)
      ? `spread ${pct(row.spreadPct)} wider than ${pct(filters.maxSpreadPct)}`
      : 'no two-sided market to measure the spread';
  }
  if (filters.minYieldPct !== null && !(row.yieldPct >= filters.minYieldPct)) {
    return `yield ${pct(row.yieldPct)} below the minimum ${pct(filters.minYieldPct)}`;
  }
  if (
    filters.minAnnualizedYieldPct !== null &&
    !(row.annualizedYieldPct >= filters.minAnnualizedYieldPct)
  ) {
    return `annualized yield ${pct(row.annualizedYieldPct)} below the minimum ${pct(filters.minAnnualizedYieldPct)}`;
  }
  if (filters.maxAbsDelta !== null && !(Math.abs(row.delta) <= filters.maxAbsDelta)) {
    return Number.isFinite(row.delta)
      ? `|delta| ${Math.abs(row.delta).toFixed(2)} above the maximum ${filters.maxAbsDelta.toFixed(2)}`
      : 'delta unknown (no implied volatility fits the premium)';
  }
  if (filters.minOi !== null && quote.oi < filters.minOi)
    return `open interest ${quote.oi} below the minimum ${filters.minOi}`;
  if (filters.minOiLots !== null && !(row.oiLots >= filters.minOiLots)) {
    return `open interest ${Number.isFinite(row.oiLots) ? row.oiLots.toFixed(0) : '?'} lots below the minimum ${filters.minOiLots} lots`;
  }
  if (filters.minVolume !== null && quote.volume < filters.minVolume) {
    return `volume ${quote.volume} below the minimum ${filters.minVolume}`;
  }
  return null;
}
