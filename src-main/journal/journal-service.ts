import type {
  ChargeTableView,
  ImportFile,
  ImportFileReport,
  JournalSummary,
  SuggestedVsRealized,
  SyncReport,
  TradeView,
} from '../../src-preload/contract/domains/journal';
import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import type { Broker } from '../market/broker';
import { isoFromDayNumber, istDayNumber, istMsOfDay } from '../market/dates';
import type { JournalStore, TradeFilter } from '../storage/journal-store';
import { tradeDateRange } from '../storage/trade-columns';
import type { AuditRecord } from '../vault/audit';
import { ChargeTableSchema, DEFAULT_CHARGE_TABLE, type ChargeRates } from './charges';
import { settlementKey, type LedgerOptions } from './fifo';
import { journalSummary, markPositions, suggestedVsRealized } from './journal-report';
import { settleTodaysExpiries, type KiteSettlement } from './kite-settlement';
import { kiteImport } from './kite-sync';
import { instrumentBook, JournalRecompute } from './recompute';
import { realizedByTrade, type PnlWindow } from './stats';
import type { ParsedTradebook } from './tradebook';
import { parseTradebookFile } from './tradebook-file';

/** Settings key of the trader's own charge table (DEFAULT_CHARGE_TABLE until set). */
export const CHARGE_RATES_SETTING = 'journal.chargeRates';
const MARKET_CLOSE_MS = (15 * 60 + 30) * 60_000;

export interface JournalDeps {
  readonly store: JournalStore;
  readonly settings: {
    get(profileId: ProfileId, key: string): Promise<unknown>;
    set(profileId: ProfileId, key: string, value: ChargeRates[] | null): Promise<void>;
  };
  readonly brokerFor: (profileId: ProfileId) => Promise<Broker>;
  readonly audit: (profileId: ProfileId, entry: AuditRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Parses a tradebook (the pool's threads in the app; here in the thread when absent). */
  readonly parseTradebook?: (profileId: ProfileId, file: ImportFile) => Promise<ParsedTradebook>;
}

async function parseInThread(file: ImportFile): Promise<ParsedTradebook> {
  return Promise.resolve().then(() => parseTradebookFile(file));
}

/** A file that was not stored, and why (anything but a UserFacingError is a bug: rethrown). */
function refusedReport(name: string, error: unknown): ImportFileReport {
  if (!(error instanceof UserFacingError)) throw error;
  return {
    name,
    status: 'refused',
    message: error.message,
    kiteUserId: null,
    tradesRead: 0,
    tradesAdded: 0,
    duplicates: 0,
    firstDate: null,
    lastDate: null,
  };
}

/**
 * The trade journal of each profile: Console tradebook imports and Kite syncs in, FIFO P&L,
 * charges and statistics out. Every figure is derived from the stored trades on each request,
 * so nothing can drift from them.
 */
export class JournalService {
  constructor(private readonly deps: JournalDeps) {}

  /**
   * Each file is parsed whole and stored in its own transaction; one bad file spares the rest.
   * Files parse on the pool, off the main thread, and are stored one by one in the given order.
   */
  async importFiles(
    profileId: ProfileId,
    files: readonly ImportFile[],
    preview: boolean,
  ): Promise<ImportFileReport[]> {
    const parse = this.deps.parseTradebook ?? ((_: ProfileId, file) => parseInThread(file));
    // One file at a time: the next parses while the last is stored. Parsing them all at once
    // started a second pool thread and held every file's parsing garbage together (measured:
    // +110 MiB peak for four 50,000-trade files) to save under a second.
    let previous: Promise<unknown> = Promise.resolve();
    const parsing = files.map((file) => {
      const next = previous.then(() =>
        parse(profileId, file).then(
          (parsed) => ({ parsed }),
          (error: unknown) => ({ error }),
        ),
      );
      previous = next;
      return next;
    });
    const reports: ImportFileReport[] = [];
    for (const [i, file] of files.entries()) {
      const outcome = await parsing[i];
      if (outcome === undefined) continue;
      reports.push(
        'parsed' in outcome
          ? await this.importFile(profileId, file.name, outcome.parsed, preview)
          : refusedReport(file.name, outcome.error),
      );
    }
    if (!preview) {
      const added = reports.reduce((sum, r) => sum + r.tradesAdded, 0);
      const refused = reports.filter((r) => r.status === 'refused').length;
      await this.deps.audit(profileId, {
        action: 'trades-imported',
        outcome: refused === reports.length ? 'failure' : 'success',
        detail: `${reports.length} tradebook file(s): ${added} new trades, ${refused} file(s) refused.`,
      });
    }
    return reports;
  }

  private async importFile(
    profileId: ProfileId,
    name: string,
    parsed: ParsedTradebook,
    preview: boolean,
  ): Promise<ImportFileReport> {
    try {
      const dates = tradeDateRange(parsed.trades);
      const base = {
        name,
        kiteUserId: parsed.kiteUserId,
        tradesRead: parsed.trades.length,
        firstDate: dates.first,
        lastDate: dates.last,
      };
      if (preview) {
        const bound = await this.deps.store.boundKiteUser(profileId);
        const other = bound !== null && parsed.kiteUserId !== null && bound !== parsed.kiteUserId;
        return {
          ...base,
          status: other ? 'refused' : 'preview',
          message: other
            ? `This file is for Kite account ${parsed.kiteUserId ?? ''}, but this profile's journal belongs to ${bound}.`
            : null,
          tradesAdded: 0,
          duplicates: 0,
        };
      }
      const outcome = await this.deps.store.importTrades(profileId, {
        source: 'console',
        label: name,
        kiteUserId: parsed.kiteUserId,
        at: this.deps.clock.now().toISOString(),
        trades: parsed.trades,
        orders: [],
        positions: null,
      });
      return {
        ...base,
        status: 'imported',
        message: null,
        kiteUserId: outcome.kiteUserId ?? parsed.kiteUserId,
        tradesAdded: outcome.added,
        duplicates: outcome.duplicates,
      };
    } catch (error) {
      return refusedReport(name, error);
    }
  }

  /** Today's trades, orders and positions from the profile's broker, stored idempotently. */
  async sync(profileId: ProfileId, signal: AbortSignal): Promise<SyncReport> {
    const broker = await this.deps.brokerFor(profileId);
    try {
      const profile = await broker.profile(signal);
      const orders = await broker.orders(signal);
      const trades = await broker.trades(signal);
      const positions = await broker.positions(signal);
      const label = broker.kind === 'simulator' ? 'Demo market sync' : 'Kite sync';
      const batch = kiteImport(
        { userId: profile.userId, label, trades, orders, positions: positions.net },
        this.deps.clock.now(),
      );
      const outcome = await this.deps.store.importTrades(profileId, batch);
      const settlements = await this.settleFromQuotes(profileId, broker, signal);
      const settled = settlements.map(
        (s) => ` ${s.underlying} ${s.expiry} settles at ${s.closePrice}.`,
      );
      await this.deps.audit(profileId, {
        action: 'trades-synced',
        outcome: 'success',
        detail: `${label} as ${profile.userId}: ${outcome.added} new of ${trades.length} trades, ${orders.length} orders, ${positions.net.length} positions.${settled.join('')}`,
      });
      return {
        source: broker.kind,
        kiteUserId: profile.userId,
        tradesRead: trades.length,
        tradesAdded: outcome.added,
        orders: orders.length,
        positions: positions.net.length,
        settlements,
      };
    } catch (error) {
      await this.deps.audit(profileId, {
        action: 'trades-synced',
        outcome: 'failure',
        detail: error instanceof UserFacingError ? error.message : 'The sync failed (see the log).',
      });
      throw error;
    }
  }

  /**
   * After 15:30 IST on an expiry day, the broker's quote of each underlying with contracts
   * expiring open today is its close: it settles them. A failed quote leaves them awaiting
   * settlement (logged); it does not fail the sync, whose trades are already stored.
   */
  private async settleFromQuotes(
    profileId: ProfileId,
    broker: Broker,
    signal: AbortSignal,
  ): Promise<KiteSettlement[]> {
    const now = this.deps.clock.now();
    if (this.expiredThrough() !== isoFromDayNumber(istDayNumber(now))) return [];
    try {
      return await settleTodaysExpiries(this.deps.store, profileId, broker, now, signal);
    } catch (error) {
      this.deps.logger.warn('journal.settlement-quote-failed', {
        profileId,
        error: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
  }

  /** A sync nobody waits for (after a Kite login): failures are logged, never thrown. */
  syncInBackground(profileId: ProfileId): void {
    this.sync(profileId, AbortSignal.timeout(60_000)).catch((error: unknown) => {
      this.deps.logger.warn('journal.background-sync-failed', {
        profileId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  async chargeTable(profileId: ProfileId): Promise<readonly ChargeRates[]> {
    return (await this.chargeTableView(profileId)).rows;
  }

  /** The table in force and whether it is still Zerodha's defaults. */
  async chargeTableView(profileId: ProfileId): Promise<ChargeTableView> {
    const stored = ChargeTableSchema.safeParse(
      await this.deps.settings.get(profileId, CHARGE_RATES_SETTING),
    );
    return stored.success
      ? { rows: stored.data, isDefault: false }
      : { rows: [...DEFAULT_CHARGE_TABLE], isDefault: true };
  }

  /** null restores the defaults (and so follows them when a new Premia updates them). */
  async setChargeTable(profileId: ProfileId, table: unknown): Promise<void> {
    if (table === null) {
      await this.deps.settings.set(profileId, CHARGE_RATES_SETTING, null);
      return;
    }
    const parsed = ChargeTableSchema.safeParse(table);
    if (!parsed.success) {
      throw new UserFacingError(
        'BAD_INPUT',
        `That charge table does not have the expected fields: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    const sorted = [...parsed.data].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    await this.deps.settings.set(profileId, CHARGE_RATES_SETTING, sorted);
  }

  /** Contracts expiring on or before this day have expired: today once 15:30 IST has passed. */
  private expiredThrough(): string {
    const now = this.deps.clock.now();
    const today = istDayNumber(now);
    return isoFromDayNumber(istMsOfDay(now) >= MARKET_CLOSE_MS ? today : today - 1);
  }

  private async ledgerOptions(profileId: ProfileId): Promise<LedgerOptions> {
    const settlements = new Map<string, number>();
    for (const s of await this.deps.store.settlements(profileId))
      settlements.set(settlementKey(s.underlying, s.expiry), s.closePrice);
    return { settlements, expiredThrough: this.expiredThrough() };
  }

  /** Closes of expired contracts still awaiting one, from the first scan after that close. */
  private async settleFromScans(
    profileId: ProfileId,
    options: LedgerOptions,
    awaiting: readonly { underlying: string; expiry: string }[],
  ): Promise<void> {
    if (awaiting.length === 0) return;
    const settlements = options.settlements as Map<string, number>;
    for (const c of await this.deps.store.scanCloses(profileId, awaiting))
      settlements.set(settlementKey(c.underlying, c.expiry), c.closePrice);
  }

  /**
   * Every figure from the stored trades: they stream out of the database one instrument at a
   * time (FIFO, charges), and only sums, one figure per closing event and the open positions
   * are kept. Settlements come from the trader, Kite, or a stored scan.
   */
  async recompute(profileId: ProfileId, window: PnlWindow): Promise<JournalRecompute> {
    const options = await this.ledgerOptions(profileId);
    const rates = await this.chargeTable(profileId);
    const recompute = new JournalRecompute(window, rates, options);
    await this.deps.store.eachInstrument(profileId, (trades) => recompute.add(trades));
    await this.settleFromScans(profileId, options, recompute.awaiting());
    return recompute.finish();
  }

  async summary(profileId: ProfileId, window: PnlWindow): Promise<JournalSummary> {
    const { accumulator, positions } = await this.recompute(profileId, window);
    const symbols = [...new Set(positions.map((p) => p.tradingsymbol))];
    const marks = await this.deps.store.marks(profileId, symbols);
    const kiteUserId = await this.deps.store.boundKiteUser(profileId);
    return journalSummary(accumulator, markPositions(positions, marks), kiteUserId);
  }

  /** A page of trades, each with what it realized and its charges (from its instrument's FIFO). */
  async trades(
    profileId: ProfileId,
    filter: TradeFilter,
    limit: number,
    offset: number,
  ): Promise<{ trades: TradeView[]; total: number }> {
    const page = await this.deps.store.listTrades(profileId, filter, limit, offset);
    const instruments = [
      ...new Map(page.trades.map((t) => [`${t.exchange}:${t.tradingsymbol}`, t])).values(),
    ];
    const rates = await this.chargeTable(profileId);
    // Realized P&L by closing trade does not depend on settlements (they close no trade).
    const options = { settlements: new Map<string, number>(), expiredThrough: '' };
    const realized = new Map<number, number>();
    const charges = new Map<number, number>();
    for (const trades of await this.deps.store.instrumentTrades(profileId, instruments)) {
      const book = instrumentBook(trades, options, rates);
      for (const [id, pnl] of realizedByTrade(book.ledger.closures)) realized.set(id, pnl);
      for (const [id, c] of book.charges) charges.set(id, c.total);
    }
    return {
      total: page.total,
      trades: page.trades.map((t) => ({
        ...t,
        realizedPnl: realized.get(t.id) ?? 0,
        charges: charges.get(t.id) ?? 0,
      })),
    };
  }

  /** Only the options sold that a scan listed: their instruments' ledgers, beside the scans. */
  async suggestedVsRealized(profileId: ProfileId, window: PnlWindow): Promise<SuggestedVsRealized> {
    const { store } = this.deps;
    const instruments = await store.soldOptionsInScans(profileId);
    const options = await this.ledgerOptions(profileId);
    const rates = await this.chargeTable(profileId);
    const lists = await store.instrumentTrades(profileId, instruments);
    const first = lists.map((trades) => instrumentBook(trades, options, rates));
    const awaiting = first.flatMap((b) =>
      b.ledger.positions.flatMap((p) =>
        p.awaitingSettlement && p.expiry !== null
          ? [{ underlying: p.underlying, expiry: p.expiry }]
          : [],
      ),
    );
    await this.settleFromScans(profileId, options, awaiting);
    const books =
      awaiting.length === 0 ? first : lists.map((trades) => instrumentBook(trades, options, rates));
    const suggestions = await store.suggestions(
      profileId,
      instruments.map((i) => i.tradingsymbol),
    );
    const ledger = {
      closures: books.flatMap((b) => b.ledger.closures),
      positions: books.flatMap((b) => b.ledger.positions),
    };
    const trades = books
      .flatMap((b) => b.trades)
      .sort((a, b) => (a.tradedAt < b.tradedAt ? -1 : a.tradedAt > b.tradedAt ? 1 : 0));
    return suggestedVsRealized(trades, ledger, suggestions, window);
  }

  async setSettlement(
    profileId: ProfileId,
    underlying: string,
    expiry: string,
    closePrice: number,
  ): Promise<void> {
    if (expiry > this.expiredThrough()) {
      throw new UserFacingError(
        'BAD_INPUT',
        `${underlying} ${expiry} has not expired yet; its settlement price is set after 15:30 IST that day.`,
      );
    }
    await this.deps.store.saveSettlement(profileId, {
      underlying: underlying.toUpperCase(),
      expiry,
      closePrice,
      source: 'trader',
      at: this.deps.clock.now().toISOString(),
    });
  }
}
