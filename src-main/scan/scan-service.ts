import type { ProfileId } from '../../src-preload/contract';
import {
  type ScanFiltersInput,
  type ScanModel,
  type ScanProgress,
} from '../../src-preload/contract/domains/scans';
import type { Clock } from '../app/clock';
import type { EventHub } from '../app/events';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import type { ProfileAccess } from '../domain/access';
import type { Broker } from '../market/broker';
import { FnoUniverse } from '../market/fno-universe';
import { InstrumentCache } from '../market/instrument-cache';
import { SymbolDirectory } from '../market/symbols';
import type { RunId, RunSummary } from '../storage/records';
import { estimateRunBytes } from '../storage';
import type { Storage } from '../storage/storage';
import { FilterPresets } from './filter-presets';
import { resolveScanModel } from './scan-model';
import { checkedScanFilters, mergeExpiries } from './scan-choices';
import { ScanJob } from './scan-job';
import type { ScanPool } from './scan-pool';
import { SpotPrices } from './spot-prices';
import { Watchlists } from './watchlists';

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
  /** Premium basis, risk-free rate, expiry rule; unset parts come from the profile's settings. */
  readonly model?: Partial<ScanModel>;
}

export interface ScanServiceDeps {
  readonly storage: Storage;
  readonly pool: ScanPool;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventHub;
  /** Signed in and unlocked: checked here, whoever calls. */
  readonly access: ProfileAccess;
  /** The profile's broker: Kite with its credentials, or the built-in simulator. */
  readonly brokerFor: (profileId: ProfileId) => Promise<Broker>;
  readonly quotasFor: (profileId: ProfileId) => ScanQuotas;
  /** Writes the profile's audit log entry for every finished scan. */
  readonly audit: (profileId: ProfileId, entry: ScanAuditEntry) => Promise<void>;
  /** The day's instrument lists; by default cached in memory and the profile database. */
  readonly instruments?: InstrumentCache;
  readonly rate?: number;
  /** How long an underlying's price is reused by the next scan of the same profile. */
  readonly spotPriceTtlMs?: number;
}

interface RunningScan {
  readonly profileId: ProfileId;
  readonly job: ScanJob;
  readonly controller: AbortController;
  readonly done: Promise<RunSummary>;
}

/** A stock's monthly chain has ~70 options, an index's far more: the quota check uses this. */
const TYPICAL_OPTIONS_PER_UNDERLYING = 120;

/** How long a universe query may wait for the day's instrument list. */
const UNIVERSE_TIMEOUT_MS = 120_000;

/**
 * Scans' lifecycle per profile: quota checks, start, progress, cancel, stop on sign-out, and the
 * day's universe the scan screen offers. The caches it uses (instrument lists, spot prices) and
 * the saved watchlists are their own services; nothing here is module-level.
 */
export class ScanService {
  private readonly running = new Map<string, RunningScan>();
  readonly watchlists: Watchlists;
  private readonly instruments: InstrumentCache;
  private readonly spots: SpotPrices;

  /** Named scan filters per profile (the scan screen's presets). */
  readonly filterPresets: FilterPresets;

  constructor(private readonly deps: ScanServiceDeps) {
    this.watchlists = new Watchlists(deps.storage);
    this.filterPresets = new FilterPresets(deps.storage);
    this.instruments =
      deps.instruments ??
      new InstrumentCache({
        clock: deps.clock,
        store: {
          has: (profileId, day) => deps.storage.hasInstruments(profileId, day),
          load: (profileId, day) => deps.storage.getInstrumentColumns(profileId, day),
          save: async (profileId, day, columns) => {
            await deps.storage.replaceInstruments(profileId, day, columns);
          },
        },
      });
    this.spots = new SpotPrices(deps.clock, deps.spotPriceTtlMs);
  }

  private key(profileId: ProfileId, runId: RunId): string {
    return `${profileId}:${runId}`;
  }

  private async symbolsOf(profileId: ProfileId, request: ScanRequest): Promise<string[]> {
    const listed =
      request.watchlist == null
        ? []
        : await this.watchlists.symbols(
            profileId,
            request.watchlist,
            async () => (await this.universeOf(profileId)).universe,
          );
    const symbols = [
      ...new Set([...listed, ...request.symbols].map((symbol) => symbol.trim())),
    ].filter((symbol) => symbol !== '');
    if (symbols.length === 0)
      throw new UserFacingError('BAD_INPUT', 'Give at least one symbol or a watchlist to scan.');
    return symbols;
  }

  private async checkQuotas(profileId: ProfileId, symbols: readonly string[]): Promise<void> {
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
  }

  /** Checks access and quotas, records the run and starts it; resolves once the run exists. */
  async start(
    profileId: ProfileId,
    request: ScanRequest,
  ): Promise<{ runId: RunId; done: Promise<RunSummary> }> {
    this.deps.access.requireUnlocked(profileId);
    const filters = checkedScanFilters(request.filters ?? {});
    const symbols = await this.symbolsOf(profileId, request);
    await this.checkQuotas(profileId, symbols);
    const broker = await this.deps.brokerFor(profileId);
    const model = await resolveScanModel(
      this.deps.storage,
      profileId,
      request.model,
      this.deps.rate,
    );
    const runId = await this.deps.storage.createRun(profileId, {
      source: broker.kind,
      symbols,
      expiry: request.expiry,
      filters,
      model,
    });
    const controller = new AbortController();
    const job = new ScanJob(
      { profileId, runId, symbols, expiry: request.expiry, filters, model },
      {
        storage: this.deps.storage,
        pool: this.deps.pool,
        broker,
        clock: this.deps.clock,
        logger: this.deps.logger,
        instruments: (signal) => this.instruments.load(profileId, broker, signal),
        spotPrices: (keys, signal) => this.spots.prices(profileId, broker, keys, signal),
        onProgress: (progress) => this.deps.events.publish('scans.progress', progress, profileId),
      },
      controller.signal,
    );
    const key = this.key(profileId, runId);
    const done = this.finish(profileId, runId, job.run()).finally(() => this.running.delete(key));
    // The window does not wait for `done` (progress events tell it); the CLI does. A failure is
    // logged and audited in finish(), so nobody awaiting it is not an unhandled rejection.
    done.catch(() => undefined);
    this.running.set(key, { profileId, job, controller, done });
    return { runId, done };
  }

  /** Audits the finished scan; a scan that could not even be marked finished is logged too. */
  private async finish(
    profileId: ProfileId,
    runId: RunId,
    running: Promise<RunSummary>,
  ): Promise<RunSummary> {
    try {
      const summary = await running;
      await this.deps.audit(profileId, {
        action: 'scan-run',
        outcome: summary.status === 'completed' ? 'success' : 'failure',
        detail: `Scan #${summary.id} ${summary.status} on the ${summary.source}: ${summary.underlyingsTotal} underlyings, ${summary.rowsWritten} options stored, ${summary.apiCalls} API calls.${summary.errorSummary === null ? '' : ` ${summary.errorSummary}`}`,
      });
      return summary;
    } catch (error) {
      this.deps.logger.error('scan.finish-failed', {
        profileId,
        runId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      await this.deps.audit(profileId, {
        action: 'scan-run',
        outcome: 'failure',
        detail: `Scan #${runId} could not be saved as finished; it will show as interrupted.`,
      });
      throw error;
    }
  }

  cancel(profileId: ProfileId, runId: RunId): boolean {
    this.deps.access.requireUnlocked(profileId);
    const scan = this.running.get(this.key(profileId, runId));
    if (scan === undefined) return false;
    scan.controller.abort(new Error('cancelled by the trader'));
    return true;
  }

  active(profileId: ProfileId): ScanProgress[] {
    return [...this.running.values()]
      .filter((scan) => scan.profileId === profileId)
      .map((scan) => scan.job.snapshot());
  }

  /** Stops every scan of a profile (logout, profile deletion) and forgets its runtime state. */
  async stopProfile(profileId: ProfileId): Promise<void> {
    const scans = [...this.running.values()].filter((scan) => scan.profileId === profileId);
    for (const scan of scans) scan.controller.abort(new Error('the profile signed out'));
    await Promise.allSettled(scans.map((scan) => scan.done));
    this.instruments.forget(profileId);
    this.spots.forget(profileId);
  }

  async close(): Promise<void> {
    const profiles = new Set([...this.running.values()].map((scan) => scan.profileId));
    await Promise.all([...profiles].map((profileId) => this.stopProfile(profileId)));
  }

  /** Fetches the day's instrument list again from the broker (a listing changed intraday). */
  async refreshInstruments(
    profileId: ProfileId,
  ): Promise<{ tradingDay: string; instruments: number }> {
    this.deps.access.requireUnlocked(profileId);
    const broker = await this.deps.brokerFor(profileId);
    const { table, tradingDay } = await this.instruments.load(
      profileId,
      broker,
      AbortSignal.timeout(UNIVERSE_TIMEOUT_MS),
      { refresh: true },
    );
    return { tradingDay, instruments: table.size };
  }

  /** The day's F&O universe of the profile's broker (cached for the day). */
  private async universeOf(
    profileId: ProfileId,
  ): Promise<{ universe: FnoUniverse; source: Broker['kind'] }> {
    this.deps.access.requireUnlocked(profileId);
    const broker = await this.deps.brokerFor(profileId);
    const { table } = await this.instruments.load(
      profileId,
      broker,
      AbortSignal.timeout(UNIVERSE_TIMEOUT_MS),
    );
    return { universe: new FnoUniverse(table), source: broker.kind };
  }

  async universe(profileId: ProfileId) {
    const { universe, source } = await this.universeOf(profileId);
    return {
      source,
      underlyings: universe.underlyings().map(({ underlying, kind, companyName, lotSize }) => ({
        underlying,
        kind,
        companyName,
        lotSize,
      })),
      presets: await this.watchlists.offered(profileId, universe),
    };
  }

  /** The expiries of several underlyings merged by date (see the contract's scans.expiries). */
  async expiries(profileId: ProfileId, underlyings: readonly string[]) {
    const { universe } = await this.universeOf(profileId);
    const report = SymbolDirectory.fromUniverse(universe).match(underlyings);
    const first = report.unknown[0];
    if (report.matched.length === 0 && first !== undefined)
      throw new UserFacingError('NOT_FOUND', `"${first.input}" is not an F&O underlying today.`);
    return mergeExpiries(report.matched.map((match) => universe.expiries(match.underlying)));
  }

  async matchSymbols(profileId: ProfileId, symbols: readonly string[]) {
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

  async saveWatchlist(
    profileId: ProfileId,
    name: string,
    symbols: readonly string[],
  ): Promise<void> {
    this.deps.access.requireUnlocked(profileId);
    return this.watchlists.save(profileId, name, symbols);
  }

  async deleteWatchlist(profileId: ProfileId, name: string): Promise<boolean> {
    this.deps.access.requireUnlocked(profileId);
    return this.watchlists.delete(profileId, name);
  }
}
