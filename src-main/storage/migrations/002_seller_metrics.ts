import type { Migration } from './types';

/**
 * The seller's numbers (issue 12): Black-76 on the forward, the premium basis, risk numbers and
 * margins. The results table is rebuilt (SQLite's documented way to change a CHECK): the premium
 * source gains `bid` and `close`. Existing rows are copied; their new columns stay NULL, because
 * older runs never computed them. Runs gain the expiries the scan resolved and its model inputs.
 */
const OLD_COLUMNS = `id, run_id, underlying, tradingsymbol, instrument_token, exchange, option_type,
  strike, expiry, lot_size, days_to_expiry, spot, bid, ask, last_price, premium, premium_source,
  volume, oi, otm_pct, yield_pct, annualized_yield_pct, breakeven, premium_per_lot, spread_pct,
  iv, delta, passes_filters, filter_reason, quote_time`;

const SORT_INDEXES = [
  'annualized_yield_pct',
  'yield_pct',
  'otm_pct',
  'strike',
  'premium',
  'oi',
  'iv',
  'annualized_rom_pct',
  'rom_pct',
  'prob_otm_pct',
] as const;

const SCHEMA = `
CREATE TABLE results_v2 (
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
  premium_source TEXT NOT NULL
    CHECK (premium_source IN ('bid', 'mid', 'last', 'close', 'none')),
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
  quote_time TEXT,
  forward REAL,
  forward_source TEXT CHECK (forward_source IN ('future', 'carry')),
  stale INTEGER CHECK (stale IN (0, 1)),
  extrinsic REAL,
  naked_breakeven REAL,
  prob_otm_pct REAL,
  prob_profit_pct REAL,
  expected_move REAL,
  strike_sigmas REAL,
  oi_lots REAL,
  volume_lots REAL,
  margin_per_lot REAL,
  rom_pct REAL,
  annualized_rom_pct REAL
) STRICT;
INSERT INTO results_v2 (${OLD_COLUMNS}) SELECT ${OLD_COLUMNS} FROM results;
DROP TABLE results;
ALTER TABLE results_v2 RENAME TO results;
CREATE INDEX results_run_underlying ON results (run_id, underlying);
${SORT_INDEXES.map(
  (column) =>
    `CREATE INDEX results_run_pass_${column} ON results (run_id, passes_filters, ${column});`,
).join('\n')}

ALTER TABLE runs ADD COLUMN expiries_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN model_json TEXT NOT NULL DEFAULT '{}';
`;

export const sellerMetricsMigration: Migration = {
  version: 2,
  name: 'seller-metrics',
  up(db) {
    db.exec(SCHEMA);
  },
};
