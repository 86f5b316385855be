import type { ProfileId } from '../../src-preload/contract';
import type { ScanFilters, ScanProgress } from '../../src-preload/contract/domains/scans';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { QUOTE_BATCH_LIMIT, type Broker, type Quote } from '../market/broker';
import { BrokerError } from '../market/errors';
import { FnoUniverse } from '../market/fno-universe';
import type { InstrumentKey, InstrumentTable } from '../market/instruments';
import { SymbolDirectory } from '../market/symbols';
import type { RunError, RunId, RunSummary } from '../storage/records';
import type { Storage } from '../storage/storage';
import { ChainCollector } from './chain-collector';
import { forwardOf } from './forward';
import { fillMargins } from './margins';
import type { PremiumBasis } from './metrics';
import { quoteColumns, type QuoteColumns, type QuoteRow } from './quote-batch';
import {
  daysToExpiry,
  planScan,
  quoteBatches,
  type PlannedOption,
  type PlannedUnderlying,
  type QuoteBatch,
  type ScanPlan,
} from './scan-plan';
import type { ScanPool } from './scan-pool';
import { judgeScan } from './scan-outcome';

export interface ScanJobRequest {
  readonly profileId: ProfileId;
  readonly runId: RunId;
  readonly symbols: readonly string[];
  readonly expiry: string;
  readonly filters: ScanFilters;
  /** How the scan prices: premium basis, risk-free rate, expiry rule. */
  readonly model: {
    readonly basis: PremiumBasis;
    readonly rate: number;
    readonly minTradingDays: number;
  };
}

export interface ScanJobDeps {
  readonly storage: Storage;
  readonly pool: ScanPool;
  readonly broker: Broker;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The day's instrument list (the service caches it per profile and trading day). */
  readonly instruments: (signal: AbortSignal) => Promise<{ table: InstrumentTable; calls: number }>;
  /** Underlying prices (the service caches them briefly per profile). */
  readonly spotPrices: (
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ) => Promise<{ prices: Map<InstrumentKey, number>; calls: number }>;
  readonly onProgress: (progress: ScanProgress) => void;
}

/** Consecutive failed quote batches after which the broker is taken to be down for this scan. */
const MAX_CONSECUTIVE_BATCH_FAILURES = 3;

function fatal(error: unknown): boolean {
  return (
    error instanceof BrokerError &&
    (error.kind === 'token-expired' || error.kind === 'cancelled' || error.kind === 'circuit-open')
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One scan, from symbols to stored rows: plan the chains, price the underlyings, then quote the
 * options batch by batch at the broker's pace while the pool computes and the writer stores the
 * previous batches (pipelined). One failing underlying or batch does not fail the scan.
 */
export class ScanJob {
  private readonly errors: RunError[] = [];
  private readonly durations: Record<string, number> = {};
  private unmatched: string[] = [];
  /** Matched underlyings the scan tried: the verdict counts how many of them produced rows. */
  private attempted: string[] = [];
  private apiCalls = 0;
  private progress: ScanProgress;
  private writes: Promise<void> = Promise.resolve();
  private table: InstrumentTable | null = null;
  private expiries: Record<string, string> = {};

  constructor(
    private readonly request: ScanJobRequest,
    private readonly deps: ScanJobDeps,
    private readonly signal: AbortSignal,
  ) {
    this.progress = {
      runId: request.runId,
      phase: 'queued',
      status: 'running',
      underlyingsDone: 0,
      underlyingsTotal: 0,
      optionsDone: 0,
      optionsTotal: 0,
      rowsWritten: 0,
      apiCalls: 0,
      etaSeconds: null,
      message: null,
    };
  }

  snapshot(): ScanProgress {
    return this.progress;
  }

  async run(): Promise<RunSummary> {
    let outcome: 'completed' | 'failed' | 'cancelled' = 'completed';
    let errorSummary: string | null = null;
    try {
      const plan = await this.timed('plan', () => this.plan());
      const prices = await this.timed('prices', () => this.priceUnderlyings(plan));
      await this.timed('quotes', () => this.quoteAndStore(plan, prices));
    } catch (error) {
      outcome = this.signal.aborted ? 'cancelled' : 'failed';
      errorSummary = outcome === 'cancelled' ? 'Cancelled by the trader.' : describe(error);
      if (outcome === 'failed')
        this.deps.logger.warn('scan.failed', {
          profileId: this.request.profileId,
          runId: this.request.runId,
          error: describe(error),
        });
    }
    // Whatever was committed stays: wait for writes in flight, even when the scan stopped early.
    await this.writes.catch((error: unknown) => {
      if (outcome !== 'completed') return;
      outcome = this.signal.aborted ? 'cancelled' : 'failed';
      errorSummary = `Saving results failed: ${describe(error)}`;
    });
    if (outcome === 'completed') {
      const verdict = judgeScan({
        attempted: this.attempted,
        errors: this.errors,
        unmatched: this.unmatched,
      });
      outcome = verdict.status;
      errorSummary = verdict.errorSummary;
    }
    this.update({ phase: 'finishing' });
    let summary: RunSummary;
    try {
      summary = await this.deps.storage.finishRun(this.request.profileId, this.request.runId, {
        status: outcome,
        underlyingsTotal: this.progress.underlyingsTotal,
        optionsTotal: this.progress.optionsTotal,
        apiCalls: this.apiCalls,
        unmatched: this.unmatched,
        errors: this.errors,
        durations: this.durations,
        expiries: this.expiries,
        errorSummary,
      });
    } catch (error) {
      // The rows already committed stay; the run is marked interrupted when storage reopens.
      this.update({
        phase: 'done',
        status: 'failed',
        message: `Saving the scan failed: ${describe(error)}`,
      });
      throw error;
    }
    this.update({
      phase: 'done',
      status: outcome,
      rowsWritten: summary.rowsWritten,
      message: errorSummary,
      etaSeconds: 0,
    });
    return summary;
  }

  private async timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.durations[phase] = Math.round(performance.now() - started);
    }
  }

  private update(changes: Partial<ScanProgress>): void {
    this.progress = { ...this.progress, ...changes, apiCalls: this.apiCalls };
    this.deps.onProgress(this.progress);
  }

  private async plan(): Promise<ScanPlan> {
    this.update({ phase: 'instruments' });
    const { table, calls } = await this.deps.instruments(this.signal);
    this.apiCalls += calls;
    this.table = table;
    this.update({ phase: 'symbols' });
    const universe = new FnoUniverse(table);
    const matches = SymbolDirectory.fromUniverse(universe).match(this.request.symbols);
    this.unmatched = matches.unknown.map((unknown) =>
      unknown.suggestions.length === 0
        ? unknown.input
        : `${unknown.input} (did you mean ${unknown.suggestions.join(', ')}?)`,
    );
    const plan = planScan(
      universe,
      matches,
      this.request.expiry,
      this.deps.clock.now(),
      this.request.model.minTradingDays,
    );
    this.expiries = Object.fromEntries(plan.underlyings.map((u) => [u.underlying, u.expiry]));
    this.errors.push(...plan.errors);
    this.attempted = [
      ...plan.underlyings.map((underlying) => underlying.underlying),
      ...plan.errors.flatMap((error) => (error.underlying === null ? [] : [error.underlying])),
    ];
    this.update({ underlyingsTotal: plan.underlyings.length, optionsTotal: plan.optionsTotal });
    return plan;
  }

  private async priceUnderlyings(plan: ScanPlan): Promise<Map<InstrumentKey, number>> {
    this.update({ phase: 'prices' });
    const keys = plan.underlyings.map((underlying) => underlying.spotKey);
    if (keys.length === 0) return new Map();
    const { prices, calls } = await this.deps.spotPrices(keys, this.signal);
    this.apiCalls += calls;
    return prices;
  }

  private async quoteAndStore(plan: ScanPlan, spots: Map<InstrumentKey, number>): Promise<void> {
    this.update({ phase: 'quotes' });
    const priced: PlannedUnderlying[] = [];
    for (const underlying of plan.underlyings) {
      const spot = spots.get(underlying.spotKey);
      if (spot !== undefined && spot > 0) priced.push(underlying);
      else
        this.errors.push({
          underlying: underlying.underlying,
          message: `no price for ${underlying.spotKey}`,
        });
    }
    const { profileId, runId, filters, model } = this.request;
    const byName = new Map(priced.map((underlying) => [underlying.underlying, underlying]));
    const collector = new ChainCollector(
      new Map(priced.map((underlying) => [underlying.underlying, underlying.options.length])),
      filters.topNPerUnderlying,
    );
    const batches = quoteBatches({ ...plan, underlyings: priced }, QUOTE_BATCH_LIMIT);
    const started = performance.now();
    let failures = 0;
    // A batch's quotes become columns as soon as they arrive: the broker's reply (500 quotes with
    // their depth, ~1 MB of objects) is garbage at once instead of waiting, promoted to the old
    // generation, while the previous batch is computed and written.
    const fetchQuotes = (batch: QuoteBatch): Promise<QuoteColumns> => {
      this.apiCalls += 1;
      const pending = this.deps.broker
        .quote([...batch.options.map((option) => option.key), ...batch.futures], this.signal)
        .then((quotes) => quoteColumns(this.quoteRows(batch.options, quotes, byName, spots)));
      pending.catch(() => undefined); // awaited below; handled here so an early failure is not "unhandled"
      return pending;
    };
    let nextQuotes = batches[0] === undefined ? null : fetchQuotes(batches[0]);
    for (const [index, { options: batch }] of batches.entries()) {
      if (this.signal.aborted) throw new BrokerError('cancelled', 'The scan was cancelled.');
      const current = nextQuotes;
      // Ask for the next batch now: the limiter sends it at the first allowed moment, so the
      // broker's answer time overlaps the pacing instead of adding to it.
      const following = batches[index + 1];
      nextQuotes = following === undefined ? null : fetchQuotes(following);
      let columns: QuoteColumns;
      try {
        if (current === null) break;
        columns = await current;
        failures = 0;
      } catch (error) {
        if (fatal(error) || this.signal.aborted) throw error;
        failures += 1;
        for (const underlying of new Set(batch.map((option) => option.underlying))) {
          this.errors.push({ underlying, message: `quotes failed: ${describe(error)}` });
        }
        if (failures >= MAX_CONSECUTIVE_BATCH_FAILURES) {
          throw new Error(
            `The broker failed ${failures} quote requests in a row (${describe(error)}).`,
            { cause: error },
          );
        }
        this.afterBatch(batch.length, 0, index + 1, batches.length, started);
        continue;
      }
      const computed = this.deps.pool.computeMetrics(
        profileId,
        { quotes: columns, filters, rate: model.rate, basis: model.basis },
        this.signal,
      );
      // Handled here so an early rejection is not "unhandled"; the chain below still sees it.
      computed.catch(() => undefined);
      const previous = this.writes;
      this.writes = previous.then(async () => {
        const result = await computed;
        // Margins before ranking: the seller's "best N" ranks by return on margin.
        const margins = await fillMargins(result, this.deps.broker, this.signal);
        this.apiCalls += margins.calls;
        // One line per kind of margin failure, not one per batch: a calculator that is down for
        // the whole scan would otherwise bury the run's other errors.
        if (margins.problem !== null && !this.errors.some((e) => e.message === margins.problem))
          this.errors.push({ underlying: null, message: margins.problem });
        const { ready, completed } = collector.add(result);
        // The batch's typed arrays move to the writer thread: nothing reads them here afterwards.
        for (const part of ready)
          await this.deps.storage.appendResults(profileId, runId, part, { transfer: true });
        this.afterBatch(result.length, completed.length, index + 1, batches.length, started);
      });
      // Fetch batch i+1 while batch i is computed and written, never further ahead: memory stays bounded.
      await previous;
    }
    await this.writes;
    const leftovers = collector.drain();
    if (leftovers.length > 0)
      await this.deps.storage.appendResults(profileId, runId, leftovers, { transfer: true });
  }

  private afterBatch(
    options: number,
    underlyingsCompleted: number,
    batchesDone: number,
    batchesTotal: number,
    started: number,
  ): void {
    const perBatch = (performance.now() - started) / 1000 / batchesDone;
    this.update({
      optionsDone: this.progress.optionsDone + options,
      underlyingsDone: this.progress.underlyingsDone + underlyingsCompleted,
      etaSeconds: Math.max(0, Math.round(perBatch * (batchesTotal - batchesDone))),
    });
  }

  /** A row per option: its quote, or NaN prices when the broker had none for it. */
  private quoteRows(
    batch: readonly PlannedOption[],
    quotes: Map<InstrumentKey, Quote>,
    byName: Map<string, PlannedUnderlying>,
    spots: Map<InstrumentKey, number>,
  ): QuoteRow[] {
    const table = this.table;
    if (table === null) throw new Error('quoteRows called before the instrument list was loaded');
    const now = this.deps.clock.now();
    return batch.map((option) => {
      const planned = byName.get(option.underlying);
      const quote = quotes.get(option.key);
      const positive = (value: number | undefined): number =>
        value !== undefined && value > 0 ? value : Number.NaN;
      const spot = planned === undefined ? Number.NaN : (spots.get(planned.spotKey) ?? Number.NaN);
      // T runs from the quote's own timestamp: on expiry morning it is hours, not a day.
      const days =
        planned === undefined ? Number.NaN : daysToExpiry(planned.expiry, quote?.timestamp ?? now);
      const future = planned?.futureKey == null ? undefined : quotes.get(planned.futureKey);
      const forward = forwardOf(future, spot, this.request.model.rate, days);
      return {
        underlying: option.underlying,
        tradingsymbol: table.tradingsymbol(option.row),
        exchange: table.exchange(option.row),
        optionType: table.instrumentType(option.row) === 'PE' ? 'PE' : 'CE',
        expiry: planned?.expiry ?? '',
        quoteTime: quote?.timestamp?.toISOString() ?? null,
        instrumentToken: table.columns.instrumentToken[option.row] ?? 0,
        strike: table.strike(option.row),
        lotSize: table.lotSize(option.row),
        daysToExpiry: days,
        spot,
        forward: forward.price,
        forwardSource: forward.source,
        closePrice: positive(quote?.ohlc.close),
        bid: positive(quote?.bestBid?.price),
        ask: positive(quote?.bestAsk?.price),
        lastPrice: positive(quote?.lastPrice),
        volume: quote?.volume ?? 0,
        oi: quote?.openInterest ?? 0,
      };
    });
  }
}
