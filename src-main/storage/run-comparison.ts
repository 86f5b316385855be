/**
 * Two runs of one underlying side by side: the annualized yield of each strike then and now.
 * Read in main straight from the profile database over every row of both runs (the renderer used
 * to compare two capped pages of rows, which silently dropped strikes past the cap).
 */
import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors';
import type { RunId, RunSummary } from './records';

export interface StrikeChange {
  readonly underlying: string;
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly before: number | null;
  readonly after: number | null;
  /** after − before in percentage points; null unless both runs priced the strike. */
  readonly change: number | null;
}

export interface StrikeComparison {
  readonly beforeExpiry: string | null;
  readonly afterExpiry: string | null;
  readonly changes: readonly StrikeChange[];
}

interface StrikeYield {
  readonly option_type: 'CE' | 'PE';
  readonly strike: number;
  readonly annualized_yield_pct: number | null;
}

type Prepare = (sql: string) => Database.Statement;

/**
 * The strikes a trader would act on (those that passed the run's filters), on the run's nearest
 * expiry for the underlying: expiries differ between runs on different days, and the nearest one
 * of each run is what a trader compares. Served by the (run_id, underlying) index.
 */
const NEAREST_EXPIRY_SQL = `
  SELECT MIN(expiry) AS expiry FROM results
  WHERE run_id = ? AND underlying = ? AND passes_filters = 1`;
const STRIKES_SQL = `
  SELECT option_type, strike, annualized_yield_pct FROM results
  WHERE run_id = ? AND underlying = ? AND expiry = ? AND passes_filters = 1`;

function strikesOf(
  prepare: Prepare,
  runId: RunId,
  underlying: string,
): { expiry: string | null; strikes: StrikeYield[] } {
  const nearest = prepare(NEAREST_EXPIRY_SQL).get(runId, underlying) as
    { expiry: string | null } | undefined;
  const expiry = nearest?.expiry ?? null;
  if (expiry === null) return { expiry, strikes: [] };
  return { expiry, strikes: prepare(STRIKES_SQL).all(runId, underlying, expiry) as StrikeYield[] };
}

/** Every strike either run kept, matched by side and strike; sorted by side, then strike. */
export function compareStrikes(
  prepare: Prepare,
  beforeRunId: RunId,
  afterRunId: RunId,
  underlying: string,
): StrikeComparison {
  const before = strikesOf(prepare, beforeRunId, underlying);
  const after = strikesOf(prepare, afterRunId, underlying);
  const merged = new Map<string, StrikeChange>();
  const keyOf = (row: StrikeYield): string => `${row.option_type}|${row.strike}`;
  for (const row of before.strikes) {
    merged.set(keyOf(row), {
      underlying,
      optionType: row.option_type,
      strike: row.strike,
      before: row.annualized_yield_pct,
      after: null,
      change: null,
    });
  }
  for (const row of after.strikes) {
    const earlier = merged.get(keyOf(row))?.before ?? null;
    const later = row.annualized_yield_pct;
    merged.set(keyOf(row), {
      underlying,
      optionType: row.option_type,
      strike: row.strike,
      before: earlier,
      after: later,
      change: earlier === null || later === null ? null : later - earlier,
    });
  }
  const changes = [...merged.values()]
    .filter((change) => change.before !== null || change.after !== null)
    .sort((a, b) => a.optionType.localeCompare(b.optionType) || a.strike - b.strike);
  return { beforeExpiry: before.expiry, afterExpiry: after.expiry, changes };
}

/** Underlyings both runs scanned, alphabetically. */
export function sharedUnderlyings(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((symbol) => other.has(symbol)).sort();
}

export interface RunComparisonRequest {
  readonly beforeRunId: RunId;
  readonly afterRunId: RunId;
  /** Defaults to the first underlying both runs scanned. */
  readonly underlying?: string;
}

export interface RunComparison extends StrikeComparison {
  /** The older of the two runs. */
  readonly before: RunSummary;
  readonly after: RunSummary;
  readonly underlying: string;
  readonly underlyings: readonly string[];
}

interface ComparisonReader {
  requireFinished(runId: RunId): RunSummary;
  compareStrikes(beforeRunId: RunId, afterRunId: RunId, underlying: string): StrikeComparison;
}

/** The comparison of two finished runs, the older one as "before" whichever order they came in. */
export function runComparison(
  reader: ComparisonReader,
  request: RunComparisonRequest,
): RunComparison {
  if (request.beforeRunId === request.afterRunId) {
    throw new UserFacingError('BAD_INPUT', 'Choose two different scans to compare.');
  }
  const [older, newer] =
    request.beforeRunId < request.afterRunId
      ? [request.beforeRunId, request.afterRunId]
      : [request.afterRunId, request.beforeRunId];
  const before = reader.requireFinished(older);
  const after = reader.requireFinished(newer);
  const underlyings = sharedUnderlyings(before.symbols, after.symbols);
  const underlying = request.underlying ?? underlyings[0];
  if (underlying === undefined) {
    throw new UserFacingError('BAD_INPUT', 'These two scans have no symbol in common.');
  }
  if (!underlyings.includes(underlying)) {
    throw new UserFacingError('BAD_INPUT', `Both scans must include ${underlying} to compare it.`);
  }
  return {
    before,
    after,
    underlying,
    underlyings,
    ...reader.compareStrikes(older, newer, underlying),
  };
}
