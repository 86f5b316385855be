import type { Migration } from './types';

/**
 * Compact result rows. A full F&O scan stored ~550 bytes per option row (a day of five-minute
 * scans ≈ 450 MB), most of it in ten sort indexes and in text repeated on every row. Measured on a
 * 15,484-row demo scan: the table was 325 B/row, of which a filter reason averaged 46 bytes
 * (382 distinct values), the quote time 24, and the three enums 11; each sort index 15–21 B/row.
 *
 * - `result_rows` holds the rows; `results` becomes a view with the old columns and values, so
 *   every reader (results screen, compare, export, journal, CLI) reads exactly what it read.
 * - Enums are small integers in the declaration's order (0 and 1 take no bytes at all in SQLite's
 *   record format): the lists below are frozen here and a test pins the contract to them.
 * - Filter reasons are interned in `result_texts`.
 * - A quote time is milliseconds since the epoch when it is a canonical ISO instant (what the scan
 *   writes), the text itself otherwise; the view turns it back into the same text.
 * - Sort indexes hold only the rows that pass the filters (partial indexes): that is the list the
 *   screen and the CLI sort by default, and a sort over every row of a run never used them (it
 *   sorted the run's rows anyway). Dropping them instead would have cost the passing rows' sort
 *   by strike, premium or OTM % of a 100,000-row run 190–380 ms instead of 3–10 ms (measured on
 *   this branch); as partial indexes they cost a few bytes per row instead of 13–20 each.
 *   Queries say `passes_filters = 1` literally, so the planner can prove the index applies.
 */
export const FROZEN_OPTION_TYPES = ['CE', 'PE'] as const;
export const FROZEN_PREMIUM_SOURCES = ['bid', 'mid', 'last', 'close', 'none'] as const;
export const FROZEN_FORWARD_SOURCES = ['future', 'carry'] as const;

const ISO_MS = "'%Y-%m-%dT%H:%M:%fZ'";

/** The sort columns of migration 002's indexes, now over passing rows only (see above). */
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

function encodeEnum(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((value, code) => `WHEN '${value}' THEN ${code}`).join(' ')} END`;
}

function decodeEnum(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((value, code) => `WHEN ${code} THEN '${value}'`).join(' ')} END`;
}

const COLUMNS = `id, run_id, underlying, tradingsymbol, instrument_token, exchange, option_type,
  strike, expiry, lot_size, days_to_expiry, spot, bid, ask, last_price, premium, premium_source,
  volume, oi, otm_pct, yield_pct, annualized_yield_pct, breakeven, premium_per_lot, spread_pct,
  iv, delta, passes_filters, filter_reason, quote_time, forward, forward_source, stale,
  extrinsic, naked_breakeven, prob_otm_pct, prob_profit_pct, expected_move, strike_sigmas,
  oi_lots, volume_lots, margin_per_lot, rom_pct, annualized_rom_pct`;

/** The stored quote time back as the text the scan wrote. */
export const QUOTE_TIME_READ = `CASE WHEN quote_time IS NULL OR typeof(quote_time) = 'text'
    THEN quote_time ELSE strftime(${ISO_MS}, quote_time / 1000.0, 'unixepoch') END`;

/** A canonical ISO instant as milliseconds, anything else unchanged (checked by decoding it). */
const QUOTE_TIME_WRITE = `CASE
    WHEN quote_time IS NOT NULL AND strftime(${ISO_MS},
      round(unixepoch(quote_time, 'subsec') * 1000) / 1000.0, 'unixepoch') = quote_time
    THEN CAST(round(unixepoch(quote_time, 'subsec') * 1000) AS INTEGER) ELSE quote_time END`;

const SCHEMA = `
CREATE TABLE result_texts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE result_rows (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  underlying TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  instrument_token INTEGER NOT NULL,
  exchange TEXT NOT NULL,
  option_type INTEGER NOT NULL CHECK (option_type BETWEEN 0 AND 1),
  strike REAL NOT NULL,
  expiry TEXT NOT NULL,
  lot_size INTEGER NOT NULL,
  days_to_expiry REAL NOT NULL,
  spot REAL NOT NULL,
  bid REAL,
  ask REAL,
  last_price REAL,
  premium REAL,
  premium_source INTEGER NOT NULL CHECK (premium_source BETWEEN 0 AND 4),
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
  filter_reason INTEGER REFERENCES result_texts (id),
  quote_time ANY,
  forward REAL,
  forward_source INTEGER CHECK (forward_source BETWEEN 0 AND 1),
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

INSERT INTO result_texts (text)
  SELECT DISTINCT filter_reason FROM results WHERE filter_reason IS NOT NULL;
INSERT INTO result_rows (${COLUMNS})
  SELECT ${COLUMNS.replace('option_type,', `${encodeEnum('option_type', FROZEN_OPTION_TYPES)},`)
    .replace('premium_source,', `${encodeEnum('premium_source', FROZEN_PREMIUM_SOURCES)},`)
    .replace('forward_source,', `${encodeEnum('forward_source', FROZEN_FORWARD_SOURCES)},`)
    .replace(
      'filter_reason,',
      '(SELECT t.id FROM result_texts t WHERE t.text = results.filter_reason),',
    )
    .replace('quote_time,', `${QUOTE_TIME_WRITE},`)}
  FROM results ORDER BY id;
DROP TABLE results;

CREATE INDEX result_rows_run_underlying ON result_rows (run_id, underlying);
CREATE INDEX result_rows_tradingsymbol ON result_rows (tradingsymbol);
${SORT_INDEXES.map(
  (column) =>
    `CREATE INDEX result_rows_run_pass_${column} ON result_rows (run_id, ${column}) WHERE passes_filters = 1;`,
).join('\n')}

CREATE VIEW results AS SELECT ${COLUMNS.replace(
  'option_type,',
  `${decodeEnum('option_type', FROZEN_OPTION_TYPES)} AS option_type,`,
)
  .replace(
    'premium_source,',
    `${decodeEnum('premium_source', FROZEN_PREMIUM_SOURCES)} AS premium_source,`,
  )
  .replace(
    'forward_source,',
    `${decodeEnum('forward_source', FROZEN_FORWARD_SOURCES)} AS forward_source,`,
  )
  .replace(
    'filter_reason,',
    '(SELECT t.text FROM result_texts t WHERE t.id = result_rows.filter_reason) AS filter_reason,',
  )
  .replace('quote_time,', `${QUOTE_TIME_READ} AS quote_time,`)}
FROM result_rows;
`;

export const footprintMigration: Migration = {
  version: 5,
  name: 'footprint',
  up(db) {
    db.exec(SCHEMA);
  },
};
