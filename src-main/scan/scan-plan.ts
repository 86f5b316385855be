import { dayNumberFromIso, istInstant } from '../market/dates';
import type { FnoUniverse } from '../market/fno-universe';
import { instrumentKey, type InstrumentKey } from '../market/instruments';
import type { SymbolMatchReport } from '../market/symbols';
import type { RunError } from '../storage/records';
import { chooseExpiry } from './expiry-rule';

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
  /** The same-expiry future, quoted in the same batches as the options to give F. */
  readonly futureKey: InstrumentKey | null;
  readonly options: readonly PlannedOption[];
}

export interface ScanPlan {
  readonly underlyings: readonly PlannedUnderlying[];
  readonly optionsTotal: number;
  readonly errors: readonly RunError[];
}

const DAY_MS = 86_400_000;

/** Fractional calendar days from `at` to 15:30 IST on the expiry day; no floor (≤ 0 = expired). */
export function daysToExpiry(expiry: string, at: Date): number {
  return (istInstant(dayNumberFromIso(expiry), 15, 30).getTime() - at.getTime()) / DAY_MS;
}

/** What a scan will quote: every CE/PE of the chosen expiry of every matched underlying. */
export function planScan(
  universe: FnoUniverse,
  matches: SymbolMatchReport,
  requestedExpiry: string,
  now: Date,
  minTradingDays?: number,
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
    const expiry = chooseExpiry(universe, info.underlying, requestedExpiry, now, minTradingDays);
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
      futureKey: futureKeyOf(universe, info.underlying, expiry),
      options,
    });
  }
  return { underlyings, optionsTotal, errors };
}

function futureKeyOf(
  universe: FnoUniverse,
  underlying: string,
  expiry: string,
): InstrumentKey | null {
  const row = universe.futureRow(underlying, expiry);
  return row === null
    ? null
    : instrumentKey(universe.table.exchange(row), universe.table.tradingsymbol(row));
}

/** One /quote call: options, and the futures of their underlyings (for F). */
export interface QuoteBatch {
  readonly options: readonly PlannedOption[];
  readonly futures: readonly InstrumentKey[];
}

/**
 * Packs options into quote batches of at most `limit` instruments, keeping each chain
 * contiguous. Each batch also carries the future of every underlying it touches, so an option's
 * forward is quoted in the same instant as its premium (an underlying spanning two batches has
 * its future quoted twice: one instrument per batch, for prices from the same moment).
 */
export function quoteBatches(plan: ScanPlan, limit: number): QuoteBatch[] {
  const batches: QuoteBatch[] = [];
  let options: PlannedOption[] = [];
  let futures: InstrumentKey[] = [];
  const flush = (): void => {
    if (options.length > 0) batches.push({ options, futures });
    options = [];
    futures = [];
  };
  for (const underlying of plan.underlyings) {
    let joined = false;
    for (const option of underlying.options) {
      if (!joined && underlying.futureKey !== null) {
        if (options.length + futures.length + 2 > limit) flush();
        futures.push(underlying.futureKey);
        joined = true;
      }
      options.push(option);
      if (options.length + futures.length >= limit) {
        flush();
        joined = false;
      }
    }
  }
  flush();
  return batches;
}
