import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
import { KITE_DOCUMENTED_RATE_LIMITS } from '../fake-kite/kite-docs';
import { premiaCli } from '../support/premia-cli';
import { openTestPremia, STRONG } from '../support/vault-fixtures';

/** One API key, one access token per profile: the server can tell the two processes apart. */
const TOKENS = { Asha: 'ashatoken000001', Ravi: 'ravitoken000001' } as const;
/** Enough underlyings that each scan needs several quote-class requests (one per 500 options). */
const SYMBOLS = 'NIFTY,BANKNIFTY,RELIANCE,HDFCBANK,TCS,INFY,SBIN,ITC';
/** Kite's documented quote interval (kite-docs.ts), not Premia's setting. */
const QUOTE_INTERVAL_MS = 1000 / KITE_DOCUMENTED_RATE_LIMITS.quotePerSecond;
/**
 * The server's clock stamps a request when its own event loop gets to it, after the sender's
 * process was scheduled to write it: on a loaded machine that adds a delay no client controls, so
 * the server forgives this fraction of the interval (its 429 rule and this test's spacing rule
 * are the same). Premia's own spacing of sends is measured exactly in shared-pacing.test.ts.
 */
const ARRIVAL_JITTER = 0.1;

/**
 * The case: two `premia scan` processes started at once with one API key (two profiles
 * of one workstation), against the loopback Kite server enforcing Kite's published limits.
 */
describe('two Premia processes on one Kite API key', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-pacing-cli-'));
  const premia = premiaCli(dataDir);
  let kite: FakeKite;

  beforeAll(async () => {
    kite = await startFakeKite({
      seed: 11,
      accessTokens: Object.values(TOKENS),
      rateLimits: KITE_DOCUMENTED_RATE_LIMITS,
      rateTolerance: ARRIVAL_JITTER,
    });
    const setup = await openTestPremia(dataDir);
    try {
      for (const name of ['Asha', 'Ravi'] as const) {
        const { id } = await setup.vault.profiles.create({ name, password: STRONG });
        await setup.vault.profiles.login(id, STRONG);
        await setup.vault.credentials.set(id, { apiKey: kite.apiKey, apiSecret: kite.apiSecret });
        await setup.vault.credentials.setApiRoot(id, STRONG, kite.url);
        await setup.vault.credentials.setAccessToken(id, TOKENS[name]);
      }
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    await kite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stay within Kite’s quote limit together: no 429, quote requests an interval apart at the server', async () => {
    // Each scan's first last-price request is answered only once the other's has arrived, so
    // the two processes are in their quote phase together however the machine schedules them.
    kite.faults.holdUntil('/quote/ltp', 2);
    const scan = (profile: string) =>
      premia(
        [
          'scan',
          '--profile',
          profile,
          '--symbols',
          SYMBOLS,
          '--format',
          'json',
          '--password-stdin',
        ],
        `${STRONG}\n`,
      );
    const [asha, ravi] = await Promise.all([scan('Asha'), scan('Ravi')]);
    expect([asha.code, ravi.code]).toEqual([0, 0]);
    const apiCalls = [asha, ravi].map((run) =>
      Number(/Run #\d+ completed \(kite\).* (\d+) API calls\./.exec(run.stderr)?.[1]),
    );
    // What the server saw, for the failure message: arrival (ms), path, status, whose token.
    const timeline = kite.requests
      .map((r) => `${r.at.toFixed(1)} ${r.path} ${r.status} ${r.authorization?.slice(-6)}`)
      .join('\n');
    // Every request the two scans counted reached the server, and none was refused.
    expect(kite.requests, timeline).toHaveLength((apiCalls[0] ?? 0) + (apiCalls[1] ?? 0));
    expect(
      kite.requests.filter((request) => request.status !== 200),
      timeline,
    ).toEqual([]);
    const quotes = kite.requests.filter((request) => request.endpoint === 'quote');
    const from = (profile: keyof typeof TOKENS) =>
      quotes.filter((request) => request.authorization?.endsWith(`:${TOKENS[profile]}`));
    expect(from('Asha').length).toBeGreaterThanOrEqual(2);
    expect(from('Ravi').length).toBeGreaterThanOrEqual(2);
    expect(from('Asha').length + from('Ravi').length).toBe(quotes.length);
    const gaps = quotes.slice(1).map((request, i) => request.at - (quotes[i]?.at ?? 0));
    for (const gap of gaps) {
      expect(gap, timeline).toBeGreaterThanOrEqual(QUOTE_INTERVAL_MS * (1 - ARRIVAL_JITTER));
    }
  }, 300_000);
});
