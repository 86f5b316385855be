import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import {
  resolveWorkerScript,
  WORKER_RESOURCE_LIMITS,
  type WorkerScript,
} from '../app/worker-script';
import { StorageFailure, type SerializedStorageError } from './errors';
import type { WriterConfig, WriterMessage, WriterOp, WriterOps, WriterRequest } from './protocol';
import type { StorageOptions } from './storage';

export interface WriterClientOptions {
  readonly script: WorkerScript;
  readonly config: WriterConfig;
  readonly logger: Logger;
  /** Rows posted to the writer and not yet committed; a producer beyond it waits. */
  readonly maxInFlightRows?: number;
  /** The same bound in (estimated) bytes, so a few huge batches cannot pile up either. */
  readonly maxInFlightBytes?: number;
  /** How long close() waits for the writer to checkpoint and close before terminating it. */
  readonly closeTimeoutMs?: number;
}

/** The cost of a request for back-pressure; requests without rows are never held back. */
export interface RequestCost {
  readonly rows: number;
  readonly bytes: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly cost: RequestCost | null;
}

/** The failure every pending request gets when the writer thread is gone. */
export class WriterStoppedError extends StorageFailure {
  constructor(detail: string) {
    super(
      'internal',
      `writer thread stopped: ${detail}`,
      "Premia's storage writer stopped unexpectedly, so the last changes may not have been saved. Try again: it restarts on its own.",
    );
    this.name = 'WriterStoppedError';
  }
}

function closedError(): StorageFailure {
  return new StorageFailure('internal', 'storage is closed', 'Premia storage is closed.');
}

function failureOf(error: SerializedStorageError): StorageFailure {
  return new StorageFailure(error.kind, error.message, error.userMessage, error.code);
}

/**
 * Main's handle on the writer thread: promises for requests, back-pressure for producers, a
 * restart after the thread dies (on the next request), and an orderly close.
 */
export class WriterClient {
  private worker: Worker | null = null;
  private started = 0;
  private nextSeq = 1;
  private readonly pending = new Map<number, Pending>();
  private inFlightRows = 0;
  private inFlightBytes = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly outstanding = new Set<Promise<unknown>>();
  private closing = false;
  private readonly maxRows: number;
  private readonly maxBytes: number;

  constructor(private readonly options: WriterClientOptions) {
    this.maxRows = options.maxInFlightRows ?? 10 * options.config.rowsPerTransaction;
    this.maxBytes = options.maxInFlightBytes ?? 64 * 1024 * 1024;
  }

  /** The data directory this writer's thread writes into. */
  get dataDir(): string {
    return this.options.config.dataDir;
  }

  /** Increments each time a new writer thread starts; profiles must be reopened in a new one. */
  get generation(): number {
    return this.started;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Rows posted and not yet answered (for tests and diagnostics). */
  get rowsInFlight(): number {
    return this.inFlightRows;
  }

  /**
   * Starts the writer thread now rather than at the first request, so its start-up (loading
   * SQLite in a fresh thread) overlaps other waiting, such as the password's key derivation.
   */
  warm(): void {
    if (!this.closing) this.ensureWorker();
  }

  /**
   * Sends one request. With a cost, first waits until the in-flight rows and bytes leave room
   * for it — that wait is the back-pressure a fast producer feels. A lone request larger than
   * the bounds still goes through once nothing else is in flight.
   */
  async call<K extends WriterOp>(
    op: K,
    payload: WriterOps[K]['payload'],
    cost: RequestCost | null = null,
    transfer: readonly ArrayBuffer[] = [],
  ): Promise<WriterOps[K]['value']> {
    if (this.closing) throw closedError();
    if (cost !== null) await this.reserve(cost);
    const reply = this.send(this.ensureWorker(), op, payload, cost, transfer);
    const forget = (): void => {
      this.outstanding.delete(reply);
    };
    this.outstanding.add(reply);
    reply.then(forget, forget);
    return reply;
  }

  private send<K extends WriterOp>(
    worker: Worker,
    op: K,
    payload: WriterOps[K]['payload'],
    cost: RequestCost | null,
    transfer: readonly ArrayBuffer[],
  ): Promise<WriterOps[K]['value']> {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    return new Promise<WriterOps[K]['value']>((resolve, reject) => {
      this.pending.set(seq, {
        resolve: (value) => resolve(value as WriterOps[K]['value']),
        reject,
        cost,
      });
      try {
        worker.postMessage({ seq, op, payload } as WriterRequest, [...transfer]);
      } catch (error) {
        this.settle(seq)?.reject(error);
      }
    });
  }

  private fits(cost: RequestCost): boolean {
    return (
      this.inFlightRows === 0 ||
      (this.inFlightRows + cost.rows <= this.maxRows &&
        this.inFlightBytes + cost.bytes <= this.maxBytes)
    );
  }

  /** Producers queue in arrival order; a woken one that still does not fit keeps its place. */
  private async reserve(cost: RequestCost): Promise<void> {
    if (this.waiting.length > 0 || !this.fits(cost)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      while (!this.closing && !this.fits(cost)) {
        await new Promise<void>((resolve) => this.waiting.unshift(resolve));
      }
      if (this.closing) throw closedError();
    }
    this.inFlightRows += cost.rows;
    this.inFlightBytes += cost.bytes;
    this.waiting.shift()?.();
  }

  private release(cost: RequestCost | null): void {
    if (cost === null) return;
    this.inFlightRows -= cost.rows;
    this.inFlightBytes -= cost.bytes;
    this.waiting.shift()?.();
  }

  private settle(seq: number): Pending | undefined {
    const entry = this.pending.get(seq);
    if (entry === undefined) return undefined;
    this.pending.delete(seq);
    this.release(entry.cost);
    return entry;
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const { script, config, logger } = this.options;
    const worker = new Worker(script.filename, {
      argv: [...script.argv],
      workerData: config,
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    this.worker = worker;
    this.started += 1;
    worker.on('message', (message: WriterMessage) => this.onMessage(message));
    worker.on('error', (error) => {
      logger.error('storage.writer.error', { error: error.stack ?? error.message });
      this.onGone(worker, error.message);
    });
    worker.on('exit', (code) => this.onGone(worker, `exit code ${code}`));
    return worker;
  }

  private onMessage(message: WriterMessage): void {
    if (message.type === 'log') {
      this.options.logger[message.level](`storage.${message.event}`, message.fields);
      return;
    }
    if (message.type === 'ready') return;
    const entry = this.settle(message.seq);
    if (entry === undefined) return;
    if (message.ok) entry.resolve(message.value);
    else entry.reject(failureOf(message.error));
  }

  /** The thread is gone (crashed, exited, or terminated by close): fail what it still owed. */
  private onGone(worker: Worker, detail: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (!this.closing) this.options.logger.error('storage.writer.stopped', { detail });
    for (const seq of [...this.pending.keys()]) {
      this.settle(seq)?.reject(new WriterStoppedError(detail));
    }
    this.inFlightRows = 0;
    this.inFlightBytes = 0;
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Waits for everything sent, then checkpoints and closes every database and stops the thread. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled([...this.outstanding]);
    const worker = this.worker;
    if (worker === null) return;
    const timeout = this.options.closeTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.send(worker, 'shutdown', {}, null, []),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`writer did not close within ${timeout} ms`)),
            timeout,
          );
        }),
      ]);
    } catch (error) {
      this.options.logger.error('storage.writer.close-failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      clearTimeout(timer);
      await worker.terminate();
    }
  }
}

/** `{ key: value }` when the value is set: optional properties stay absent, not `undefined`. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Rows per result transaction when the writer has a backlog (appends queued while it was busy are
 * grouped up to this; a live scan's lone 500-row batch still commits on its own). Each commit
 * rewrites the index pages its rows touched, and the symbol index spreads a run's rows over most
 * of its pages: 200,000 rows through the pool and the writer took 1.63× a raw single-transaction
 * insert at 2,000 rows a transaction and 1.05× at 10,000 (`compute-write.ts --rows 200000`).
 */
const ROWS_PER_TRANSACTION = 10_000;
/** Rows posted and not yet committed before a producer waits: two full transactions. */
const IN_FLIGHT_ROWS = 2 * ROWS_PER_TRANSACTION;

/** The writer client Storage.open builds from its options (the thread starts on first use). */
export function createWriterClient(options: StorageOptions): WriterClient {
  const rowsPerTransaction = options.rowsPerTransaction ?? ROWS_PER_TRANSACTION;
  if (!Number.isInteger(rowsPerTransaction) || rowsPerTransaction < 1) {
    throw new UserFacingError('BAD_INPUT', 'rowsPerTransaction must be a positive whole number.');
  }
  return new WriterClient({
    script:
      options.writerScript ?? resolveWorkerScript(new URL('./writer-thread.ts', import.meta.url)),
    config: {
      dataDir: options.dataDir,
      ownerId: randomUUID(),
      rowsPerTransaction,
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
      ...optional('maxDatabasePages', options.maxDatabasePages),
    },
    logger: options.logger,
    maxInFlightRows:
      options.maxInFlightRows ??
      (options.rowsPerTransaction === undefined ? IN_FLIGHT_ROWS : 10 * rowsPerTransaction),
    ...optional('maxInFlightBytes', options.maxInFlightBytes),
  });
}
