import type { Migration } from './types';

/**
 * How many rows each run holds per underlying, side and filter outcome. The results screen shows
 * a row count beside every page, and its chips (calls/puts, passing or all, one underlying) change
 * it. Counting a 100,000-row run by side read every row of the run (no index holds option_type):
 * 170–240 ms per chip click on a loaded machine. These few rows per run answer it exactly.
 *
 * The writer adds to them in the same transaction as the rows (so they are never ahead or
 * behind), agents' row pruning recounts its runs, and they go with their run. Values are the
 * `results` view's ('CE'/'PE', 0/1), so this table does not depend on how result_rows stores them.
 */
const SCHEMA = `
CREATE TABLE run_facets (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  underlying TEXT NOT NULL,
  option_type TEXT NOT NULL CHECK (option_type IN ('CE', 'PE')),
  passes_filters INTEGER NOT NULL CHECK (passes_filters IN (0, 1)),
  rows INTEGER NOT NULL CHECK (rows >= 0),
  PRIMARY KEY (run_id, underlying, option_type, passes_filters)
) STRICT, WITHOUT ROWID;

INSERT INTO run_facets (run_id, underlying, option_type, passes_filters, rows)
  SELECT run_id, underlying, option_type, passes_filters, count(*) FROM results
  GROUP BY run_id, underlying, option_type, passes_filters;
`;

export const runFacetsMigration: Migration = {
  version: 7,
  name: 'run_facets',
  up(db) {
    db.exec(SCHEMA);
  },
};
