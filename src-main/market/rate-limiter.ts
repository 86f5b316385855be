import { cancelledError } from './errors';

/** Requests per second per API key, by endpoint class. Kite publishes 1/s for quotes, 10/s else. */
export interface RateLimits {
  readonly quotePerSecond: number;
  readonly otherPerSecond: number;
}

export const KITE_RATE_LIMITS: RateLimits = { quotePerSecond: 1, otherPerSecond: 10 };

export type EndpointClass = 'quote' | 'other';

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
  private lastGrantAt = Number.NEGATIVE_INFINITY;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * One abort listener per signal, however many of its callers wait: a scan shares one signal
   * across hundreds of queued requests.
   */
  private readonly watched = new Map<AbortSignal, () => void>();

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`A rate limit must be a positive number per second, not ${perSecond}.`);
    }
    this.intervalMs = 1000 / perSecond;
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
      if (this.queue.length === 0) this.stopTimer();
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
      const now = this.now();
      const dueAt = this.lastGrantAt + this.intervalMs;
      if (now < dueAt) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.max(1, Math.ceil(dueAt - now)),
        );
        return;
      }
      this.queue.shift();
      this.lastGrantAt = now;
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
 * One pair of limiters per Kite API key. The composition root owns one registry and hands it to
 * every KiteBroker, so two profiles (or two scans) that use the same key share one budget.
 */
export class RateLimiterRegistry {
  private readonly byApiKey = new Map<string, ApiKeyLimiters>();

  constructor(readonly limits: RateLimits = KITE_RATE_LIMITS) {}

  forApiKey(apiKey: string): ApiKeyLimiters {
    let limiters = this.byApiKey.get(apiKey);
    if (limiters === undefined) {
      limiters = {
        quote: new RateLimiter(this.limits.quotePerSecond),
        other: new RateLimiter(this.limits.otherPerSecond),
      };
      this.byApiKey.set(apiKey, limiters);
    }
    return limiters;
  }
}
