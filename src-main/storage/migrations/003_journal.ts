import type { Migration } from './types';

/**
 * The trade journal (DESIGN §6). Trades are the only facts; P&L, lots and statistics are derived
 * from them on every read, so nothing here stores a profit figure that could drift from its
 * trades. A fill is unique by (exchange, trade_id): importing an overlapping tradebook or syncing
 * the same day twice adds nothing.
 */
const SCHEMA = `
CREATE TABLE journal_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kite_user_id TEXT NOT NULL,
  bound_at TEXT NOT NULL,
  bound_by TEXT NOT NULL
) STRICT;

CREATE TABLE journal_imports (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('console', 'kite')),
  label TEXT NOT NULL,
  kite_user_id TEXT,
  trades_read INTEGER NOT NULL,
  trades_added INTEGER NOT NULL,
  first_date TEXT,
  last_date TEXT
) STRICT;

CREATE TABLE trades (
  id INTEGER PRIMARY KEY,
  exchange TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  underlying TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('EQ', 'FUT', 'CE', 'PE')),
  expiry TEXT,
  strike REAL,
  side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price REAL NOT NULL CHECK (price >= 0),
  traded_at TEXT NOT NULL,
  trade_date TEXT NOT NULL,
  product TEXT,
  source TEXT NOT NULL CHECK (source IN ('console', 'kite')),
  import_id INTEGER REFERENCES journal_imports (id) ON DELETE SET NULL,
  tag TEXT,
  UNIQUE (exchange, trade_id)
) STRICT;
-- FIFO reads every trade in fill order, and the trades list pages newest first, along this one
-- index; a filter by day or underlying walks it too (measured: a second and third index slowed a
-- 200,000-trade import by more than they sped up any list)
CREATE INDEX trades_time ON trades (traded_at, trade_id);

CREATE TABLE kite_orders (
  order_id TEXT PRIMARY KEY,
  exchange TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  status TEXT NOT NULL,
  side TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  filled_quantity INTEGER NOT NULL,
  average_price REAL NOT NULL,
  ordered_at TEXT,
  tag TEXT,
  synced_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE position_snapshots (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES journal_imports (id) ON DELETE CASCADE,
  taken_at TEXT NOT NULL,
  exchange TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  product TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  average_price REAL NOT NULL,
  last_price REAL NOT NULL,
  pnl REAL NOT NULL
) STRICT;
-- open positions are marked to the newest snapshot of each instrument
CREATE INDEX position_snapshots_symbol ON position_snapshots (exchange, tradingsymbol, taken_at);

CREATE TABLE settlements (
  underlying TEXT NOT NULL,
  expiry TEXT NOT NULL,
  close_price REAL NOT NULL CHECK (close_price > 0),
  source TEXT NOT NULL CHECK (source IN ('trader', 'scan', 'kite')),
  at TEXT NOT NULL,
  PRIMARY KEY (underlying, expiry)
) STRICT, WITHOUT ROWID;

-- suggested-vs-realized finds the scans that listed a sold option
CREATE INDEX results_tradingsymbol ON results (tradingsymbol);
`;

export const journalMigration: Migration = {
  version: 3,
  name: 'trade journal',
  up(db) {
    db.exec(SCHEMA);
  },
};
