import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia, type Premia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { ProfileId } from '../../src-preload/contract';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
import { testOsKeychain } from '../support/vault-fixtures';

/** The Secret Service of the test session (scripts/test.sh): credentials live where a trader's do. */
const { keychain } = testOsKeychain();

const PASSWORD = 'amber lantern orchard 7';
const APP = { url: 'app://premia/index.html', isMainFrame: true };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('connecting a profile to Kite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-kite-login-'));
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));
  let kite: FakeKite;
  let premia: Premia;
  let profileId: ProfileId;
  let port: number;
  /** What "the browser" does: Kite's page redirects to Premia's loopback listener. */
  let browser: (loginUrl: string) => Promise<void> = () => Promise.resolve();
  const opened: string[] = [];

  beforeAll(async () => {
    kite = await startFakeKite({ seed: 5, clock, rateLimits: null });
    port = await freePort();
    premia = await createPremia({
      dataDir,
      keychain,
      version: 'test',
      runtime: 'node',
      allowedOrigins: ['app://premia'],
      clock,
      logger: createMemoryLogger(),
      kdfCost: { N: 2 ** 12, r: 8, p: 1 },
      idleCheckIntervalMs: 0,
      openExternal: async (url) => {
        opened.push(url);
        await browser(url);
      },
    });
    profileId = (await premia.vault.profiles.create({ name: 'Trader', password: PASSWORD })).id;
    await premia.session.login(profileId, PASSWORD);
    await premia.vault.credentials.set(profileId, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
    });
    await premia.vault.credentials.setApiRoot(profileId, PASSWORD, kite.url);
  });

  afterAll(async () => {
    await premia?.close();
    await kite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in through the browser and the loopback redirect, then stores the token sealed', async () => {
    browser = async (loginUrl) => {
      const url = new URL(loginUrl);
      expect(url.origin).toBe('https://kite.zerodha.com');
      expect(url.searchParams.get('api_key')).toBe(kite.apiKey);
      const state = new URLSearchParams(url.searchParams.get('redirect_params') ?? '').get('state');
      // A redirect with someone else's state is ignored; the real one completes the login.
      await fetch(
        `http://127.0.0.1:${port}/kite/callback?request_token=${kite.issueRequestToken()}&state=forged`,
      );
      const answer = await fetch(
        `http://127.0.0.1:${port}/kite/callback?request_token=${kite.issueRequestToken()}&state=${state ?? ''}&action=login&status=success`,
      );
      expect(answer.status).toBe(200);
    };
    const account = await premia.kite.login(profileId, port, AbortSignal.timeout(20_000));
    expect(account).toMatchObject({ source: 'kite' });
    expect(opened).toHaveLength(1);
    const view = await premia.vault.credentials.get(profileId);
    expect(view.token.status).toBe('valid');
    expect(view.accessToken).toMatch(/^••••/);
    expect(view.storedIn).toBe('os');
    // The keychain holds the sealed blob only: no access token Kite issued appears in it.
    const sealed = (await keychain.getSecret(`profile:${profileId}`)) ?? '';
    expect(sealed).toMatch(/^premia-gcm-v1\./);
    for (const token of kite.accessTokens) expect(sealed).not.toContain(token);
    // The listener is gone: a second redirect finds nobody.
    await expect(fetch(`http://127.0.0.1:${port}/kite/callback?request_token=x`)).rejects.toThrow();
  });

  it('exchanges a pasted redirect URL through the contract and tests the connection', async () => {
    const pasted = `http://127.0.0.1:${port}/kite/callback?action=login&type=login&status=success&request_token=${kite.issueRequestToken()}`;
    const exchanged = await premia.router.dispatch('premia:kite.exchangeRequestToken', APP, {
      requestToken: pasted,
    });
    expect(exchanged).toMatchObject({ ok: true, value: { source: 'kite' } });
    const tested = await premia.router.dispatch('premia:kite.testConnection', APP, undefined);
    expect(tested).toMatchObject({ ok: true, value: { source: 'kite' } });
    expect(JSON.stringify(tested)).not.toContain(kite.apiSecret);
  });

  it('says clearly when the pasted text is not a request_token or the token was already used', async () => {
    const garbage = await premia.router.dispatch('premia:kite.exchangeRequestToken', APP, {
      requestToken: 'hello world',
    });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const token = kite.issueRequestToken();
    await premia.router.dispatch('premia:kite.exchangeRequestToken', APP, { requestToken: token });
    const reused = await premia.router.dispatch('premia:kite.exchangeRequestToken', APP, {
      requestToken: token,
    });
    expect(reused.ok).toBe(false);
  });
});
