import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  completeKiteLogin,
  kiteLoginUrl,
  parseRequestToken,
  startKiteLoginListener,
} from '../../src-main/market/kite-login';
import { kiteFixture, type KiteFixture } from './kite-fixture';

const signal = new AbortController().signal;
let f: KiteFixture;

beforeEach(async () => {
  f = await kiteFixture();
});
afterEach(async () => {
  await f.close();
});

/** What the browser does after the trader logs in on Kite's own page. */
function redirect(redirectUrl: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${redirectUrl}?${new URLSearchParams(params).toString()}`);
}

describe('Kite login flow', () => {
  it("builds Kite's login URL with the state passed through redirect_params", () => {
    const url = new URL(kiteLoginUrl('myapikey', 'abc123'));
    expect(`${url.origin}${url.pathname}`).toBe('https://kite.zerodha.com/connect/login');
    expect(url.searchParams.get('v')).toBe('3');
    expect(url.searchParams.get('api_key')).toBe('myapikey');
    expect(url.searchParams.get('redirect_params')).toBe('state=abc123');
  });

  it('takes the request_token from a redirect with the right state, exchanges it, and closes', async () => {
    const listener = await startKiteLoginListener({ port: 0, timeoutMs: 10_000 });
    expect(listener.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kite\/callback$/);
    expect(listener.loginUrl(f.kite.apiKey)).toContain(
      encodeURIComponent(`state=${listener.state}`),
    );
    const broker = f.broker({
      credentials: { apiKey: f.kite.apiKey, apiSecret: f.kite.apiSecret },
    });
    const login = completeKiteLogin(listener, broker, signal);

    const forged = await redirect(listener.redirectUrl, {
      status: 'success',
      request_token: 'abcdef123456',
      state: 'forged',
    });
    expect(forged.status).toBe(400);
    const requestToken = f.kite.issueRequestToken();
    const page = await redirect(listener.redirectUrl, {
      action: 'login',
      type: 'login',
      status: 'success',
      request_token: requestToken,
      state: listener.state,
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('close this tab');

    const session = await login;
    expect(f.kite.accessTokens.has(session.accessToken)).toBe(true);
    expect(broker.tokenStatus).toBe('present');
    await expect(redirect(listener.redirectUrl, { state: listener.state })).rejects.toThrow();
  });

  it('gives up after its timeout and frees the port', async () => {
    const listener = await startKiteLoginListener({ port: 0, timeoutMs: 50 });
    await expect(listener.requestToken).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      message: expect.stringMatching(/No Kite login arrived/),
    });
    await expect(redirect(listener.redirectUrl, {})).rejects.toThrow();
  });

  it('reports a failed login, a cancelled wait and a port already in use', async () => {
    const failed = await startKiteLoginListener({ port: 0 });
    const page = await redirect(failed.redirectUrl, { status: 'error', state: failed.state });
    expect(page.status).toBe(400);
    await expect(failed.requestToken).rejects.toMatchObject({ code: 'BROKER_ERROR' });

    const controller = new AbortController();
    const cancelled = await startKiteLoginListener({ port: 0, signal: controller.signal });
    controller.abort();
    await expect(cancelled.requestToken).rejects.toMatchObject({ code: 'CANCELLED' });

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(startKiteLoginListener({ port })).rejects.toMatchObject({
        message: expect.stringMatching(new RegExp(`Port ${port} is already in use`)),
      });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('accepts a pasted request_token or the whole redirect URL', () => {
    expect(parseRequestToken('  AbC123xyz789  ')).toBe('AbC123xyz789');
    expect(
      parseRequestToken(
        'http://127.0.0.1:5000/kite/callback?action=login&status=success&request_token=Tok3n99aa',
      ),
    ).toBe('Tok3n99aa');
    expect(parseRequestToken('')).toBeNull();
    expect(parseRequestToken('https://example.com/?request_token=<script>')).toBeNull();
  });
});
