import type Database from 'better-sqlite3';
import type { ResultBatch, ResultRow } from './result-row';
import type { SqliteDatabase } from './sqlite';

/**
 * A run's row counts per underlying, side and filter outcome (run_facets, migration 007): the
 * results screen's totals for its chips without reading the run's rows. The writer adds each
 * transaction's tally with its rows; a prune recounts the runs it touched.
 */

/** One (underlying, side, passes) cell of a tally and its row count. */
export interface FacetTally {
  readonly underlying: string;
  readonly optionType: string;
  readonly passes: 0 | 1;
  rows: number;
}

export const ADD_FACETS_SQL = `INSERT INTO run_facets (run_id, underlying, option_type, passes_filters, rows)
  VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (run_id, underlying, option_type, passes_filters) DO UPDATE SET rows = rows + excluded.rows`;

/** Rows [start, end) of a row array or columnar batch, counted per facet. */
export function tallyFacets(
  input: readonly ResultRow[] | ResultBatch,
  start: number,
  end: number,
): FacetTally[] {
  const tallies = new Map<string, FacetTally>();
  const count = (underlying: string, optionType: string, passes: 0 | 1): void => {
    const key = `${underlying}\u0000${optionType}\u0000${passes}`;
    const found = tallies.get(key);
    if (found === undefined) tallies.set(key, { underlying, optionType, passes, rows: 1 });
    else found.rows += 1;
  };
  if (Array.isArray(input)) {
    const rows = input as readonly ResultRow[];
    for (let index = start; index < end; index += 1) {
      const row = rows[index];
      if (row !== undefined) count(row.underlying, row.optionType, row.passesFilters ? 1 : 0);
    }
  } else {
    const batch = input as ResultBatch;
    for (let index = start; index < end; index += 1) {
      count(
        String(batch.underlying[index]),
        String(batch.optionType[index]),
        batch.passesFilters[index] === 1 ? 1 : 0,
      );
    }
  }
  return [...tallies.values()];
}

/** Adds a tally to a run's facets (inside the transaction that wrote the rows). */
export function addFacets(add: Database.Statement, runId: number, tallies: readonly FacetTally[]) {
  for (const tally of tallies) {
    add.run(runId, tally.underlying, tally.optionType, tally.passes, tally.rows);
  }
}

/** Counts these runs' facets again from their rows, after rows of finished runs were deleted. */
export function recountFacets(db: SqliteDatabase, runIds: readonly number[]): void {
  const forget = db.prepare('DELETE FROM run_facets WHERE run_id = ?');
  const count = db.prepare(
    `INSERT INTO run_facets (run_id, underlying, option_type, passes_filters, rows)
       SELECT run_id, underlying, option_type, passes_filters, count(*) FROM results
       WHERE run_id = ? GROUP BY underlying, option_type, passes_filters`,
  );
  for (const runId of runIds) {
    forget.run(runId);
    count.run(runId);
  }
}

/**
 * Counts every run's facets from its rows. Restore calls it: a backup's own facets are only a
 * tally of its rows, and a tally copied from a file (damaged, or edited) could disagree with them.
 */
export function recountAllFacets(db: SqliteDatabase): void {
  const runIds = db.prepare('SELECT id FROM runs').pluck().all() as number[];
  db.transaction(() => recountFacets(db, runIds))();
}

/** The part of the screen's filter that facets answer (no value ranges). */
export interface FacetFilter {
  readonly passesFilters?: boolean | undefined;
  readonly optionType?: 'CE' | 'PE' | undefined;
  readonly underlyings?: readonly string[] | undefined;
}

/**
 * One statement for every facet filter: an absent condition is a NULL parameter, and the
 * underlyings travel as one JSON array, so the statement cache holds one shape.
 */
export const FACET_TOTAL_SQL = `SELECT coalesce(sum(rows), 0) FROM run_facets
  WHERE run_id = @runId
    AND (@passes IS NULL OR passes_filters = @passes)
    AND (@side IS NULL OR option_type = @side)
    AND (@underlyings IS NULL OR underlying IN (SELECT value FROM json_each(@underlyings)))`;

export function facetTotalParams(runId: number, filter: FacetFilter): Record<string, unknown> {
  const { passesFilters, optionType, underlyings } = filter;
  return {
    runId,
    passes: passesFilters === undefined ? null : passesFilters ? 1 : 0,
    side: optionType ?? null,
    // An empty list means "every underlying" in the row query too (filterClause skips it).
    underlyings:
      underlyings === undefined || underlyings.length === 0 ? null : JSON.stringify(underlyings),
  };
}

/**
 * What a run's cached counts depend on: the run (its start time tells a reused id apart) and how
 * many rows it holds, passing and not. Rows are only ever appended to a running run or deleted
 * (a run, or a prune that recounts the facets), so any change to a run's rows changes this.
 */
export const RUN_TOKEN_SQL = `SELECT runs.started_at || '|' || runs.status || '|' ||
    (SELECT coalesce(sum(rows), 0) || '|' || coalesce(sum(rows * passes_filters), 0)
       FROM run_facets WHERE run_id = runs.id)
  FROM runs WHERE runs.id = ?`;
