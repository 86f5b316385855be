import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia, type Premia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { RateLimits } from '../../src-main/market/rate-limiter';
import type { RunId } from '../../src-main/storage/records';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import type { ProfileId } from '../../src-preload/contract';
import { startFakeKite, type FakeKite } from '../fake-kite/server';

const SEED = 4242;
/** Kite's 1 quote request/s, scaled ×20 so the test stays short; client and server agree on it. */
const LIMITS: RateLimits = { quotePerSecond: 20, otherPerSecond: 40 };
const SYMBOLS = [
  'NIFTY',
  'BANKNIFTY',
  'RELIANCE',
  'HDFCBANK',
  'TCS',
  'INFY',
  'SBIN',
  'ITC',
  'LT',
  'ICICIBANK',
];
const PASSWORD = 'correct horse battery staple';

describe('a scan through the real Kite client against the loopback Kite server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-scan-kite-'));
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z')); // Friday 10:30 IST
  let kite: FakeKite;
  let premia: Premia;
  let kiteProfile: ProfileId;
  let simulatorProfile: ProfileId;

  async function profile(name: string): Promise<ProfileId> {
    const created = await premia.vault.profiles.create({ name, password: PASSWORD });
    await premia.vault.profiles.login(created.id, PASSWORD);
    return created.id;
  }

  async function rows(profileId: ProfileId, runId: RunId) {
    const all = [];
    let cursor: string | null = null;
    do {
      const page = await premia.storage.queryResults(profileId, {
        runId,
        sort: { column: 'tradingsymbol', direction: 'asc' },
        limit: 1000,
        cursor,
      });
      // Margins come from each broker's own calculator (checked below), not the market data.
      all.push(
        ...page.rows.map(
          ({ id: _id, runId: _run, marginPerLot: _m, romPct: _r, annualizedRomPct: _a, ...row }) =>
            row,
        ),
      );
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }

  beforeAll(async () => {
    kite = await startFakeKite({
      seed: SEED,
      clock,
      rateLimits: LIMITS,
      accessTokens: ['tokenone123456', 'tokentwo123456'],
    });
    premia = await createPremia({
      dataDir,
      keychain: createUnavailableKeychain('no keychain in this test'),
      version: 'test',
      runtime: 'node',
      allowedOrigins: [],
      clock,
      logger: createMemoryLogger(),
      kdfCost: { N: 2 ** 12, r: 8, p: 1 },
      idleCheckIntervalMs: 0,
      simulatorSeed: SEED,
      kiteRateLimits: LIMITS,
    });
    kiteProfile = await profile('Kite trader');
    simulatorProfile = await profile('Simulator trader');
    await premia.vault.credentials.set(kiteProfile, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
      apiRoot: kite.url,
    });
    await premia.vault.credentials.setAccessToken(kiteProfile, 'tokenone123456');
  });

  afterAll(async () => {
    await premia?.close();
    await kite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores the same rows as the same scan on the built-in simulator, within the quote rate limit', async () => {
    // Ranked by yield, not return on margin: the two brokers' margin calculators differ.
    const request = {
      symbols: SYMBOLS,
      expiry: 'nearest',
      filters: { topNPerUnderlying: { n: 3, metric: 'annualizedYieldPct' as const } },
    };
    const viaKite = await (await premia.scans.start(kiteProfile, request)).done;
    const viaSimulator = await (await premia.scans.start(simulatorProfile, request)).done;
    expect(viaKite).toMatchObject({ status: 'completed', source: 'kite', underlyingsTotal: 10 });
    expect(viaSimulator).toMatchObject({ status: 'completed', source: 'simulator' });
    expect(viaKite.rowsWritten).toBe(viaSimulator.rowsWritten);
    expect(await rows(kiteProfile, viaKite.id)).toEqual(
      await rows(simulatorProfile, viaSimulator.id),
    );

    // Margins: the fake blocks 15 × premium per unit sold (tests/fake-kite/margins.ts), so every
    // passing row's return on margin is 100 / 15 = 6.667 % (hand-computed), annualized by 365 / D.
    const passing = (
      await premia.storage.queryResults(kiteProfile, {
        runId: viaKite.id,
        filter: { passesFilters: true },
        limit: 1000,
      })
    ).rows;
    expect(passing.length).toBeGreaterThan(0);
    for (const row of passing) {
      expect(row.romPct).toBeCloseTo(100 / 15, 9);
      expect(row.marginPerLot).toBeCloseTo(15 * (row.premium ?? 0) * row.lotSize, 6);
      expect(row.annualizedRomPct).toBeCloseTo(((100 / 15) * 365) / row.daysToExpiry, 6);
    }
    const marginCalls = kite.requests.filter((request) => request.path === '/margins/orders');
    expect(marginCalls.length).toBeGreaterThan(0);
    expect(marginCalls.every((request) => request.status === 200)).toBe(true);
    const quoteCalls = kite.requests.filter((request) => request.path === '/quote');
    // Each quote call also carries the futures of its underlyings (the forward).
    expect(quoteCalls.length).toBeGreaterThanOrEqual(Math.ceil(viaKite.optionsTotal / 500));
    expect(quoteCalls.length).toBeLessThanOrEqual(
      Math.ceil((viaKite.optionsTotal + 2 * viaKite.underlyingsTotal) / 500),
    );
    // The run counts every call it made: the instrument dump, last prices and quotes.
    expect(viaKite.apiCalls).toBe(kite.requests.length);
    expect(Math.max(...quoteCalls.map((request) => request.instruments))).toBeLessThanOrEqual(500);
    expect(kite.requests.filter((request) => request.status === 429)).toEqual([]);
    // No one-second window holds more quote-class requests than the limit allows.
    const quoteClass = kite.requests
      .filter((request) => request.endpoint === 'quote')
      .map((request) => request.at);
    for (const start of quoteClass) {
      const inWindow = quoteClass.filter((at) => at >= start && at < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(LIMITS.quotePerSecond);
    }
    // The instrument dump was fetched once and is cached in the profile's database for the day.
    expect(kite.requests.filter((request) => request.path.startsWith('/instruments'))).toHaveLength(
      1,
    );
    expect(await premia.storage.hasInstruments(kiteProfile, '2026-11-20')).toBe(true);
    // On demand, the list is downloaded again.
    const refreshed = await premia.scans.refreshInstruments(kiteProfile);
    expect(refreshed).toMatchObject({ tradingDay: '2026-11-20' });
    expect(refreshed.instruments).toBeGreaterThan(1000);
    expect(kite.requests.filter((request) => request.path.startsWith('/instruments'))).toHaveLength(
      2,
    );
  });

  it('recovers from a short burst of 5xx answers without losing a row', async () => {
    kite.faults.serverErrors(2, 503, { path: '/quote' });
    const summary = await (
      await premia.scans.start(kiteProfile, { symbols: ['TCS', 'INFY'], expiry: 'nearest' })
    ).done;
    expect(summary.status).toBe('completed');
    expect(summary.rowsWritten).toBe(summary.optionsTotal);
    expect(summary.errors).toEqual([]);
  });

  it('fails a scan whose broker keeps failing, keeping the rows already written', async () => {
    kite.faults.reset();
    const startedAt = performance.now();
    const started = await premia.scans.start(kiteProfile, { symbols: SYMBOLS, expiry: 'nearest' });
    // Let this scan's first quote batch through, then the broker goes down for good.
    const answered = (): boolean =>
      kite.requests.some(
        (request) => request.path === '/quote' && request.at >= startedAt && request.status === 200,
      );
    while (!answered()) await new Promise((resolve) => setTimeout(resolve, 5));
    kite.faults.serverErrors(10_000, 503, { path: '/quote' });
    const summary = await started.done;
    kite.faults.reset();
    expect(summary.status).toBe('failed');
    expect(summary.errorSummary).toMatch(/broker|Kite|unavailable|paused/i);
    expect(summary.rowsWritten).toBeGreaterThan(0);
    expect(summary.rowsWritten).toBeLessThan(summary.optionsTotal);
  });

  it('stops with "log in to Kite again" when the token expires mid-scan, and marks it expired', async () => {
    // A new access token gives a fresh broker (and breaker) after the failure above.
    await premia.vault.credentials.setAccessToken(kiteProfile, 'tokentwo123456', clock.now());
    const started = await premia.scans.start(kiteProfile, { symbols: SYMBOLS, expiry: 'nearest' });
    kite.faults.tokensExpired = true;
    const summary = await started.done;
    kite.faults.tokensExpired = false;
    expect(summary.status).toBe('failed');
    expect(summary.errorSummary).toMatch(/Log in to Kite again/);
    const view = await premia.vault.credentials.get(kiteProfile);
    expect(view.token.status).toBe('expired');
    await expect(
      premia.scans.start(kiteProfile, { symbols: ['TCS'], expiry: 'nearest' }),
    ).rejects.toMatchObject({
      code: 'BROKER_TOKEN_EXPIRED',
    });
  });

  it('lets two profiles scan at once and refuses a third parallel scan over the quota', async () => {
    // The Kite profile was created first: it is the workstation's owner and sets the quotas.
    await premia.vault.profiles.setQuotas(kiteProfile, simulatorProfile, { maxParallelScans: 1 });
    const first = await premia.scans.start(simulatorProfile, {
      symbols: ['NIFTY', 'BANKNIFTY'],
      expiry: 'nearest',
    });
    const other = await premia.scans
      .start(kiteProfile, { symbols: ['TCS'], expiry: 'nearest' })
      .catch((error: unknown) => error);
    await expect(
      premia.scans.start(simulatorProfile, { symbols: ['TCS'], expiry: 'nearest' }),
    ).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    expect((await first.done).status).toBe('completed');
    expect(other).toMatchObject({ code: 'BROKER_TOKEN_EXPIRED' });
  });
});
