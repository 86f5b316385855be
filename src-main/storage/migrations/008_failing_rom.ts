import type { Migration } from './types';

/**
 * Every row of a run by annualized return on margin: the results screen's default sort with
 * "Show filtered-out rows" on. 005's sort indexes hold passing rows only, so that list sorted the
 * whole run: 150–225 ms per toggle on a 100,000-row run, most of it reading the run's rows along
 * the (run_id, underlying) index, one b-tree descent per row. This index holds the failing rows
 * that have a return on margin (the scan asks Kite's margin calculator for rows that pass its
 * other filters, so only rows cut by a "top N" rule have one): every row of a run in that order
 * is 005's passing index and this one merged (result-pages.ts), and the rows with no value follow
 * in rowid order. 3.2 B per stored row on the full F&O demo scan (`npm run bench:disk`), against
 * ~17 for an index over every row, which the 250 B/row budget has no room for. Disjoint from
 * 005's index, so a query over passing rows can only pick that one.
 */
const SCHEMA = `
CREATE INDEX result_rows_run_fail_annualized_rom_pct ON result_rows (run_id, annualized_rom_pct)
  WHERE passes_filters = 0 AND annualized_rom_pct IS NOT NULL;
`;

export const failingRomMigration: Migration = {
  version: 8,
  name: 'failing_rom',
  up(db) {
    db.exec(SCHEMA);
  },
};
