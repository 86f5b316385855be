import {
  FROZEN_FORWARD_SOURCES,
  FROZEN_OPTION_TYPES,
  FROZEN_PREMIUM_SOURCES,
  QUOTE_TIME_READ,
} from './005_footprint';
import type { Migration } from './types';

/**
 * Option rows without their chain's constants. After 005 a full F&O demo scan stored 309 bytes
 * per option row (15,156 rows, `npm run bench:disk`): table 249, indexes 60. Every row repeated
 * its chain's exchange, expiry, lot size, spot, forward and forward source, and its days to
 * expiry (about 45 bytes), though one scan has ~70 rows per (underlying, expiry) chain.
 *
 * - `result_chains` holds each distinct tuple of those six values once per run (lossless: the
 *   exact tuple a row had, whatever it is, NULLs included); a row keeps `chain_id`. A chain dies
 *   with its run (cascade). The view reads each chain column by primary key (see chainValue), so
 *   no row can ever drop out of `results` and queries that need no chain value never read one.
 * - `underlying` stays on the row with the (run_id, underlying) index: moving it into the chain
 *   was measured (16 B/row less) but, without planner statistics, SQLite then answered "one
 *   underlying of a run" (chart, expected move, expiries, journal closes) by reading every row of
 *   the run: 6 ms instead of 0.2 ms on the demo scan, and proportionally worse on larger runs.
 *   For the same reason the rows have no foreign key to the chain: its check would need a
 *   (run_id, chain_id) index (11 B/row). The single writer writes a chain and its rows in one
 *   transaction; restore checks that every row's chain is there.
 * - Days to expiry are not a chain value: the scan counts them from each quote's own timestamp,
 *   which differs between the options of one chain on a live market. A row stores NULL when its
 *   days are exactly what its expiry and quote time give (derivedDays, the scan's own formula),
 *   the value otherwise; the view computes the same double back. (The column is NOT NULL in
 *   meaning, so NULL is free to mean "derived".)
 * - Prices that are whole paise (bid, ask, last, break-evens, extrinsic, premium per lot: NSE
 *   ticks are 5 paise) are stored as an integer count of paise (1–4 bytes instead of 8). A value
 *   is stored so only when integer ÷ 100 gives back the very same double, so the view returns it
 *   bit for bit; anything else is stored as the real it is. None of these columns has an index,
 *   so the mixed storage never meets an ORDER BY on the raw column.
 * - `results` keeps its columns, their order and their values: readers are unaffected.
 */
export const CHAIN_COLUMNS = [
  'exchange',
  'expiry',
  'lot_size',
  'spot',
  'forward',
  'forward_source',
] as const;

/** Columns stored as whole paise when that is exact (see above and results-insert.ts). */
export const PAISE_COLUMNS = [
  'bid',
  'ask',
  'last_price',
  'breakeven',
  'premium_per_lot',
  'extrinsic',
  'naked_breakeven',
] as const;

/** The view's columns, in 005's order. */
const VIEW_COLUMNS =
  `id, run_id, underlying, tradingsymbol, instrument_token, exchange, option_type,
  strike, expiry, lot_size, days_to_expiry, spot, bid, ask, last_price, premium, premium_source,
  volume, oi, otm_pct, yield_pct, annualized_yield_pct, breakeven, premium_per_lot, spread_pct,
  iv, delta, passes_filters, filter_reason, quote_time, forward, forward_source, stale,
  extrinsic, naked_breakeven, prob_otm_pct, prob_profit_pct, expected_move, strike_sigmas,
  oi_lots, volume_lots, margin_per_lot, rom_pct, annualized_rom_pct`
    .split(',')
    .map((name) => name.trim());

const CHAINED = new Set<string>(CHAIN_COLUMNS);
const PAISE = new Set<string>(PAISE_COLUMNS);
/** result_rows' columns after id, run_id and chain_id. */
const ROW_COLUMNS = VIEW_COLUMNS.filter(
  (name) => name !== 'id' && name !== 'run_id' && !CHAINED.has(name),
);

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

/** 005's definition of each remaining column, the paise ones made ANY. */
const ROW_DEFINITIONS: Record<string, string> = {
  underlying: 'TEXT NOT NULL',
  tradingsymbol: 'TEXT NOT NULL',
  instrument_token: 'INTEGER NOT NULL',
  option_type: 'INTEGER NOT NULL CHECK (option_type BETWEEN 0 AND 1)',
  strike: 'REAL NOT NULL',
  premium: 'REAL',
  premium_source: 'INTEGER NOT NULL CHECK (premium_source BETWEEN 0 AND 4)',
  volume: 'INTEGER NOT NULL',
  oi: 'INTEGER NOT NULL',
  otm_pct: 'REAL NOT NULL',
  passes_filters: 'INTEGER NOT NULL CHECK (passes_filters IN (0, 1))',
  filter_reason: 'INTEGER REFERENCES result_texts (id)',
  quote_time: 'ANY',
  days_to_expiry: 'REAL',
  stale: 'INTEGER CHECK (stale IN (0, 1))',
};

function rowDefinition(name: string): string {
  // No CHECK on the type: seven typeof checks doubled the insert's CPU time per row. Only the
  // writer binds these (numbers or bigints); restore checks a backup's rows instead.
  if (PAISE.has(name)) return `${name} ANY`;
  return `${name} ${ROW_DEFINITIONS[name] ?? 'REAL'}`;
}

/** A whole number of paise, exactly (checked by dividing back), else the value itself. */
function paiseEncode(name: string): string {
  return `CASE WHEN ${name} IS NOT NULL AND abs(${name}) < 1e13
      AND CAST(round(${name} * 100) AS INTEGER) / 100.0 = ${name}
    THEN CAST(round(${name} * 100) AS INTEGER) ELSE ${name} END`;
}

/** The stored price back as the double the scan wrote. */
export function paiseDecode(name: string): string {
  return `CASE WHEN typeof(${name}) = 'integer' THEN ${name} / 100.0 ELSE ${name} END`;
}

/**
 * One value of the row's chain. A scalar subquery, not a join: SQLite evaluates it only for a
 * column the query reads, so counts and id lists never touch result_chains (a LEFT JOIN is not
 * dropped from an aggregate: a count of a run's rows took 3.1 ms instead of 0.7 on the demo scan).
 */
function chainValue(name: string): string {
  return `(SELECT c.${name} FROM result_chains c WHERE c.id = result_rows.chain_id)`;
}

function decodeEnum(
  column: string,
  values: readonly string[],
  name = column.slice(column.indexOf('.') + 1),
): string {
  const cases = values.map((value, code) => `WHEN ${code} THEN '${value}'`).join(' ');
  return `CASE ${column} ${cases} END AS ${name}`;
}

function viewColumn(name: string): string {
  if (name === 'id' || name === 'run_id') return `result_rows.${name} AS ${name}`;
  if (PAISE.has(name)) return `${paiseDecode(`result_rows.${name}`)} AS ${name}`;
  if (name === 'quote_time') return `${QUOTE_TIME_READ} AS quote_time`;
  if (name === 'days_to_expiry') {
    const derived = derivedDays(chainValue('expiry'), 'result_rows.quote_time');
    return `coalesce(result_rows.days_to_expiry, ${derived}) AS days_to_expiry`;
  }
  if (name === 'option_type') return decodeEnum('result_rows.option_type', FROZEN_OPTION_TYPES);
  if (name === 'premium_source')
    return decodeEnum('result_rows.premium_source', FROZEN_PREMIUM_SOURCES);
  if (name === 'forward_source')
    return decodeEnum(chainValue('forward_source'), FROZEN_FORWARD_SOURCES, 'forward_source');
  if (name === 'filter_reason')
    return '(SELECT t.text FROM result_texts t WHERE t.id = result_rows.filter_reason) AS filter_reason';
  if (CHAINED.has(name)) return `${chainValue(name)} AS ${name}`;
  return `result_rows.${name} AS ${name}`;
}

/**
 * Days to expiry as the scan computes them from the quote's own time (scan-plan.ts:
 * (15:30 IST on the expiry day − quote time) ÷ one day, in milliseconds): integer arithmetic,
 * then one division, so SQLite's double is the scan's double.
 */
export function derivedDays(expiry: string, quoteTime: string): string {
  return `CASE WHEN typeof(${quoteTime}) = 'integer'
    THEN (unixepoch(${expiry} || ' 10:00:00') * 1000 - ${quoteTime}) / 86400000.0 END`;
}

function rowValue(name: string): string {
  if (PAISE.has(name)) return paiseEncode(`o.${name}`);
  if (name === 'days_to_expiry') {
    const derived = derivedDays('o.expiry', 'o.quote_time');
    return `CASE WHEN ${derived} = o.days_to_expiry THEN NULL ELSE o.days_to_expiry END`;
  }
  return `o.${name}`;
}

const SAME_CHAIN = CHAIN_COLUMNS.map((name) => `c.${name} IS o.${name}`).join(' AND ');

const SCHEMA = `
DROP VIEW results;
ALTER TABLE result_rows RENAME TO result_rows_005;

CREATE TABLE result_chains (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  exchange TEXT NOT NULL,
  expiry TEXT NOT NULL,
  lot_size INTEGER NOT NULL,
  spot REAL NOT NULL,
  forward REAL,
  forward_source INTEGER CHECK (forward_source BETWEEN 0 AND 1)
) STRICT;
CREATE INDEX result_chains_run ON result_chains (run_id);

CREATE TABLE result_rows (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chain_id INTEGER NOT NULL,
  ${ROW_COLUMNS.map(rowDefinition).join(',\n  ')}
) STRICT;

INSERT INTO result_chains (run_id, ${CHAIN_COLUMNS.join(', ')})
  SELECT run_id, ${CHAIN_COLUMNS.join(', ')} FROM result_rows_005
  GROUP BY run_id, ${CHAIN_COLUMNS.join(', ')} ORDER BY min(id);
INSERT INTO result_rows (id, run_id, chain_id, ${ROW_COLUMNS.join(', ')})
  SELECT o.id, o.run_id,
    (SELECT c.id FROM result_chains c WHERE c.run_id = o.run_id AND ${SAME_CHAIN}),
    ${ROW_COLUMNS.map(rowValue).join(', ')}
  FROM result_rows_005 o ORDER BY o.id;
DROP TABLE result_rows_005;

CREATE INDEX result_rows_run_underlying ON result_rows (run_id, underlying);
CREATE INDEX result_rows_tradingsymbol ON result_rows (tradingsymbol);
${SORT_INDEXES.map(
  (column) =>
    `CREATE INDEX result_rows_run_pass_${column} ON result_rows (run_id, ${column}) WHERE passes_filters = 1;`,
).join('\n')}

CREATE VIEW results AS SELECT ${VIEW_COLUMNS.map(viewColumn).join(',\n  ')}
FROM result_rows;
`;

export const chainsMigration: Migration = {
  version: 6,
  name: 'chains',
  up(db) {
    db.exec(SCHEMA);
  },
};
