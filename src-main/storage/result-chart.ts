import type Database from 'better-sqlite3';
import type { RunId } from './records';
import { columnOf, type ResultRangeColumn } from './result-row';
import { filterClause, parseResultQuery, type ResultQuery } from './results-query';

export interface ChartQuery {
  readonly runId: RunId;
  readonly underlying: string;
  readonly metric: ResultRangeColumn;
  readonly filter?: ResultQuery['filter'];
}

export interface ChartPoint {
  readonly strike: number;
  readonly optionType: 'CE' | 'PE';
  readonly delta: number | null;
  readonly value: number | null;
}

/** The market's 1σ move to expiry, read off the at-the-money strike (nearest the forward). */
export interface ExpectedMove {
  readonly forward: number;
  /** F·σ·√T in rupees, σ the at-the-money strike's implied volatility (calls and puts averaged). */
  readonly move: number;
  readonly atmStrike: number;
}

export interface ChartData {
  readonly spot: number | null;
  readonly expectedMove: ExpectedMove | null;
  readonly points: ChartPoint[];
}

type Prepare = (sql: string) => Database.Statement;

/**
 * Every (strike, side) of one underlying that passes the screen's filter, for the chart: strike,
 * side, delta and one metric, along the (run_id, underlying) index. No strike is dropped: a run
 * scans one expiry per underlying, so a strike and side is one option. Were there ever two rows
 * for one (strike, side), the chart could draw only one point there, so it gets the best one
 * (highest metric, with that row's delta) and the reply stays bounded by the strikes, not rows.
 */
export function chartPointsOf(
  prepare: Prepare,
  query: ChartQuery,
): { spot: number | null; points: ChartPoint[] } {
  const parsed = parseResultQuery({
    runId: query.runId,
    filter: { ...query.filter, underlyings: [query.underlying] },
  });
  // The chain's (run_id, underlying) index bounds the read; a value range on another index
  // would walk that range over every underlying of the run.
  const where = filterClause(parsed, { rangesOffIndex: { except: null } });
  const metric = columnOf(query.metric).column;
  // `+strike`: grouping by the plain column let the planner walk the whole run's strike index
  // (every passing row of every underlying) to avoid a sort; a chain is small to sort.
  const rows = prepare(
    `SELECT strike, option_type, delta, max(${metric}) AS value, spot FROM results
     WHERE ${where.sql} GROUP BY +strike, option_type ORDER BY +strike, option_type`,
  ).all(...where.params) as {
    strike: number;
    option_type: 'CE' | 'PE';
    delta: number | null;
    value: number | null;
    spot: number;
  }[];
  return {
    spot: rows[0]?.spot ?? null,
    points: rows.map((row) => ({
      strike: row.strike,
      optionType: row.option_type,
      delta: row.delta,
      value: row.value,
    })),
  };
}

/**
 * The expected move of one underlying in a run, whatever the screen's filter: the seller's
 * filter hides the at-the-money strike (|delta| ≈ 0.5), but the band is about the market, not
 * about which rows pass. Reads the chain along the (run_id, underlying) index.
 */
export function expectedMoveOf(
  prepare: Prepare,
  runId: RunId,
  underlying: string,
): ExpectedMove | null {
  const forward = columnOf('forward').column;
  const move = columnOf('expectedMove').column;
  const nearest = prepare(
    `SELECT strike, ${forward} AS forward, ${move} AS move FROM results
     WHERE run_id = ? AND underlying = ? AND ${forward} > 0 AND ${move} > 0
     ORDER BY abs(strike - ${forward}), option_type LIMIT 2`,
  ).all(runId, underlying) as { strike: number; forward: number; move: number }[];
  const first = nearest[0];
  if (first === undefined) return null;
  // The call and the put at one strike each imply a σ; a second row at another strike is not ATM.
  const atm = nearest.filter((row) => row.strike === first.strike);
  return {
    forward: first.forward,
    move: atm.reduce((sum, row) => sum + row.move, 0) / atm.length,
    atmStrike: first.strike,
  };
}
