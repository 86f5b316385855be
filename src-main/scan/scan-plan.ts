import { dayNumberFromIso, istInstant } from '../market/dates';
import type { FnoUniverse } from '../market/fno-universe';
import { instrumentKey, type InstrumentKey } from '../market/instruments';
import type { SymbolMatchReport } from '../market/symbols';
import type { RunError } from '../storage/records';

/** One option of the plan: where it is in the instrument table and how to quote it. */
export interface PlannedOption {
  readonly row: number;
  readonly key: InstrumentKey;
  readonly underlying: string;
}

export interface PlannedUnderlying {
  readonly underlying: string;
  readonly spotKey: InstrumentKey;
  readonly expiry: string;
  /** Calendar days to 15:30 IST on expiry day, at least 1. */
  readonly daysToExpiry: number;
  readonly options: readonly PlannedOption[];
}

export interface ScanPlan {
  readonly underlyings: readonly PlannedUnderlying[];
  readonly optionsTotal: number;
  readonly errors: readonly RunError[];
}

const DAY_MS = 86_400_000;

export function daysToExpiry(expiry: string, now: Date): number {
  const expiresAt = istInstant(dayNumberFromIso(expiry), 15, 30).getTime();
  return Math.max(1, (expiresAt - now.getTime()) / DAY_MS);
}

/**
 * The expiry a scan uses for one underlying: the one asked for, "nearest" = the nearest monthly
 * expiry that has not yet passed (15:30 IST on the day), or "nearest-weekly" = the nearest of any
 * kind (a weekly where the underlying has weeklies), from the instrument list.
 */
function chooseExpiry(
  universe: FnoUniverse,
  underlying: string,
  requested: string,
  now: Date,
): string | RunError {
  const expiries = universe
    .expiries(underlying)
    .filter((info) => istInstant(dayNumberFromIso(info.expiry), 15, 30).getTime() > now.getTime());
  // Index weeklies expire every week; underlyings with no weeklies take their monthly.
  if (requested === 'nearest-weekly') {
    return (
      expiries[0]?.expiry ?? {
        underlying,
        message: 'has no option expiry left in the instrument list',
      }
    );
  }
  if (requested === 'nearest') {
    const monthly = expiries.find((info) => info.isMonthly);
    return (
      monthly?.expiry ?? {
        underlying,
        message: 'has no monthly option expiry in the instrument list',
      }
    );
  }
  if (expiries.some((info) => info.expiry === requested)) return requested;
  const available = expiries
    .slice(0, 4)
    .map((info) => info.expiry)
    .join(', ');
  return {
    underlying,
    message: `has no options expiring ${requested}${available === '' ? '' : ` (available: ${available})`}`,
  };
}

/** What a scan will quote: every CE/PE of the chosen expiry of every matched underlying. */
export function planScan(
  universe: FnoUniverse,
  matches: SymbolMatchReport,
  requestedExpiry: string,
  now: Date,
): ScanPlan {
  const underlyings: PlannedUnderlying[] = [];
  const errors: RunError[] = [];
  let optionsTotal = 0;
  for (const match of matches.matched) {
    const info = universe.underlying(match.underlying);
    if (info === undefined) continue;
    if (info.spotKey === null) {
      errors.push({
        underlying: info.underlying,
        message: 'has no cash-market instrument to price the underlying',
      });
      continue;
    }
    const expiry = chooseExpiry(universe, info.underlying, requestedExpiry, now);
    if (typeof expiry !== 'string') {
      errors.push(expiry);
      continue;
    }
    const options: PlannedOption[] = [];
    for (const strike of universe.chain(info.underlying, expiry)) {
      for (const row of [strike.callRow, strike.putRow]) {
        if (row === null) continue;
        options.push({
          row,
          key: instrumentKey(universe.table.exchange(row), universe.table.tradingsymbol(row)),
          underlying: info.underlying,
        });
      }
    }
    optionsTotal += options.length;
    underlyings.push({
      underlying: info.underlying,
      spotKey: info.spotKey,
      expiry,
      daysToExpiry: daysToExpiry(expiry, now),
      options,
    });
  }
  return { underlyings, optionsTotal, errors };
}

/** Packs options into quote batches of at most `limit`, keeping each chain contiguous. */
export function quoteBatches(plan: ScanPlan, limit: number): PlannedOption[][] {
  const batches: PlannedOption[][] = [];
  let current: PlannedOption[] = [];
  for (const underlying of plan.underlyings) {
    for (const option of underlying.options) {
      current.push(option);
      if (current.length === limit) {
        batches.push(current);
        current = [];
      }
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
