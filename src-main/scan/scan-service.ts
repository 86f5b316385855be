import { z } from 'zod';
import { type ScanFiltersInput, type ScanProgress } from '../../src-preload/contract/domains/scans';
import type { Clock } from '../app/clock';
import type { EventHub } from '../app/events';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import { LTP_BATCH_LIMIT, type Broker } from '../market/broker';
import { FnoUniverse, presetUnderlyings, WATCHLIST_PRESETS } from '../market/fno-universe';
import { columnsFromInstruments } from '../market/instrument-columns';
import { SymbolDirectory } from '../market/symbols';
import { InstrumentTable, type InstrumentKey } from '../market/instruments';
import { isoFromDayNumber, istDayNumber } from '../market/dates';
import type { RunId, RunSummary } from '../storage/records';
import { estimateRunBytes } from '../storage';
import type { Storage } from '../storage/storage';
import { DEFAULT_RISK_FREE_RATE } from './metrics';
import { checkedScanFilters, mergeExpiries } from './scan-choices';
import { ScanJob } from './scan-job';
import type { ScanPool } from './scan-pool';

export interface ScanQuotas {
  readonly maxSymbolsPerScan: number;
  readonly maxParallelScans: number;
  readonly workspaceBytes: number;
}

export interface ScanAuditEntry {
  readonly action: 'scan-run';
  readonly outcome: 'success' | 'failure';
  readonly detail: string;
}

export interface ScanRequest {
  readonly symbols: readonly string[];
  /** A built-in preset id or the name of one of the profile's saved watchlists. */
  readonly watchlist?: string | null;
  /** YYYY-MM-DD, "nearest" (the nearest monthly) or "nearest-weekly" (the nearest of any kind). */
  readonly expiry: string;
  readonly filters?: ScanFiltersInput;
}

export interface ScanServiceDeps {
  readonly storage: Storage;
  readonly pool: ScanPool;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventHub;
  /** The profile's broker: Kite with its credentials, or the built-in simulator. */
  readonly brokerFor: (profileId: string) => Promise<Broker>;
  readonly quotasFor: (profileId: string) => ScanQuotas;
  /** Writes the profile's audit log entry for every finished scan. */
  readonly audit: (profileId: string, entry: ScanAuditEntry) => Promise<void>;
  readonly rate?: number;
  /** How long an underlying's price is reused by the next scan of the same profile. */
  readonly spotPriceTtlMs?: number;
}

interface RunningScan {
  readonly profileId: string;
  readonly job: ScanJob;
  readonly controller: AbortController;
  readonly done: Promise<RunSummary>;
}

/** Per-profile runtime state: nothing here is shared between profiles or module-level. */
interface ProfileState {
  readonly spotPrices: Map<InstrumentKey, { readonly price: number; readonly at: number }>;
  instruments: {
    readonly day: string;
    readonly source: Broker['kind'];
    readonly table: InstrumentTable;
  } | null;
}

const WATCHLISTS_SETTING = 'watchlists';
const SavedWatchlistsSchema = z.record(z.string(), z.array(z.string()));

/** A stock's monthly chain has ~70 options, an index's far more: the quota check uses this. */
const TYPICAL_OPTIONS_PER_UNDERLYING = 120;

export class ScanService {
  private readonly running = new Map<string, RunningScan>();
  private readonly profiles = new Map<string, ProfileState>();

  constructor(private readonly deps: ScanServiceDeps) {}

  private key(profileId: string, runId: RunId): string {
    return `${profileId}:${runId}`;
  }

  private state(profileId: string): ProfileState {
    let state = this.profiles.get(profileId);
    if (state === undefined) {
      state = { spotPrices: new Map(), instruments: null };
      this.profiles.set(profileId, state);
    }
    return state;
  }

  /** Checks quotas, records the run and starts it; resolves once the run exists. */
  async start(
    profileId: string,
    request: ScanRequest,
  ): Promise<{ runId: RunId; done: Promise<RunSummary> }> {
    const filters = checkedScanFilters(request.filters ?? {});
    const listed =
      request.watchlist == null ? [] : await this.watchlistSymbols(profileId, request.watchlist);
    const symbols = [
      ...new Set([...listed, ...request.symbols].map((symbol) => symbol.trim())),
    ].filter((symbol) => symbol !== '');
    if (symbols.length === 0)
      throw new UserFacingError('BAD_INPUT', 'Give at least one symbol or a watchlist to scan.');
    const quotas = this.deps.quotasFor(profileId);
    if (symbols.length > quotas.maxSymbolsPerScan) {
      throw new UserFacingError(
        'QUOTA_EXCEEDED',
        `This profile may scan at most ${quotas.maxSymbolsPerScan} symbols at once; ${symbols.length} were given.`,
      );
    }
    const active = this.active(profileId).length;
    if (active >= quotas.maxParallelScans) {
      throw new UserFacingError(
        'QUOTA_EXCEEDED',
        `This profile may run ${quotas.maxParallelScans} scan(s) at a time and ${active} already running. Wait for one to finish or cancel it.`,
      );
    }
    await this.deps.storage.assertWithinQuota(
      profileId,
      quotas.workspaceBytes,
      estimateRunBytes(symbols.length * TYPICAL_OPTIONS_PER_UNDERLYING),
    );
    const broker = await this.deps.brokerFor(profileId);
    const runId = await this.deps.storage.createRun(profileId, {
      source: broker.kind,
      symbols,
      expiry: request.expiry,
      filters,
    });
    const controller = new AbortController();
    const job = new ScanJob(
      { profileId, runId, symbols, expiry: request.expiry, filters },
      {
        storage: this.deps.storage,
        pool: this.deps.pool,
        broker,
        clock: this.deps.clock,
        logger: this.deps.logger,
        rate: this.deps.rate ?? DEFAULT_RISK_FREE_RATE,
        instruments: (signal) => this.instruments(profileId, broker, signal),
        spotPrices: (keys, signal) => this.spotPrices(profileId, broker, keys, signal),
        onProgress: (progress) => this.deps.events.publish('scans.progress', progress, profileId),
      },
      controller.signal,
    );
    const key = this.key(profileId, runId);
    const done = job
      .run()
      .then(async (summary) => {
        await this.deps.audit(profileId, {
          action: 'scan-run',
          outcome: summary.status === 'completed' ? 'success' : 'failure',
          detail: `Scan #${summary.id} ${summary.status} on the ${summary.source}: ${summary.underlyingsTotal} underlyings, ${summary.rowsWritten} options stored, ${summary.apiCalls} API calls.${summary.errorSummary === null ? '' : ` ${summary.errorSummary}`}`,
        });
        return summary;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, { profileId, job, controller, done });
    return { runId, done };
  }

  cancel(profileId: string, runId: RunId): boolean {
    const scan = this.running.get(this.key(profileId, runId));
    if (scan === undefined) return false;
    scan.controller.abort(new Error('cancelled by the trader'));
    return true;
  }

  active(profileId: string): ScanProgress[] {
    return [...this.running.values()]
      .filter((scan) => scan.profileId === profileId)
      .map((scan) => scan.job.snapshot());
  }

  /** Waits for a run of this service to end (the CLI waits on its own scan). */
  wait(profileId: string, runId: RunId): Promise<RunSummary> | null {
    return this.running.get(this.key(profileId, runId))?.done ?? null;
  }

  /** Stops every scan of a profile (logout, profile deletion) and forgets its runtime state. */
  async stopProfile(profileId: string): Promise<void> {
    const scans = [...this.running.values()].filter((scan) => scan.profileId === profileId);
    for (const scan of scans) scan.controller.abort(new Error('the profile signed out'));
    await Promise.allSettled(scans.map((scan) => scan.done));
    this.profiles.delete(profileId);
  }

  async close(): Promise<void> {
    const profiles = new Set([...this.running.values()].map((scan) => scan.profileId));
    await Promise.all([...profiles].map((profileId) => this.stopProfile(profileId)));
  }

  /** Fetches the day's instrument list again from the broker (a listing changed intraday). */
  async refreshInstruments(
    profileId: string,
  ): Promise<{ tradingDay: string; instruments: number }> {
    const broker = await this.deps.brokerFor(profileId);
    const { table } = await this.instruments(profileId, broker, AbortSignal.timeout(120_000), true);
    return {
      tradingDay: isoFromDayNumber(istDayNumber(this.deps.clock.now())),
      instruments: table.size,
    };
  }

  /** The day's F&O universe of the profile's broker (cached for the day). */
  private async universeOf(
    profileId: string,
  ): Promise<{ universe: FnoUniverse; source: Broker['kind'] }> {
    const broker = await this.deps.brokerFor(profileId);
    const { table } = await this.instruments(profileId, broker, AbortSignal.timeout(120_000));
    return { universe: new FnoUniverse(table), source: broker.kind };
  }

  async universe(profileId: string) {
    const { universe, source } = await this.universeOf(profileId);
    const saved = await this.savedWatchlists(profileId);
    return {
      source,
      underlyings: universe.underlyings().map(({ underlying, kind, companyName, lotSize }) => ({
        underlying,
        kind,
        companyName,
        lotSize,
      })),
      presets: [
        ...WATCHLIST_PRESETS.map((preset) => ({
          id: preset.id,
          name: preset.name,
          size: presetUnderlyings(universe, preset.id).length,
        })),
        ...Object.entries(saved).map(([name, symbols]) => ({
          id: name,
          name,
          size: symbols.length,
        })),
      ],
    };
  }

  /** The expiries of several underlyings merged by date (see the contract's scans.expiries). */
  async expiries(profileId: string, underlyings: readonly string[]) {
    const { universe } = await this.universeOf(profileId);
    const report = SymbolDirectory.fromUniverse(universe).match(underlyings);
    const first = report.unknown[0];
    if (report.matched.length === 0 && first !== undefined)
      throw new UserFacingError('NOT_FOUND', `"${first.input}" is not an F&O underlying today.`);
    return mergeExpiries(report.matched.map((match) => universe.expiries(match.underlying)));
  }

  async matchSymbols(profileId: string, symbols: readonly string[]) {
    const { universe } = await this.universeOf(profileId);
    const report = SymbolDirectory.fromUniverse(universe).match(symbols);
    return {
      matched: report.matched.map(({ underlying, inputs }) => ({
        underlying,
        inputs: [...inputs],
      })),
      unknown: report.unknown.map(({ input, suggestions }) => ({
        input,
        suggestions: [...suggestions],
      })),
    };
  }

  private async savedWatchlists(profileId: string): Promise<Record<string, string[]>> {
    return (
      (await this.deps.storage.getSetting(profileId, WATCHLISTS_SETTING, SavedWatchlistsSchema)) ??
      {}
    );
  }

  async saveWatchlist(profileId: string, name: string, symbols: readonly string[]): Promise<void> {
    const trimmed = name.trim();
    if (WATCHLIST_PRESETS.some((preset) => preset.id === trimmed)) {
      throw new UserFacingError('CONFLICT', `"${trimmed}" is the name of a built-in watchlist.`);
    }
    const saved = await this.savedWatchlists(profileId);
    await this.deps.storage.setSetting(profileId, WATCHLISTS_SETTING, {
      ...saved,
      [trimmed]: [...symbols],
    });
  }

  async deleteWatchlist(profileId: string, name: string): Promise<boolean> {
    const saved = await this.savedWatchlists(profileId);
    if (!(name in saved)) return false;
    const rest = Object.fromEntries(
      Object.entries(saved).filter(([listName]) => listName !== name),
    );
    await this.deps.storage.setSetting(profileId, WATCHLISTS_SETTING, rest);
    return true;
  }

  private async watchlistSymbols(profileId: string, watchlist: string): Promise<string[]> {
    const preset = WATCHLIST_PRESETS.find((candidate) => candidate.id === watchlist);
    if (preset !== undefined)
      return presetUnderlyings((await this.universeOf(profileId)).universe, preset.id);
    const saved = (await this.savedWatchlists(profileId))[watchlist];
    if (saved === undefined)
      throw new UserFacingError('NOT_FOUND', `There is no watchlist called "${watchlist}".`);
    return saved;
  }

  /** The day's instrument list: memory, then the profile database (Kite), then the broker. */
  private async instruments(
    profileId: string,
    broker: Broker,
    signal: AbortSignal,
    refresh = false,
  ): Promise<{ table: InstrumentTable; calls: number }> {
    const state = this.state(profileId);
    const day = isoFromDayNumber(istDayNumber(this.deps.clock.now()));
    if (!refresh && state.instruments?.day === day && state.instruments.source === broker.kind)
      return { table: state.instruments.table, calls: 0 };
    let table: InstrumentTable | null = null;
    if (
      !refresh &&
      broker.kind === 'kite' &&
      (await this.deps.storage.hasInstruments(profileId, day))
    ) {
      const rows = await this.deps.storage.getInstruments(profileId, day);
      table = new InstrumentTable(columnsFromInstruments(rows));
    }
    let calls = 0;
    if (table === null) {
      calls = 1;
      table = await broker.instruments({}, signal);
      // Kite's dump is large and changes once a day: keep it offline for the rest of the day.
      if (broker.kind === 'kite')
        await this.deps.storage.replaceInstruments(profileId, day, [...table.rows()]);
    }
    state.instruments = { day, source: broker.kind, table };
    return { table, calls };
  }

  private async spotPrices(
    profileId: string,
    broker: Broker,
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<{ prices: Map<InstrumentKey, number>; calls: number }> {
    const cache = this.state(profileId).spotPrices;
    const now = this.deps.clock.now().getTime();
    const ttl = this.deps.spotPriceTtlMs ?? 5_000;
    const prices = new Map<InstrumentKey, number>();
    const missing: InstrumentKey[] = [];
    for (const key of keys) {
      const cached = cache.get(key);
      if (cached !== undefined && now - cached.at <= ttl) prices.set(key, cached.price);
      else missing.push(key);
    }
    let calls = 0;
    for (let start = 0; start < missing.length; start += LTP_BATCH_LIMIT) {
      calls += 1;
      const quotes = await broker.ltp(missing.slice(start, start + LTP_BATCH_LIMIT), signal);
      for (const [key, quote] of quotes) {
        prices.set(key, quote.lastPrice);
        cache.set(key, { price: quote.lastPrice, at: now });
      }
    }
    return { prices, calls };
  }
}
