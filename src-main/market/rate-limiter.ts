import { cancelledError } from './errors';

/** Requests per second per API key, by endpoint class. Kite publishes 1/s for quotes, 10/s else. */
export interface RateLimits {
  readonly quotePerSecond: number;
  readonly otherPerSecond: number;
}

export const KITE_RATE_LIMITS: RateLimits = { quotePerSecond: 1, otherPerSecond: 10 };

export type EndpointClass = 'quote' | 'other';

/**
 * Decides when the head of a limiter's queue may send. `tryTake()` returns 0 when it may send now
 * (and records that it did), or the milliseconds to wait before asking again. `abandon()` is
 * called when every waiter left the queue (aborted) before the head was granted, so a schedule
 * that reserved a slot for it can give the slot back.
 */
export interface SlotSchedule {
  tryTake(): number;
  abandon(): void;
}

/** Pacing within this process only: one grant per interval, measured from the last grant. */
export class LocalSchedule implements SlotSchedule {
  private lastGrantAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  tryTake(): number {
    const waitMs = this.waitMs();
    if (waitMs === 0) this.lastGrantAt = this.now();
    return waitMs;
  }

  /** Milliseconds until the next grant is due here; 0 = due now. */
  waitMs(): number {
    return Math.max(0, this.lastGrantAt + this.intervalMs - this.now());
  }

  /** A grant made elsewhere (the machine-wide schedule) counts here too. */
  recordGrant(): void {
    this.lastGrantAt = this.now();
  }

  abandon(): void {}
}

/** Builds the schedule of one limiter from its interval; the default paces this process only. */
export type SlotScheduleFactory = (intervalMs: number) => SlotSchedule;

interface Waiter {
  readonly signal: AbortSignal;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Paces callers to at most one grant per interval, in arrival order. There is no burst
 * allowance: Kite counts requests per second, so two grants closer than the interval could both
 * land in the same second. A caller whose signal aborts leaves the queue at once and the callers
 * behind it move up; it never holds a slot it will not use.
 */
export class RateLimiter {
  readonly intervalMs: number;
  private readonly schedule: SlotSchedule;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * One abort listener per signal, however many of its callers wait: a scan shares one signal
   * across hundreds of queued requests.
   */
  private readonly watched = new Map<AbortSignal, () => void>();

  constructor(
    readonly perSecond: number,
    now: () => number = () => performance.now(),
    schedule?: SlotScheduleFactory,
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`A rate limit must be a positive number per second, not ${perSecond}.`);
    }
    this.intervalMs = 1000 / perSecond;
    this.schedule = schedule?.(this.intervalMs) ?? new LocalSchedule(this.intervalMs, now);
  }

  /** Callers waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when the caller may send one request; rejects with a cancelled error on abort. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(cancelledError());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ signal, resolve, reject });
      this.watch(signal);
      this.pump();
    });
  }

  private watch(signal: AbortSignal): void {
    if (this.watched.has(signal)) return;
    const onAbort = (): void => {
      this.watched.delete(signal);
      const leaving = this.queue.filter((w) => w.signal === signal);
      for (const waiter of leaving) this.queue.splice(this.queue.indexOf(waiter), 1);
      if (this.queue.length === 0) {
        this.stopTimer();
        this.schedule.abandon();
      }
      for (const waiter of leaving) waiter.reject(cancelledError());
    };
    this.watched.set(signal, onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
  }

  /** Stops watching a signal none of whose callers is waiting any more. */
  private unwatch(signal: AbortSignal): void {
    if (this.queue.some((w) => w.signal === signal)) return;
    const onAbort = this.watched.get(signal);
    if (onAbort === undefined) return;
    this.watched.delete(signal);
    signal.removeEventListener('abort', onAbort);
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    for (;;) {
      const waiter = this.queue[0];
      if (waiter === undefined) return;
      const waitMs = this.schedule.tryTake();
      if (waitMs > 0) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.max(1, Math.ceil(waitMs)),
        );
        return;
      }
      this.queue.shift();
      this.unwatch(waiter.signal);
      waiter.resolve();
    }
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export interface ApiKeyLimiters {
  readonly quote: RateLimiter;
  readonly other: RateLimiter;
}

/**
 * Pacing shared with the other Premia processes of this OS user (shared-pacing.ts): the app, the
 * CLI and `premia agents serve` draw on one budget per API key.
 */
export interface MachineWidePacing {
  schedule(apiKey: string, endpoint: EndpointClass, intervalMs: number): SlotSchedule;
}

/**
 * One pair of limiters per Kite API key. The composition root owns one registry and hands it to
 * every KiteBroker, so two profiles (or two scans) that use the same key share one budget; with
 * `machineWide`, so do other Premia processes on the machine.
 */
export class RateLimiterRegistry {
  private readonly byApiKey = new Map<string, ApiKeyLimiters>();

  constructor(
    readonly limits: RateLimits = KITE_RATE_LIMITS,
    private readonly machineWide?: MachineWidePacing,
  ) {}

  forApiKey(apiKey: string): ApiKeyLimiters {
    let limiters = this.byApiKey.get(apiKey);
    if (limiters === undefined) {
      limiters = {
        quote: this.limiter(apiKey, 'quote', this.limits.quotePerSecond),
        other: this.limiter(apiKey, 'other', this.limits.otherPerSecond),
      };
      this.byApiKey.set(apiKey, limiters);
    }
    return limiters;
  }

  private limiter(apiKey: string, endpoint: EndpointClass, perSecond: number): RateLimiter {
    const { machineWide } = this;
    if (machineWide === undefined) return new RateLimiter(perSecond);
    return new RateLimiter(perSecond, undefined, (intervalMs) =>
      machineWide.schedule(apiKey, endpoint, intervalMs),
    );
  }
}
