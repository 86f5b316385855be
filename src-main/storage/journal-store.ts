import type { ProfileId } from '../../src-preload/contract';
import type {
  ImportOutcome,
  ImportSummary,
  JournalWrite,
  LedgerRow,
  JournalWriteOutcome,
  ScanSuggestion,
  SettlementInput,
  StoredMark,
  StoredSettlement,
  StoredTrade,
} from './journal-records';
import type { SqliteDatabase } from './sqlite';
import type { WorkspacePaths } from './workspace';
import type { WriterOps } from './protocol';
import { tradeTransferList } from './trade-columns';

/** What JournalStore borrows from Storage: its writer, its readers and its error handling. */
export interface JournalStoreDeps {
  readonly ready: (profileId: ProfileId) => Promise<WorkspacePaths>;
  readonly call: (
    payload: WriterOps['journal']['payload'],
    transfer: readonly ArrayBuffer[],
  ) => Promise<WriterOps['journal']['value']>;
  readonly read: <T>(profileId: ProfileId, use: (db: SqliteDatabase) => T) => Promise<T>;
  readonly guard: <T>(
    operation: string,
    profileId: ProfileId,
    action: () => Promise<T>,
  ) => Promise<T>;
}

/** One instrument's identity in the journal. */
export interface InstrumentKey {
  readonly exchange: string;
  readonly tradingsymbol: string;
}

/** Trades filter for the list; every bound optional. Dates are IST trading days, inclusive. */
export interface TradeFilter {
  readonly from?: string;
  readonly to?: string;
  readonly underlying?: string;
  /** A tradingsymbol prefix. */
  readonly instrument?: string;
  readonly side?: 'BUY' | 'SELL';
  readonly kind?: 'EQ' | 'FUT' | 'CE' | 'PE';
}

const TRADE_COLUMNS = `id, exchange, trade_id AS tradeId, order_id AS orderId, tradingsymbol,
  underlying, kind, expiry, strike, side, quantity, price, traded_at AS tradedAt,
  trade_date AS tradeDate, product, source, import_id AS importId, tag`;

const INSTRUMENT_ORDER = 'exchange, tradingsymbol, traded_at, trade_id';
const SEPARATOR = '\x1f';

/**
 * A trade for P&L as numbers plus ONE text: its text fields joined with the unit separator
 * (which no symbol, date, order id or Kite tag contains; the tag, free text, comes last so a
 * stray separator in it stays inside it). Measured on 200,000 trades: the driver making eleven
 * strings per row took 1.3 s, one string split in JavaScript 0.7 s.
 */
const LEDGER_ROW = `id, quantity, price, strike, exchange || char(31) || tradingsymbol || char(31) ||
  underlying || char(31) || kind || char(31) || coalesce(expiry, '') || char(31) || side ||
  char(31) || traded_at || char(31) || trade_date || char(31) || order_id || char(31) ||
  coalesce(product, '') || char(31) || coalesce(tag, '')`;
type LedgerTuple = [number, number, number, number | null, string];

function ledgerRowFromTuple(row: LedgerTuple): LedgerRow {
  const [exchange = '', tradingsymbol = '', underlying = '', kind, expiry = '', side, ...rest] =
    row[4].split(SEPARATOR);
  const [tradedAt = '', tradeDate = '', orderId = '', product = '', ...tag] = rest;
  const tagText = tag.join(SEPARATOR);
  return {
    id: row[0],
    quantity: row[1],
    price: row[2],
    strike: row[3],
    exchange,
    tradingsymbol,
    underlying,
    kind: kind as LedgerRow['kind'],
    expiry: expiry === '' ? null : expiry,
    side: side as LedgerRow['side'],
    tradedAt,
    tradeDate,
    orderId,
    product: product === '' ? null : product,
    tag: tagText === '' ? null : tagText,
  };
}

/** Names the seller-metrics branch may give the annualized return-on-margin column. */
const ROM_COLUMNS = ['annualized_rom_pct', 'annualized_return_on_margin_pct'];

function where(filter: TradeFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    parts.push(clause);
    params.push(value);
  };
  if (filter.from !== undefined) add('trade_date >= ?', filter.from);
  if (filter.to !== undefined) add('trade_date <= ?', filter.to);
  if (filter.underlying !== undefined) add('underlying = ?', filter.underlying);
  // instr() rather than LIKE: a symbol typed by the trader needs no escaping of % or _.
  if (filter.instrument !== undefined) add('instr(tradingsymbol, ?) = 1', filter.instrument);
  if (filter.side !== undefined) add('side = ?', filter.side);
  if (filter.kind !== undefined) add('kind = ?', filter.kind);
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/**
 * The trade journal's storage: writes go to the writer thread as one `journal` request each,
 * reads run on the profile's read-only connection. Every failure is a UserFacingError.
 */
export class JournalStore {
  constructor(private readonly deps: JournalStoreDeps) {}

  private async write(
    profileId: ProfileId,
    write: JournalWrite,
    transfer: readonly ArrayBuffer[] = [],
  ): Promise<JournalWriteOutcome> {
    const paths = await this.deps.ready(profileId);
    return this.deps.call({ profileId: paths.profileId, write }, transfer);
  }

  private query<T>(operation: string, profileId: ProfileId, use: (db: SqliteDatabase) => T) {
    return this.deps.guard(`journal.${operation}`, profileId, () => this.deps.read(profileId, use));
  }

  /** The batch's columns are transferred to the writer: the caller must not read them after. */
  importTrades(
    profileId: ProfileId,
    batch: Extract<JournalWrite, { kind: 'import' }>['batch'],
  ): Promise<ImportOutcome> {
    return this.deps.guard('journal.import', profileId, async () => {
      const transfer = tradeTransferList(batch.trades);
      const result = await this.write(profileId, { kind: 'import', batch }, transfer);
      if (result.kind !== 'import') throw new Error('journal import answered another kind');
      return result.outcome;
    });
  }

  saveSettlement(profileId: ProfileId, settlement: SettlementInput): Promise<void> {
    return this.deps.guard('journal.settlement', profileId, async () => {
      await this.write(profileId, { kind: 'settlement', settlement });
    });
  }

  tagTrades(
    profileId: ProfileId,
    tradeIds: readonly number[],
    tag: string | null,
  ): Promise<number> {
    return this.deps.guard('journal.tag', profileId, async () => {
      const result = await this.write(profileId, { kind: 'tag', tradeIds, tag });
      return result.kind === 'tag' ? result.changed : 0;
    });
  }

  /**
   * Every trade, one instrument at a time, each instrument's fills in the order FIFO needs (fill
   * time, then trade id within one second). `visit` runs on the reader as the rows stream in,
   * so a full recompute holds one instrument's trades at a time rather than all of them.
   */
  eachInstrument(profileId: ProfileId, visit: (trades: LedgerRow[]) => void): Promise<number> {
    return this.query('eachInstrument', profileId, (db) => {
      const rows = db
        .prepare(`SELECT ${LEDGER_ROW} FROM trades ORDER BY ${INSTRUMENT_ORDER}`)
        .raw()
        .iterate() as IterableIterator<LedgerTuple>;
      let instrument: LedgerRow[] = [];
      let count = 0;
      for (const row of rows) {
        const trade = ledgerRowFromTuple(row);
        const previous = instrument[0];
        if (
          previous !== undefined &&
          (previous.tradingsymbol !== trade.tradingsymbol || previous.exchange !== trade.exchange)
        ) {
          visit(instrument);
          instrument = [];
        }
        instrument.push(trade);
        count += 1;
      }
      if (instrument.length > 0) visit(instrument);
      return count;
    });
  }

  /**
   * All trades of each of these instruments, in FIFO order, one list per instrument found. One
   * pass over the table per 500 instruments (no index leads by symbol: each extra index slowed a
   * 200,000-trade import by more than it sped up a page of trades).
   */
  instrumentTrades(
    profileId: ProfileId,
    instruments: readonly InstrumentKey[],
  ): Promise<LedgerRow[][]> {
    return this.query('instrumentTrades', profileId, (db) => {
      const wanted = new Set(instruments.map((i) => `${i.exchange}:${i.tradingsymbol}`));
      const symbols = [...new Set(instruments.map((i) => i.tradingsymbol))];
      const found = new Map<string, LedgerRow[]>();
      for (let at = 0; at < symbols.length; at += 500) {
        const chunk = symbols.slice(at, at + 500);
        const rows = db
          .prepare(
            `SELECT ${LEDGER_ROW} FROM trades
             WHERE tradingsymbol IN (${chunk.map(() => '?').join(', ')})
             ORDER BY ${INSTRUMENT_ORDER}`,
          )
          .raw()
          .all(...chunk) as LedgerTuple[];
        for (const row of rows) {
          const trade = ledgerRowFromTuple(row);
          const key = `${trade.exchange}:${trade.tradingsymbol}`;
          if (!wanted.has(key)) continue;
          const list = found.get(key);
          if (list === undefined) found.set(key, [trade]);
          else list.push(trade);
        }
      }
      return [...found.values()];
    });
  }

  /**
   * The underlyings of exchange-traded F&O contracts expiring on `expiry` that are still open
   * (their fills do not net to zero) and have no settlement price yet.
   */
  openContractsExpiring(
    profileId: ProfileId,
    expiry: string,
  ): Promise<{ exchange: string; underlying: string }[]> {
    return this.query(
      'openContractsExpiring',
      profileId,
      (db) =>
        db
          .prepare(
            `SELECT DISTINCT exchange, underlying FROM (
               SELECT exchange, underlying,
                 sum(CASE side WHEN 'BUY' THEN quantity ELSE -quantity END) AS net
               FROM trades WHERE expiry = ? AND exchange IN ('NFO', 'BFO') AND kind != 'EQ'
               GROUP BY exchange, tradingsymbol) AS c
             WHERE net != 0 AND NOT EXISTS (
               SELECT 1 FROM settlements s WHERE s.underlying = c.underlying AND s.expiry = ?)`,
          )
          .all(expiry, expiry) as { exchange: string; underlying: string }[],
    );
  }

  /** The options this profile sold that a finished scan of it listed. */
  soldOptionsInScans(profileId: ProfileId): Promise<InstrumentKey[]> {
    return this.query(
      'soldOptionsInScans',
      profileId,
      (db) =>
        db
          .prepare(
            `SELECT DISTINCT t.exchange, t.tradingsymbol FROM trades t
             WHERE t.side = 'SELL' AND t.kind IN ('CE', 'PE') AND EXISTS (
               SELECT 1 FROM results r JOIN runs u ON u.id = r.run_id
               WHERE r.tradingsymbol = t.tradingsymbol AND u.status != 'running')`,
          )
          .all() as InstrumentKey[],
    );
  }

  /** A page of trades, newest first, and how many match. */
  listTrades(
    profileId: ProfileId,
    filter: TradeFilter,
    limit: number,
    offset: number,
  ): Promise<{ trades: StoredTrade[]; total: number }> {
    return this.query('listTrades', profileId, (db) => {
      const clause = where(filter);
      const total = db
        .prepare(`SELECT count(*) FROM trades WHERE ${clause.sql}`)
        .pluck()
        .get(...clause.params) as number;
      const trades = db
        .prepare(
          `SELECT ${TRADE_COLUMNS} FROM trades WHERE ${clause.sql}
           ORDER BY traded_at DESC, id DESC LIMIT ? OFFSET ?`,
        )
        .all(...clause.params, limit, offset) as StoredTrade[];
      return { trades, total };
    });
  }

  imports(profileId: ProfileId, limit: number): Promise<ImportSummary[]> {
    return this.query(
      'imports',
      profileId,
      (db) =>
        db
          .prepare(
            `SELECT id, at, source, label, kite_user_id AS kiteUserId, trades_read AS tradesRead,
               trades_added AS tradesAdded, first_date AS firstDate, last_date AS lastDate
             FROM journal_imports ORDER BY id DESC LIMIT ?`,
          )
          .all(limit) as ImportSummary[],
    );
  }

  boundKiteUser(profileId: ProfileId): Promise<string | null> {
    return this.query(
      'account',
      profileId,
      (db) =>
        (db.prepare('SELECT kite_user_id FROM journal_account WHERE id = 1').pluck().get() as
          string | undefined) ?? null,
    );
  }

  settlements(profileId: ProfileId): Promise<StoredSettlement[]> {
    return this.query(
      'settlements',
      profileId,
      (db) =>
        db
          .prepare(
            'SELECT underlying, expiry, close_price AS closePrice, source, at FROM settlements',
          )
          .all() as StoredSettlement[],
    );
  }

  /**
   * The newest price of each instrument: Kite's last price at the latest position snapshot, or
   * the latest finished scan's last traded price, whichever is more recent.
   */
  marks(profileId: ProfileId, symbols: readonly string[]): Promise<StoredMark[]> {
    return this.query('marks', profileId, (db) => {
      const snapshot = db.prepare(
        `SELECT exchange, tradingsymbol, last_price AS price, taken_at AS at FROM position_snapshots
         WHERE tradingsymbol = ? ORDER BY taken_at DESC LIMIT 1`,
      );
      const scanned = db.prepare(
        `SELECT r.exchange, r.tradingsymbol, r.last_price AS price, coalesce(r.quote_time, u.started_at) AS at
         FROM results r JOIN runs u ON u.id = r.run_id
         WHERE r.tradingsymbol = ? AND r.last_price IS NOT NULL AND u.status != 'running'
         ORDER BY u.started_at DESC LIMIT 1`,
      );
      const marks: StoredMark[] = [];
      for (const symbol of symbols) {
        const a = snapshot.get(symbol) as Omit<StoredMark, 'source'> | undefined;
        const b = scanned.get(symbol) as Omit<StoredMark, 'source'> | undefined;
        if (a !== undefined && (b === undefined || a.at >= b.at))
          marks.push({ ...a, source: 'kite-position' });
        else if (b !== undefined) marks.push({ ...b, source: 'scan' });
      }
      return marks;
    });
  }

  /**
   * The underlying's price in the first finished scan after 15:30 IST on the expiry day (its
   * quotes are then the closing prices), within the following four days.
   */
  scanCloses(
    profileId: ProfileId,
    wanted: readonly { underlying: string; expiry: string }[],
  ): Promise<{ underlying: string; expiry: string; closePrice: number }[]> {
    return this.query('scanCloses', profileId, (db) => {
      const find = db
        .prepare(
          `SELECT r.spot FROM results r JOIN runs u ON u.id = r.run_id
           WHERE r.underlying = ? AND u.status != 'running' AND u.started_at >= ? AND u.started_at < ?
           ORDER BY u.started_at LIMIT 1`,
        )
        .pluck();
      const found: { underlying: string; expiry: string; closePrice: number }[] = [];
      for (const { underlying, expiry } of wanted) {
        const closeAt = new Date(`${expiry}T10:00:00Z`); // 15:30 IST
        const until = new Date(closeAt.getTime() + 4 * 86_400_000 - 6.25 * 3_600_000);
        const spot = find.get(underlying, closeAt.toISOString(), until.toISOString()) as
          number | undefined;
        if (spot !== undefined && spot > 0) found.push({ underlying, expiry, closePrice: spot });
      }
      return found;
    });
  }

  /** Every finished scan's row for these option symbols, oldest run first. */
  suggestions(profileId: ProfileId, symbols: readonly string[]): Promise<ScanSuggestion[]> {
    return this.query('suggestions', profileId, (db) => {
      const columns = new Set(
        (db.prepare('PRAGMA table_info(results)').all() as { name: string }[]).map((c) => c.name),
      );
      const rom = ROM_COLUMNS.find((name) => columns.has(name));
      const statement = db.prepare(
        `SELECT r.run_id AS runId, u.started_at AS runStartedAt, r.exchange, r.tradingsymbol,
           r.premium, r.spot, r.annualized_yield_pct AS annualizedYieldPct,
           ${rom === undefined ? 'NULL' : `r.${rom}`} AS annualizedReturnOnMarginPct
         FROM results r JOIN runs u ON u.id = r.run_id
         WHERE r.tradingsymbol = ? AND u.status != 'running' ORDER BY u.started_at`,
      );
      return symbols.flatMap((symbol) => statement.all(symbol) as ScanSuggestion[]);
    });
  }
}
