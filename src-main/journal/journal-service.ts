import type {
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
import type { StoredTrade } from '../storage/journal-records';
import type { AuditRecord } from '../vault/audit';
import {
  ChargeTableSchema,
  DEFAULT_CHARGE_TABLE,
  estimateCharges,
  type ChargeBreakdown,
  type ChargeRates,
} from './charges';
import { buildLedger, settlementKey, type Ledger } from './fifo';
import { journalSummary, markPositions, suggestedVsRealized } from './journal-report';
import { kiteImport } from './kite-sync';
import { realizedByTrade, type PnlInput, type PnlWindow } from './stats';
import { parseTradebookFile } from './tradebook-file';

/** Settings key of the trader's own charge table (DEFAULT_CHARGE_TABLE until set). */
export const CHARGE_RATES_SETTING = 'journal.chargeRates';
const MARKET_CLOSE_MS = (15 * 60 + 30) * 60_000;

export interface JournalDeps {
  readonly store: JournalStore;
  readonly settings: {
    get(profileId: ProfileId, key: string): Promise<unknown>;
    set(profileId: ProfileId, key: string, value: ChargeRates[]): Promise<void>;
  };
  readonly brokerFor: (profileId: ProfileId) => Promise<Broker>;
  readonly audit: (profileId: ProfileId, entry: AuditRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Everything a P&L view derives from: trades, FIFO ledger, charge estimates. */
export interface Derived extends PnlInput {
  readonly trades: StoredTrade[];
  readonly ledger: Ledger;
  readonly charges: Map<number, ChargeBreakdown>;
}

/**
 * The trade journal of each profile: Console tradebook imports and Kite syncs in, FIFO P&L,
 * charges and statistics out. Every figure is derived from the stored trades on each request,
 * so nothing can drift from them.
 */
export class JournalService {
  constructor(private readonly deps: JournalDeps) {}

  /** Each file is parsed whole and stored in its own transaction; one bad file spares the rest. */
  async importFiles(
    profileId: ProfileId,
    files: readonly ImportFile[],
    preview: boolean,
  ): Promise<ImportFileReport[]> {
    const reports: ImportFileReport[] = [];
    for (const file of files) reports.push(await this.importFile(profileId, file, preview));
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
    file: ImportFile,
    preview: boolean,
  ): Promise<ImportFileReport> {
    const empty = { tradesRead: 0, tradesAdded: 0, duplicates: 0, firstDate: null, lastDate: null };
    try {
      const parsed = parseTradebookFile(file);
      const dates = parsed.trades.map((t) => t.tradeDate).sort();
      const base = {
        name: file.name,
        kiteUserId: parsed.kiteUserId,
        tradesRead: parsed.trades.length,
        firstDate: dates[0] ?? null,
        lastDate: dates.at(-1) ?? null,
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
        label: file.name,
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
      if (!(error instanceof UserFacingError)) throw error;
      return {
        name: file.name,
        status: 'refused',
        message: error.message,
        kiteUserId: null,
        ...empty,
      };
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
      await this.deps.audit(profileId, {
        action: 'trades-synced',
        outcome: 'success',
        detail: `${label} as ${profile.userId}: ${outcome.added} new of ${trades.length} trades, ${orders.length} orders, ${positions.net.length} positions.`,
      });
      return {
        source: broker.kind,
        kiteUserId: profile.userId,
        tradesRead: trades.length,
        tradesAdded: outcome.added,
        orders: orders.length,
        positions: positions.net.length,
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
    const stored = ChargeTableSchema.safeParse(
      await this.deps.settings.get(profileId, CHARGE_RATES_SETTING),
    );
    return stored.success ? stored.data : DEFAULT_CHARGE_TABLE;
  }

  async setChargeTable(profileId: ProfileId, table: unknown): Promise<void> {
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

  /** Trades → FIFO ledger → charges, with settlements from the trader or a stored scan. */
  async derive(profileId: ProfileId): Promise<Derived> {
    const { store } = this.deps;
    const trades = await store.allTrades(profileId);
    const settlements = new Map<string, number>();
    for (const s of await store.settlements(profileId))
      settlements.set(settlementKey(s.underlying, s.expiry), s.closePrice);
    const expiredThrough = this.expiredThrough();
    let ledger = buildLedger(trades, { settlements, expiredThrough });
    const awaiting = ledger.positions
      .filter((p) => p.awaitingSettlement && p.expiry !== null)
      .map((p) => ({ underlying: p.underlying, expiry: p.expiry ?? '' }));
    if (awaiting.length > 0) {
      const closes = await store.scanCloses(profileId, awaiting);
      for (const c of closes) settlements.set(settlementKey(c.underlying, c.expiry), c.closePrice);
      if (closes.length > 0) ledger = buildLedger(trades, { settlements, expiredThrough });
    }
    const rates = await this.chargeTable(profileId);
    return { trades, ledger, charges: estimateCharges(trades, rates), rates };
  }

  async summary(profileId: ProfileId, window: PnlWindow): Promise<JournalSummary> {
    const derived = await this.derive(profileId);
    const symbols = [...new Set(derived.ledger.positions.map((p) => p.tradingsymbol))];
    const marks = await this.deps.store.marks(profileId, symbols);
    const kiteUserId = await this.deps.store.boundKiteUser(profileId);
    return journalSummary(
      derived,
      window,
      markPositions(derived.ledger.positions, marks),
      kiteUserId,
    );
  }

  async trades(
    profileId: ProfileId,
    filter: TradeFilter,
    limit: number,
    offset: number,
  ): Promise<{ trades: TradeView[]; total: number }> {
    const derived = await this.derive(profileId);
    const realized = realizedByTrade(derived.ledger.closures);
    const page = await this.deps.store.listTrades(profileId, filter, limit, offset);
    return {
      total: page.total,
      trades: page.trades.map((t) => ({
        ...t,
        realizedPnl: realized.get(t.id) ?? 0,
        charges: derived.charges.get(t.id)?.total ?? 0,
      })),
    };
  }

  async suggestedVsRealized(profileId: ProfileId, window: PnlWindow): Promise<SuggestedVsRealized> {
    const derived = await this.derive(profileId);
    const sold = new Set(
      derived.trades
        .filter((t) => t.side === 'SELL' && (t.kind === 'CE' || t.kind === 'PE'))
        .map((t) => t.tradingsymbol),
    );
    const suggestions = await this.deps.store.suggestions(profileId, [...sold]);
    return suggestedVsRealized(derived.trades, derived.ledger, suggestions, window);
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
