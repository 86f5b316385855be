import { ScanFiltersSchema, type ScanFilters } from '../../src-preload/contract';
import { formatInr, formatNumber } from '../format';

const SIDES: Readonly<Record<ScanFilters['optionType'], string>> = {
  both: 'calls and puts',
  CE: 'calls only',
  PE: 'puts only',
};

const pct = (value: number): string => `${formatNumber(value, 2)} %`;

/**
 * A run's filters in a trader's words, shortest first: "calls and puts · OTM ≥ 0 % · spread ≤
 * 25 % · bid ≥ ₹0.05". Filters left open are not mentioned. Unknown shapes (an older run)
 * fall back to nothing rather than guessing.
 */
export function describeFilters(stored: Readonly<Record<string, unknown>>): string {
  const parsed = ScanFiltersSchema.safeParse(stored);
  if (!parsed.success) return '';
  const f = parsed.data;
  const parts: string[] = [SIDES[f.optionType]];
  if (f.otmPctMin !== null && f.otmPctMax !== null) {
    parts.push(`OTM ${pct(f.otmPctMin)} to ${pct(f.otmPctMax)}`);
  } else if (f.otmPctMin !== null) parts.push(`OTM ≥ ${pct(f.otmPctMin)}`);
  else if (f.otmPctMax !== null) parts.push(`OTM ≤ ${pct(f.otmPctMax)}`);
  if (f.minYieldPct !== null) parts.push(`yield ≥ ${pct(f.minYieldPct)}`);
  if (f.minAnnualizedYieldPct !== null) parts.push(`annualized ≥ ${pct(f.minAnnualizedYieldPct)}`);
  if (f.maxAbsDelta !== null) parts.push(`|delta| ≤ ${formatNumber(f.maxAbsDelta, 2)}`);
  if (f.maxSpreadPct !== null) parts.push(`spread ≤ ${pct(f.maxSpreadPct)}`);
  if (f.minBid !== null) parts.push(`bid ≥ ${formatInr(f.minBid)}`);
  if (f.minOi !== null) parts.push(`OI ≥ ${formatNumber(f.minOi)}`);
  if (f.minOiLots !== null) parts.push(`OI ≥ ${formatNumber(f.minOiLots)} lots`);
  if (f.minVolume !== null) parts.push(`volume ≥ ${formatNumber(f.minVolume)}`);
  if (f.topNPerUnderlying !== null) parts.push(`best ${f.topNPerUnderlying.n} per underlying`);
  return parts.join(' · ');
}

/** How a run chose its expiry: a date asked for, or the rule that picked one per underlying. */
export function expiryRule(expiry: string | null): string {
  if (expiry === 'nearest') return 'nearest monthly';
  if (expiry === 'nearest-weekly') return 'nearest weekly or monthly';
  return 'chosen date';
}
