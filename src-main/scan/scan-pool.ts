import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { UserFacingError } from '../domain/errors';
import type { ImportFile } from '../../src-preload/contract/domains/journal';
import type { ParsedTradebook } from '../journal/tradebook';
import { tradebookFromTask, type TradebookTaskResult } from '../journal/tradebook-result';
import type { InstrumentColumns } from '../market/instruments';
import type { InstrumentsTaskResult } from '../market/instruments-task';
import type { ResultBatch } from '../storage/result-row';
import {
  resolveWorkerScript,
  WORKER_RESOURCE_LIMITS,
  type WorkerScript,
} from '../app/worker-script';
import type { ComputeMetricsInput } from './compute-metrics';
import { FairScheduler } from './fair-scheduler';
import type { PoolTask } from './pool-worker';
import { quoteTransferList, withQuoteTexts } from './quote-batch';

type PiscinaClass = typeof Piscina;

interface Pools {
  readonly main: Piscina;
  readonly oneShot: Piscina;
}

export interface ScanPoolOptions {
  /** The compiled pool entry in the Electron build; the TypeScript source otherwise. */
  readonly script?: WorkerScript;
  readonly threads?: number;
}

/**
 * The CPU pool shared by every profile's scans. Profiles take turns for its threads (a big scan
 * cannot starve a small one); a cancelled task is aborted, which kills its thread — tasks are pure,
 * so nothing is corrupted.
 */
export class ScanPool {
  /**
   * piscina itself is loaded with the first task: a command that never scans (runs list) or an
   * app that has not scanned yet does not load it (14 modules, ~10-20 ms of every CLI start).
   */
  private pools: Promise<Pools> | null = null;
  private closed = false;
  private readonly script: WorkerScript;
  private readonly threads: number;
  private readonly scheduler: FairScheduler;

  constructor(options: ScanPoolOptions = {}) {
    this.script =
      options.script ?? resolveWorkerScript(new URL('./pool-worker.ts', import.meta.url));
    // One core stays for the writer thread, which every scan's rows go through: on two cores a
    // second pool thread only took turns with the writer (200,000 rows computed and written
    // in 1.37× a raw insert's time with two pool threads, 1.17× with one, and one isolate less).
    this.threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.scheduler = new FairScheduler(this.threads);
  }

  private started(): Promise<Pools> {
    if (this.closed) return Promise.reject(new UserFacingError('CANCELLED', 'Premia is closing.'));
    this.pools ??= import('piscina').then(({ Piscina }) => this.createPools(Piscina));
    return this.pools;
  }

  private createPools(Piscina: PiscinaClass): Pools {
    const script = this.script;
    const threads = this.threads;
    const main = new Piscina({
      filename: script.filename,
      argv: [...script.argv],
      // No thread until the first task: a command that never scans (runs list) or an idle app
      // does not start one (each costs start-up CPU and ~10 MiB).
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    // Parsing Kite's instrument dump (once a day) left ~17 MiB of old-generation garbage in the
    // pool thread that did it (its used heap went from 10 to 27 MiB and stayed through every
    // scan after: an idle thread's heap is only collected when it grows). A thread of its own,
    // ended as soon as the parse is done (idleTimeout 0), gives all of it back.
    const oneShot = new Piscina({
      filename: script.filename,
      argv: [...script.argv],
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 0,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    return { main, oneShot };
  }

  computeMetrics(
    profileId: string,
    input: ComputeMetricsInput,
    signal?: AbortSignal,
  ): Promise<ResultBatch> {
    const task: PoolTask = { kind: 'computeMetrics', input };
    const computed = this.scheduler.run(
      profileId,
      async () =>
        (await this.started()).main.run(task, {
          transferList: quoteTransferList(input.quotes),
          ...(signal === undefined ? {} : { signal }),
        }) as Promise<Record<string, unknown>>,
      signal,
    );
    return computed.then((columns) => withQuoteTexts(columns, input.quotes));
  }

  /** Parses Kite's instrument dump (~100k rows) off the main thread; columns come back by transfer. */
  async parseInstruments(dump: Uint8Array, signal: AbortSignal): Promise<InstrumentColumns> {
    const task: PoolTask = { kind: 'parseInstruments', dump };
    const { oneShot } = await this.started();
    const result = (await oneShot.run(task, {
      transferList: dump.buffer instanceof ArrayBuffer ? [dump.buffer] : [],
      signal,
    })) as InstrumentsTaskResult;
    if (!result.ok) throw new UserFacingError('BROKER_ERROR', result.message);
    return result.columns;
  }

  /** Parses a Console tradebook off the main thread, taking turns with the profile's scans. */
  async parseTradebook(profileId: string, file: ImportFile): Promise<ParsedTradebook> {
    const task: PoolTask = { kind: 'parseTradebook', file };
    const result = await this.scheduler.run(
      profileId,
      async () => (await this.started()).main.run(task) as Promise<TradebookTaskResult>,
    );
    return tradebookFromTask(result);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pools === null) return;
    const { main, oneShot } = await this.pools;
    await Promise.all([main.destroy(), oneShot.destroy()]);
  }
}
