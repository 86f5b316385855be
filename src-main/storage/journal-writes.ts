import { StorageFailure } from './errors';
import type {
  ImportOutcome,
  JournalWrite,
  JournalWriteOutcome,
  SettlementInput,
  TradeImport,
} from './journal-records';
import type { SqliteDatabase } from './sqlite';
import { KINDS, NONE, SIDES, tradeDateRange, tradeIdReader } from './trade-columns';

/**
 * The journal's writes, run by the writer thread on the profile's writable connection. Each
 * write is one transaction: a tradebook file is stored whole or not at all.
 */
export function applyJournalWrite(db: SqliteDatabase, write: JournalWrite): JournalWriteOutcome {
  switch (write.kind) {
    case 'import':
      return { kind: 'import', outcome: importTrades(db, write.batch) };
    case 'settlement':
      saveSettlement(db, write.settlement);
      return { kind: 'settlement' };
    case 'tag':
      return { kind: 'tag', changed: tagTrades(db, write.tradeIds, write.tag) };
  }
}

function mismatch(bound: string, offered: string, label: string): StorageFailure {
  return new StorageFailure(
    'constraint',
    `journal bound to ${bound}, offered ${offered}`,
    `${label} belongs to Kite account ${offered}, but this profile's journal belongs to ${bound}. ` +
      'Nothing was stored. Use the profile of that account (or a new profile) for its trades.',
  );
}

/**
 * A profile is bound to the first Kite account it sees; a batch from another account is refused
 * before any of its rows are written (the check and the binding share the batch's transaction).
 */
function bindAccount(db: SqliteDatabase, batch: TradeImport): string | null {
  const bound = db
    .prepare('SELECT kite_user_id FROM journal_account WHERE id = 1')
    .pluck()
    .get() as string | undefined;
  const offered = batch.kiteUserId;
  if (offered === null) return bound ?? null;
  if (bound !== undefined) {
    if (bound !== offered) throw mismatch(bound, offered, batch.label);
    return bound;
  }
  db.prepare(
    'INSERT INTO journal_account (id, kite_user_id, bound_at, bound_by) VALUES (1, ?, ?, ?)',
  ).run(offered, batch.at, batch.label);
  return offered;
}

function insertImport(db: SqliteDatabase, batch: TradeImport): number {
  const { first, last } = tradeDateRange(batch.trades);
  return Number(
    db
      .prepare(
        `INSERT INTO journal_imports (at, source, label, kite_user_id, trades_read, trades_added,
           first_date, last_date) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(batch.at, batch.source, batch.label, batch.kiteUserId, batch.trades.length, first, last)
      .lastInsertRowid,
  );
}

/** Fills per INSERT statement: one statement per 64 rows cost half the CPU of one per row. */
const ROWS_PER_INSERT = 64;
const TRADE_INSERT = `INSERT OR IGNORE INTO trades (exchange, trade_id, order_id, tradingsymbol,
  underlying, kind, expiry, strike, side, quantity, price, traded_at, trade_date, product, source,
  import_id, tag) VALUES `;

/**
 * Binds each fill straight from the batch's columns (no row objects), many rows per statement.
 * OR IGNORE on the (exchange, trade_id) key: a fill already stored keeps its first import. A
 * trade's tag is its Kite order's; a Console file has no orders, so it skips the lookup.
 */
function insertTrades(db: SqliteDatabase, batch: TradeImport, importId: number): number {
  const tagged = batch.orders.length > 0;
  const tuple = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${tagged ? '(SELECT tag FROM kite_orders WHERE order_id = ?)' : '?'})`;
  const statement = (rows: number) =>
    db.prepare(`${TRADE_INSERT}${Array.from({ length: rows }, () => tuple).join(', ')}`);
  const full = statement(ROWS_PER_INSERT);
  const c = batch.trades;
  const ids = tradeIdReader(c);
  const text = (at: number | undefined): string | null =>
    at === undefined || at === NONE ? null : (c.strings[at] ?? null);
  const values: unknown[] = [];
  let added = 0;
  for (let i = 0; i < c.length; i += 1) {
    const strike = c.strike[i] ?? Number.NaN;
    const orderId = ids.orderId(i);
    values.push(
      text(c.exchange[i]),
      ids.tradeId(i),
      orderId,
      text(c.tradingsymbol[i]),
      text(c.underlying[i]),
      KINDS[c.kind[i] ?? 0],
      text(c.expiry[i]),
      Number.isNaN(strike) ? null : strike,
      SIDES[c.side[i] ?? 0],
      c.quantity[i],
      c.price[i],
      new Date(c.tradedAtMs[i] ?? 0).toISOString(),
      text(c.tradeDate[i]),
      text(c.product[i]),
      c.source,
      importId,
      tagged ? orderId : null,
    );
    if (values.length === ROWS_PER_INSERT * 17) {
      added += full.run(values).changes;
      values.length = 0;
    }
  }
  if (values.length > 0) added += statement(values.length / 17).run(values).changes;
  return added;
}

function saveOrders(db: SqliteDatabase, batch: TradeImport): void {
  const upsert = db.prepare(
    `INSERT INTO kite_orders (order_id, exchange, tradingsymbol, status, side, quantity,
       filled_quantity, average_price, ordered_at, tag, synced_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (order_id) DO UPDATE SET status = excluded.status,
       filled_quantity = excluded.filled_quantity, average_price = excluded.average_price,
       tag = excluded.tag, synced_at = excluded.synced_at`,
  );
  // A trade's strategy tag is its order's tag; orders arrive before or with their trades.
  const tagTradesOf = db.prepare('UPDATE trades SET tag = ? WHERE order_id = ? AND tag IS NULL');
  for (const o of batch.orders) {
    upsert.run(
      o.orderId,
      o.exchange,
      o.tradingsymbol,
      o.status,
      o.side,
      o.quantity,
      o.filledQuantity,
      o.averagePrice,
      o.orderedAt,
      o.tag,
      batch.at,
    );
    if (o.tag !== null) tagTradesOf.run(o.tag, o.orderId);
  }
}

function snapshotPositions(db: SqliteDatabase, batch: TradeImport, importId: number): void {
  if (batch.positions === null) return;
  const insert = db.prepare(
    `INSERT INTO position_snapshots (import_id, taken_at, exchange, tradingsymbol, product,
       quantity, average_price, last_price, pnl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of batch.positions) {
    insert.run(
      importId,
      batch.at,
      p.exchange,
      p.tradingsymbol,
      p.product,
      p.quantity,
      p.averagePrice,
      p.lastPrice,
      p.pnl,
    );
  }
}

/**
 * A Kite sync commits at synchronous=FULL: Kite serves only today's trades, so a sync lost to a
 * power cut after the close could not be fetched again. A tradebook file can always be imported
 * again, so its (possibly large) transaction stays at NORMAL.
 */
function importTrades(db: SqliteDatabase, batch: TradeImport): ImportOutcome {
  const durable = batch.source === 'kite';
  if (durable) db.pragma('synchronous = FULL');
  // The scan writer's 64 MiB page cache would fill with a big tradebook's pages and keep them;
  // a journal import touches each page about once, so a small cache costs it little time.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    const outcome = storeImport(db, batch);
    // A big import leaves tens of MiB in the WAL, and readers then look every page up in it:
    // folding it into the database now made the first P&L read after a 200,000-trade import
    // several times faster.
    if (outcome.added >= BIG_IMPORT_ROWS) db.pragma('wal_checkpoint(PASSIVE)');
    return outcome;
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    if (durable) db.pragma('synchronous = NORMAL');
  }
}

const BIG_IMPORT_ROWS = 10_000;
/** Negative: KiB (SQLite's convention). */
const IMPORT_CACHE_KIB = -8192;

function storeImport(db: SqliteDatabase, batch: TradeImport): ImportOutcome {
  return db
    .transaction((): ImportOutcome => {
      const kiteUserId = bindAccount(db, batch);
      const importId = insertImport(db, batch);
      saveOrders(db, batch);
      const added = insertTrades(db, batch, importId);
      snapshotPositions(db, batch, importId);
      db.prepare('UPDATE journal_imports SET trades_added = ? WHERE id = ?').run(added, importId);
      return { importId, added, duplicates: batch.trades.length - added, kiteUserId };
    })
    .immediate();
}

function saveSettlement(db: SqliteDatabase, s: SettlementInput): void {
  db.prepare(
    `INSERT INTO settlements (underlying, expiry, close_price, source, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (underlying, expiry) DO UPDATE SET close_price = excluded.close_price,
       source = excluded.source, at = excluded.at`,
  ).run(s.underlying, s.expiry, s.closePrice, s.source, s.at);
}

function tagTrades(db: SqliteDatabase, ids: readonly number[], tag: string | null): number {
  const update = db.prepare('UPDATE trades SET tag = ? WHERE id = ?');
  return db.transaction(() => ids.reduce((sum, id) => sum + update.run(tag, id).changes, 0))();
}
