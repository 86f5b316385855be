import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import { FAKE_KITE_USER } from '../fake-kite/session';
import {
  kiteFixture,
  mostInWindow,
  profileId,
  TEST_LIMITS,
  waitUntil,
  type KiteFixture,
} from './kite-fixture';

const signal = new AbortController().signal;
/**
 * Allowance for the delay between the limiter's grant and the server's arrival stamp (client and
 * server share one event loop here, so a busy machine can stretch it).
 */
const JITTER_MS = 75;
let f: KiteFixture;

beforeEach(async () => {
  f = await kiteFixture();
});
afterEach(async () => {
  await f.close();
});

const quoteRequests = () => f.kite.requests.filter((r) => r.endpoint === 'quote');

describe('rate limiting against the loopback Kite server', () => {
  it('rides out a 429 storm, and every retry stays within the quote limit', async () => {
    const broker = f.broker({ retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40 } });
    f.kite.faults.rateLimited(8, { path: '/quote' });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        broker.ltp([i % 2 === 0 ? 'NSE:INFY' : 'NSE:TCS'], signal),
      ),
    );
    expect(results.every((r) => r.size === 1)).toBe(true);
    const requests = quoteRequests();
    expect(requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    expect(requests.filter((r) => r.status === 200)).toHaveLength(16);
    expect(mostInWindow(requests, 1000 - JITTER_MS)).toBeLessThanOrEqual(
      TEST_LIMITS.quotePerSecond,
    );
  });

  it('shares one budget between two profiles that use the same API key', async () => {
    const first = f.broker({ profileId: profileId('profile0001') });
    const second = f.broker({ profileId: profileId('profile0002') });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? first : second).ltp(['NSE:SBIN'], signal),
      ),
    );
    const requests = quoteRequests();
    expect(requests).toHaveLength(30);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(mostInWindow(requests, 1000 - JITTER_MS)).toBeLessThanOrEqual(
      TEST_LIMITS.quotePerSecond,
    );
  });

  it('(contrast) two limiters for one key would exceed it: Kite answers 429', async () => {
    const first = f.broker();
    const second = f.broker({ limiters: new RateLimiterRegistry(TEST_LIMITS) });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? first : second).ltp(['NSE:SBIN'], signal),
      ),
    );
    expect(mostInWindow(quoteRequests(), 1000 - JITTER_MS)).toBeGreaterThan(
      TEST_LIMITS.quotePerSecond,
    );
    expect(quoteRequests().some((r) => r.status === 429)).toBe(true);
  });
});

describe('failures and recovery', () => {
  it('retries 5xx, a proxy error page and a dropped connection, then succeeds', async () => {
    const broker = f.broker();
    f.kite.faults.serverErrors(2, 503);
    expect((await broker.quote(['NSE:INFY'], signal)).size).toBe(1);
    f.kite.faults.htmlErrors(1);
    f.kite.faults.dropConnections(1);
    expect((await broker.profile(signal)).userId).toBe(FAKE_KITE_USER.user_id);
    expect(f.kite.requests.map((r) => r.status)).toEqual([503, 503, 200, 502, null, 200]);
  });

  it('gives up after the attempt limit with a sentence that says why', async () => {
    const broker = f.broker({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    f.kite.faults.serverErrors(10, 500);
    await expect(broker.orders(signal)).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      message: expect.stringMatching(/Kite is having trouble \(HTTP 500/),
    });
    expect(f.kite.requests).toHaveLength(3);
  });

  it('times out a request that does not answer', async () => {
    const broker = f.broker({
      requestTimeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    f.kite.faults.latencyMs = 2_000;
    await expect(broker.profile(signal)).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      kind: 'timeout',
      message: expect.stringMatching(/did not answer \/user\/profile within 0\.1 s/),
    });
    expect(f.kite.requests).toHaveLength(2);
  });

  it('opens the circuit after repeated failures, fails fast, half-opens after the cool-down, closes on success', async () => {
    const broker = f.broker({
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 3, coolDownMs: 30_000 },
    });
    f.kite.faults.serverErrors(100, 503);
    await expect(broker.ltp(['NSE:INFY'], signal)).rejects.toMatchObject({ kind: 'server' });
    await expect(broker.ltp(['NSE:INFY'], signal)).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(broker.breaker.state).toBe('open');
    const sent = f.kite.requests.length;
    expect(sent).toBe(3);
    await expect(broker.ltp(['NSE:INFY'], signal)).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      message: expect.stringMatching(
        /paused calls to Kite for 30 s after 3 failures in a row\. Last failure: Kite is having trouble \(HTTP 503/,
      ),
    });
    expect(f.kite.requests).toHaveLength(sent);

    f.clock.advance(30_000);
    expect(broker.breaker.state).toBe('half-open');
    await expect(broker.ltp(['NSE:INFY'], signal)).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(broker.breaker.state).toBe('open');
    expect(f.kite.requests).toHaveLength(sent + 1);

    f.kite.faults.reset();
    f.clock.advance(30_000);
    expect((await broker.ltp(['NSE:INFY'], signal)).size).toBe(1);
    expect(broker.breaker.state).toBe('closed');
  });
});

describe('cancellation', () => {
  it('cancels a request in flight and does not retry it', async () => {
    const broker = f.broker();
    f.kite.faults.latencyMs = 5_000;
    const controller = new AbortController();
    const call = broker.quote(['NSE:INFY'], controller.signal);
    await waitUntil(() => f.kite.requests.length === 1, 'the request reaches Kite');
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(f.kite.requests).toHaveLength(1);
    expect(broker.breaker.state).toBe('closed');
  });

  it('takes a cancelled call out of the limiter queue before it is sent', async () => {
    const broker = f.broker({
      limiters: new RateLimiterRegistry({ quotePerSecond: 2, otherPerSecond: 10 }),
    });
    const keep = new AbortController();
    const drop = new AbortController();
    const calls = [
      broker.ltp(['NSE:INFY'], keep.signal),
      broker.ltp(['NSE:TCS'], drop.signal),
      broker.ltp(['NSE:SBIN'], keep.signal),
    ];
    drop.abort();
    await expect(calls[1]).rejects.toMatchObject({ code: 'CANCELLED' });
    await Promise.all([calls[0], calls[2]]);
    expect(f.kite.requests.map((r) => r.instruments)).toEqual([1, 1]);
    expect(f.kite.requests).toHaveLength(2);
  });
});
