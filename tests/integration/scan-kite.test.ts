import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia, type Premia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { RateLimits } from '../../src-main/market/rate-limiter';
import type { RunId } from '../../src-main/storage/records';
import type { ProfileId } from '../../src-preload/contract';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
import { testOsKeychain } from '../support/vault-fixtures';

/** The Secret Service of the test session (scripts/test.sh): credentials live where a trader's do. */
const { keychain } = testOsKeychain();

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
const MORE_SYMBOLS = ['AXISBANK', 'KOTAKBANK', 'BHARTIARTL', 'HINDUNILVR', 'BAJFINANCE', 'MARUTI'];
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
    let total = Infinity;
    while (all.length < total) {
      const page = await premia.storage.queryResults(profileId, {
        runId,
        sort: { column: 'tradingsymbol', direction: 'asc' },
        limit: 1000,
        offset: all.length,
      });
      if (page.rows.length === 0) break;
      total = page.total;
      all.push(...page.rows.map(({ id: _id, runId: _run, ...row }) => row));
    }
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
      keychain,
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
    });
    await premia.vault.credentials.setApiRoot(kiteProfile, PASSWORD, kite.url);
    await premia.vault.credentials.setAccessToken(kiteProfile, 'tokenone123456');
  });

  afterAll(async () => {
    await premia?.close();
    await kite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores what the fake market quotes for every option of the nearest expiry, within the quote rate limit', async () => {
    // Priced on the mid: the fake quotes a symmetric book around its own fair price, so the
    // implied volatility of the mid is the fake's volatility (a bid can sit below intrinsic value).
    const viaKite = await (
      await premia.scans.start(kiteProfile, {
        symbols: SYMBOLS,
        expiry: 'nearest',
        model: { basis: 'mid' },
      })
    ).done;
    expect(viaKite).toMatchObject({ status: 'completed', source: 'kite', underlyingsTotal: 10 });
    const now = clock.now();
    const book = kite.market.book(now);
    // Every underlying's nearest expiry: NIFTY's is a weekly, the stocks' the month's last Tuesday.
    const nearest = new Map<string, string>();
    for (const i of book.instruments) {
      if (i.segment !== 'NFO-OPT' || !SYMBOLS.includes(i.name)) continue;
      const known = nearest.get(i.name);
      if (known === undefined || i.expiry < known) nearest.set(i.name, i.expiry);
    }
    const listed = book.instruments.filter(
      (i) => i.segment === 'NFO-OPT' && nearest.get(i.name) === i.expiry,
    );
    expect(viaKite.optionsTotal).toBe(listed.length);
    expect(viaKite.rowsWritten).toBe(listed.length);

    const stored = await rows(kiteProfile, viaKite.id);
    expect(stored.map((row) => row.tradingsymbol).sort()).toEqual(
      listed.map((i) => i.tradingsymbol).sort(),
    );
    let nearTheMoney = 0;
    for (const row of stored) {
      const option = kite.market.instrument(`NFO:${row.tradingsymbol}`, now);
      const quote = kite.market.quote(`NFO:${row.tradingsymbol}`, now);
      if (option === undefined || quote === undefined) throw new Error(`${row.tradingsymbol}?`);
      // The underlying's price a trader sees is its last traded price (Kite's last_price).
      const spot = kite.market.quote(`NSE:${option.underlying.spotSymbol}`, now)?.last_price ?? NaN;
      const bid = quote.depth.buy[0]?.price ?? 0;
      const ask = quote.depth.sell[0]?.price ?? 0;
      expect(row).toMatchObject({
        underlying: option.name,
        instrumentToken: option.instrumentToken,
        strike: option.strike,
        expiry: option.expiry,
        lotSize: option.lotSize,
        spot,
        bid: bid > 0 ? bid : null,
        ask: ask > 0 ? ask : null,
        lastPrice: quote.last_price,
        volume: quote.volume,
        oi: quote.oi,
      });
      // DESIGN.md §5: a call is (K − S)/S out of the money, a put (S − K)/S.
      const otm =
        row.optionType === 'CE' ? (option.strike - spot) / spot : (spot - option.strike) / spot;
      expect(row.otmPct).toBeCloseTo(otm * 100, 6);
      // The fake priced each option with its own Black-76 at a known volatility; where the price
      // is mostly time value, Premia's implied volatility must find that volatility again.
      if (Math.abs(otm) < 0.03 && bid > 0 && bid > 20 * 0.05) {
        nearTheMoney++;
        expect(row.iv ?? 0).toBeGreaterThan(kite.market.volatility(option, now) * 100 - 1.5);
        expect(row.iv ?? 0).toBeLessThan(kite.market.volatility(option, now) * 100 + 1.5);
      }
    }
    expect(nearTheMoney).toBeGreaterThan(20);

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
    // The first quote batch gets through, then the broker goes down for good.
    kite.faults.serverErrors(10_000, 503, { path: '/quote', exact: true, after: 1 });
    // Margins too: a margin answer arriving between two failing quote batches would count as a
    // success and keep the breaker closed (the order of the two depends on the machine's load).
    kite.faults.serverErrors(10_000, 503, { path: '/margins/orders', exact: true });
    // Enough options for three quote batches: two failing batches trip the circuit breaker.
    const started = await premia.scans.start(kiteProfile, {
      symbols: [...SYMBOLS, ...MORE_SYMBOLS],
      expiry: 'nearest',
    });
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
