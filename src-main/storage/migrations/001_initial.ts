import { PREMIA_APPLICATION_ID } from '../sqlite';
import type { Migration } from './types';

/** Sort columns the results screen offers most; each gets (run_id, passes_filters, column). */
const SORT_INDEXES = [
  'annualized_yield_pct',
  'yield_pct',
  'otm_pct',
  'strike',
  'premium',
  'oi',
  'iv',
] as const;

const SCHEMA = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL
    CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  source TEXT NOT NULL CHECK (source IN ('simulator', 'kite')),
  symbols_json TEXT NOT NULL,
  expiry TEXT,
  filters_json TEXT NOT NULL,
  underlyings_total INTEGER NOT NULL DEFAULT 0,
  options_total INTEGER NOT NULL DEFAULT 0,
  rows_written INTEGER NOT NULL DEFAULT 0,
  rows_passing INTEGER NOT NULL DEFAULT 0,
  api_calls INTEGER NOT NULL DEFAULT 0,
  unmatched_json TEXT NOT NULL DEFAULT '[]',
  errors_json TEXT NOT NULL DEFAULT '[]',
  durations_json TEXT NOT NULL DEFAULT '{}',
  error_summary TEXT
) STRICT;
-- retention deletes by age
CREATE INDEX runs_started_at ON runs (started_at);
-- crash recovery looks for runs left running
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';

CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  underlying TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  instrument_token INTEGER NOT NULL,
  exchange TEXT NOT NULL,
  option_type TEXT NOT NULL CHECK (option_type IN ('CE', 'PE')),
  strike REAL NOT NULL,
  expiry TEXT NOT NULL,
  lot_size INTEGER NOT NULL,
  days_to_expiry REAL NOT NULL,
  spot REAL NOT NULL,
  bid REAL,
  ask REAL,
  last_price REAL,
  premium REAL,
  premium_source TEXT NOT NULL CHECK (premium_source IN ('mid', 'last', 'none')),
  volume INTEGER NOT NULL,
  oi INTEGER NOT NULL,
  otm_pct REAL NOT NULL,
  yield_pct REAL,
  annualized_yield_pct REAL,
  breakeven REAL,
  premium_per_lot REAL,
  spread_pct REAL,
  iv REAL,
  delta REAL,
  passes_filters INTEGER NOT NULL CHECK (passes_filters IN (0, 1)),
  filter_reason TEXT,
  quote_time TEXT
) STRICT;
-- filter by underlying, export in underlying order, and the run_id foreign key (cascade deletes)
CREATE INDEX results_run_underlying ON results (run_id, underlying);
${SORT_INDEXES.map(
  (column) =>
    `CREATE INDEX results_run_pass_${column} ON results (run_id, passes_filters, ${column});`,
).join('\n')}

CREATE TABLE instruments (
  trading_day TEXT NOT NULL,
  instrument_token INTEGER NOT NULL,
  exchange_token INTEGER NOT NULL,
  tradingsymbol TEXT NOT NULL,
  name TEXT NOT NULL,
  last_price REAL NOT NULL,
  expiry TEXT,
  strike REAL NOT NULL,
  tick_size REAL NOT NULL,
  lot_size INTEGER NOT NULL,
  instrument_type TEXT NOT NULL,
  segment TEXT NOT NULL,
  exchange TEXT NOT NULL,
  PRIMARY KEY (trading_day, instrument_token)
) STRICT, WITHOUT ROWID;
-- symbol matching looks instruments up by underlying name
CREATE INDEX instruments_day_name ON instruments (trading_day, name);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  detail TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SCHEMA);
    db.pragma(`application_id = ${PREMIA_APPLICATION_ID}`);
  },
};
