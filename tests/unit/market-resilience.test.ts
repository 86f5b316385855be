import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { CircuitBreaker } from '../../src-main/market/circuit-breaker';
import { BrokerError } from '../../src-main/market/errors';
import { RateLimiter, RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import { backoffDelayMs, withRetries } from '../../src-main/market/retry';

describe('RateLimiter', () => {
  it('grants in arrival order, one per interval', async () => {
    // Fake timers and the limiter's own clock: the spacing is the limiter's decision, not how
    // soon a loaded machine ran the callbacks (a wall-clock measurement here flaked under load).
    vi.useFakeTimers();
    try {
      const limiter = new RateLimiter(50, () => Date.now());
      const signal = new AbortController().signal;
      const order: number[] = [];
      const grantTimes: number[] = [];
      const granted = Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          limiter.acquire(signal).then(() => {
            order.push(i);
            grantTimes.push(Date.now());
          }),
        ),
      );
      await vi.advanceTimersByTimeAsync(200);
      await granted;
      expect(order).toEqual([0, 1, 2, 3, 4]);
      const gaps = grantTimes.slice(1).map((t, i) => t - (grantTimes[i] ?? 0));
      expect(gaps).toEqual([20, 20, 20, 20]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a cancelled caller leave the queue at once, so those behind it move up', async () => {
    const limiter = new RateLimiter(2);
    const first = new AbortController();
    await limiter.acquire(first.signal);
    const leaving = new AbortController();
    const stays = new AbortController();
    const cancelled = limiter.acquire(leaving.signal);
    const waiting = limiter.acquire(stays.signal);
    expect(limiter.pending).toBe(2);
    leaving.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(limiter.pending).toBe(1);
    stays.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(limiter.pending).toBe(0);
    const already = new AbortController();
    already.abort();
    await expect(limiter.acquire(already.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('watches a shared signal once, however many of its callers wait', async () => {
    const limiter = new RateLimiter(1);
    const scan = new AbortController();
    await limiter.acquire(scan.signal);
    const waiting = Array.from({ length: 50 }, () => limiter.acquire(scan.signal));
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(1);
    scan.abort();
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(limiter.pending).toBe(0);
    expect(getEventListeners(scan.signal, 'abort')).toHaveLength(0);
  });

  it('gives every profile with the same API key the same limiters', () => {
    const registry = new RateLimiterRegistry({ quotePerSecond: 1, otherPerSecond: 10 });
    expect(registry.forApiKey('key1')).toBe(registry.forApiKey('key1'));
    expect(registry.forApiKey('key1')).not.toBe(registry.forApiKey('key2'));
    expect(registry.forApiKey('key1').quote.intervalMs).toBe(1000);
    expect(registry.forApiKey('key1').other.intervalMs).toBe(100);
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});

describe('retries', () => {
  it('backs off exponentially with full jitter, capped, honouring Retry-After', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBe(799);
    expect(backoffDelayMs(6, policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(0, policy, () => 0, 0.5)).toBe(500);
  });

  it('retries retryable failures only, up to the attempt limit', async () => {
    const signal = new AbortController().signal;
    const options = {
      policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      signal,
      random: () => 0.5,
    };
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new BrokerError('server', 'down');
      }, options),
    ).rejects.toMatchObject({ kind: 'server' });
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new BrokerError('input', 'bad');
      }, options),
    ).rejects.toMatchObject({ kind: 'input' });
    expect(calls).toBe(1);
    calls = 0;
    const value = await withRetries(async () => {
      if (++calls < 3) throw new BrokerError('network', 'reset');
      return 'quotes';
    }, options);
    expect([value, calls]).toEqual(['quotes', 3]);
  });
});

describe('CircuitBreaker', () => {
  const failure = (kind: 'server' | 'input' = 'server') =>
    new BrokerError(kind, `HTTP 503 from Kite (${kind})`);

  it('opens after N consecutive failures, says why, half-opens after the cool-down, closes on success', () => {
    const clock = createManualClock(new Date('2025-12-10T05:00:00Z'));
    const breaker = new CircuitBreaker(clock, { failureThreshold: 3, coolDownMs: 30_000 });
    for (let i = 0; i < 2; i++) breaker.admit().failed(failure());
    expect(breaker.state).toBe('closed');
    breaker.admit().failed(failure('input')); // our own mistake says nothing about Kite's health
    expect(breaker.state).toBe('closed');
    breaker.admit().failed(failure());
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(
      /paused calls to Kite for 30 s after 3 failures in a row\. Last failure: HTTP 503/,
    );

    clock.advance(30_000);
    expect(breaker.state).toBe('half-open');
    const trial = breaker.admit();
    expect(() => breaker.admit()).toThrow(/trial request/);
    trial.failed(failure());
    expect(breaker.state).toBe('open');

    clock.advance(30_000);
    breaker.admit().succeeded();
    expect(breaker.state).toBe('closed');
    breaker.admit().failed(failure());
    expect(breaker.state).toBe('closed');
  });

  it('refuses with BROKER_UNAVAILABLE and a retry-after', () => {
    const clock = createManualClock(new Date('2025-12-10T05:00:00Z'));
    const breaker = new CircuitBreaker(clock, { failureThreshold: 1, coolDownMs: 10_000 });
    breaker.admit().failed(failure());
    clock.advance(2_500);
    try {
      breaker.assertCallable();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'BROKER_UNAVAILABLE',
        kind: 'circuit-open',
        extra: { retryAfterSeconds: 8 },
      });
    }
  });
});
