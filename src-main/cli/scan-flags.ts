import { UserFacingError } from '../domain/errors';
import {
  PREMIUM_BASES,
  RANK_METRICS,
  type ScanFiltersInput,
  type ScanModelInput,
} from '../../src-preload/contract/domains/scans';

/** parseArgs options shared by `premia scan` and `premia demo`. */
export const FILTER_OPTIONS = {
  type: { type: 'string' },
  'otm-min': { type: 'string' },
  'otm-max': { type: 'string' },
  'min-yield': { type: 'string' },
  'min-annual-yield': { type: 'string' },
  'max-delta': { type: 'string' },
  'min-oi': { type: 'string' },
  'min-oi-lots': { type: 'string' },
  'min-volume': { type: 'string' },
  'max-spread': { type: 'string' },
  'min-bid': { type: 'string' },
  top: { type: 'string' },
  'rank-by': { type: 'string' },
  basis: { type: 'string' },
  rate: { type: 'string' },
  'min-trading-days': { type: 'string' },
} as const;

export const FILTER_USAGE =
  '[--type CE|PE|both] [--otm-min %] [--otm-max %] [--min-yield %] [--min-annual-yield %] [--max-delta D] [--min-oi N] [--min-oi-lots N] [--min-volume N] [--max-spread %] [--min-bid ₹] [--top N --rank-by METRIC] [--basis bid|mid|last] [--rate %] [--min-trading-days N]';

function number(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new UserFacingError('BAD_INPUT', `${flag} needs a number, not "${raw}".`);
  }
  return value;
}

/** Turns command-line filter flags into the scan's filter input (the contract schema checks ranges). */
export function filtersFromFlags(
  values: Partial<Record<keyof typeof FILTER_OPTIONS, string>>,
): ScanFiltersInput {
  const filters: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) filters[key] = value;
  };
  if (values.type !== undefined) {
    const type = values.type.toUpperCase() === 'BOTH' ? 'both' : values.type.toUpperCase();
    if (type !== 'CE' && type !== 'PE' && type !== 'both') {
      throw new UserFacingError('BAD_INPUT', `--type is CE, PE or both, not "${values.type}".`);
    }
    filters.optionType = type;
  }
  set('otmPctMin', number(values['otm-min'], '--otm-min'));
  set('otmPctMax', number(values['otm-max'], '--otm-max'));
  set('minYieldPct', number(values['min-yield'], '--min-yield'));
  set('minAnnualizedYieldPct', number(values['min-annual-yield'], '--min-annual-yield'));
  set('maxAbsDelta', number(values['max-delta'], '--max-delta'));
  set('minOi', number(values['min-oi'], '--min-oi'));
  set('minOiLots', number(values['min-oi-lots'], '--min-oi-lots'));
  set('minVolume', number(values['min-volume'], '--min-volume'));
  set('maxSpreadPct', number(values['max-spread'], '--max-spread'));
  set('minBid', number(values['min-bid'], '--min-bid'));
  const top = number(values.top, '--top');
  if (top !== undefined) {
    const metric = values['rank-by'] ?? 'annualizedRomPct';
    if (!(RANK_METRICS as readonly string[]).includes(metric)) {
      throw new UserFacingError('BAD_INPUT', `--rank-by is one of ${RANK_METRICS.join(', ')}.`);
    }
    filters.topNPerUnderlying = { n: top, metric };
  }
  return filters as ScanFiltersInput;
}

/** --basis, --rate (percent) and --min-trading-days; unset ones come from the profile. */
export function modelFromFlags(
  values: Partial<Record<keyof typeof FILTER_OPTIONS, string>>,
): ScanModelInput {
  const basis = values.basis;
  if (basis !== undefined && !(PREMIUM_BASES as readonly string[]).includes(basis)) {
    throw new UserFacingError(
      'BAD_INPUT',
      `--basis is ${PREMIUM_BASES.join(', ')}, not "${basis}".`,
    );
  }
  const rate = number(values.rate, '--rate');
  const days = number(values['min-trading-days'], '--min-trading-days');
  return {
    ...(basis === undefined ? {} : { basis: basis as (typeof PREMIUM_BASES)[number] }),
    ...(rate === undefined ? {} : { rate: rate / 100 }),
    ...(days === undefined ? {} : { minTradingDays: days }),
  };
}
