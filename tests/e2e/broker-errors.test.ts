import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import type { RateLimits } from '../../src-main/market/rate-limiter';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
import { FAKE_KITE_USER } from '../fake-kite/session';
import { startAppInBrowser, type AppInBrowser } from './support/app';

const SEED = 4242;
/** Kite's limits scaled ×20 so the test stays short; client and server agree on them. */
const LIMITS: RateLimits = { quotePerSecond: 20, otherPerSecond: 40 };
const TOKEN = 'tokenone123456';
const SECOND_TOKEN = 'tokentwo123456';
const PASSWORD = 'Straddle seller 2026!';

describe('a Kite scan that breaks, in Chromium against a real createPremia and loopback Kite', () => {
  let kite: FakeKite;
  let app: AppInBrowser;
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z')); // Friday 10:30 IST

  beforeAll(async () => {
    kite = await startFakeKite({
      seed: SEED,
      clock,
      rateLimits: LIMITS,
      accessTokens: [TOKEN, SECOND_TOKEN],
    });
    app = await startAppInBrowser(
      'broker',
      { clock, simulatorSeed: SEED, kiteRateLimits: LIMITS },
      20000,
    );
  });

  afterAll(async () => {
    await app?.close();
    await kite?.close();
  });

  it('points the profile at Kite with masked keys and a live token', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByLabel('Profile name').fill('Nisha');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('button', { name: 'Credentials' }).click();
    await page.getByLabel('API key').fill(kite.apiKey);
    await page.getByLabel('API secret').fill(kite.apiSecret);
    await page.getByRole('button', { name: 'Save keys' }).click();
    await page
      .getByText(`••••${kite.apiKey.slice(-4)}`)
      .first()
      .waitFor();
    // The window cannot change the API root; the loopback server is set the CLI's way, in main.
    const profileId = app.harness.premia.session.current();
    if (profileId === null) throw new Error('no profile signed in');
    await app.harness.premia.vault.credentials.setApiRoot(profileId, PASSWORD, kite.url);
    await page.getByLabel('Paste an access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    // Main's clock is pinned to a past Friday, the browser's is not: only the line is checked.
    await page.getByText(/^Access token: /).waitFor();
    await page.getByText(`••••${TOKEN.slice(-4)}`).waitFor();
    // Write-only: neither the secret nor the whole key or token ever reaches the page.
    const html = await page.content();
    expect(html).not.toContain(kite.apiSecret);
    expect(html).not.toContain(kite.apiKey);
    expect(html).not.toContain(TOKEN);
    // The OS keychain (the test session's Secret Service) holds them: no fallback warning.
    expect(await page.getByText('No OS keychain').count()).toBe(0);
    expect(await page.getByText(/Without an OS keychain/).count()).toBe(0);
  });

  it('exchanges a pasted request token and tests the connection', async () => {
    const { page } = app.browser;
    const redirect = `http://127.0.0.1:5055/kite/callback?status=success&request_token=${kite.issueRequestToken()}`;
    await page.getByLabel('Or paste the request token (or the whole redirect URL)').fill(redirect);
    await page.getByRole('button', { name: 'Exchange for an access token' }).click();
    const connected = page.getByRole('status').filter({ hasText: /^Connected as .+ on Kite/ });
    await connected.waitFor();
    expect(await connected.textContent()).toContain(FAKE_KITE_USER.user_name);
    // The request token was exchanged with Kite's checksum and accepted, once.
    expect(kite.requests.filter((r) => r.path === '/session/token').map((r) => r.status)).toEqual([
      200,
    ]);
    // A Kite login starts a journal sync nobody waits for; it ends with the positions call.
    await expect
      .poll(() => kite.requests.some((r) => r.path === '/portfolio/positions'), { timeout: 30_000 })
      .toBe(true);
    const before = kite.requests.length;
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => kite.requests.slice(before).map((r) => `${r.path} ${r.status}`), {
        timeout: 30_000,
      })
      .toEqual(['/user/profile 200']);
    const tested = page.getByRole('status').filter({ hasText: /^Connected as / });
    await tested.waitFor();
    await app.browser.screenshot('kite-connected');
    // Back to the known token for the scans below.
    await page.getByLabel('Paste an access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByText(`••••${TOKEN.slice(-4)}`).waitFor();
  });

  it('shows a scan failing when the broker goes down mid-scan', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByText('Live Kite data').waitFor();
    // Enough symbols for three quote batches: the first gets through, then Kite answers 503 for
    // good, and the second failing batch trips the circuit breaker.
    kite.faults.serverErrors(10_000, 503, { path: '/quote', exact: true, after: 1 });
    // Margins too: a margin answer would otherwise count as a success and keep the breaker closed.
    kite.faults.serverErrors(10_000, 503, { path: '/margins/orders', exact: true });
    await page
      .getByLabel('Symbols', { exact: true })
      .fill(
        'NIFTY BANKNIFTY RELIANCE HDFCBANK TCS INFY SBIN ITC LT ICICIBANK AXISBANK KOTAKBANK BHARTIARTL HINDUNILVR BAJFINANCE MARUTI',
      );
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove MARUTI' }).waitFor();
    await page.getByRole('button', { name: 'Start scan' }).click();
    const failed = page.locator('.scan-progress.status-failed');
    await failed.waitFor({ timeout: 60_000 });
    await failed.getByText('Failed').waitFor();
    const reason = failed.locator('p.error');
    await reason.waitFor();
    expect(await reason.textContent()).toMatch(/Kite|broker/i);
    await app.browser.screenshot('broker-error-mid-scan');
    kite.faults.reset();
    const quoteAnswers = kite.requests.filter((r) => r.path === '/quote').map((r) => r.status);
    expect(quoteAnswers[0]).toBe(200);
    expect(quoteAnswers.slice(1).every((status) => status === 503)).toBe(true);

    await page.getByRole('button', { name: 'Open results of scan #1' }).click();
    const grid = page.getByRole('grid', { name: 'Results of scan #1' });
    await grid.waitFor();
    // The rows of the batch that got through were kept (one header row besides them).
    await grid.getByRole('row').nth(1).waitFor();
    expect(await grid.getByRole('row').count()).toBeGreaterThan(1);
    const summaryError = page.locator('.run-summary .error').first();
    await summaryError.waitFor();
    expect(await summaryError.textContent()).toMatch(/Kite|broker/i);
    await app.browser.screenshot('broker-error-results');
  });

  it('cancels a slow scan from its progress card', async () => {
    const { page } = app.browser;
    // A new token gives a fresh broker (the failed scan above left its breaker open).
    await page.getByRole('button', { name: 'Credentials' }).click();
    await page.getByLabel('Paste an access token').fill(SECOND_TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByText(`••••${SECOND_TOKEN.slice(-4)}`).waitFor();
    kite.faults.latencyMs = 400;
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByLabel('Symbols', { exact: true }).fill('NIFTY BANKNIFTY RELIANCE TCS INFY');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove INFY' }).waitFor();
    const before = kite.requests.length;
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('button', { name: 'Cancel scan #2' }).click();
    await page
      .locator('.scan-progress.status-cancelled')
      .getByText('Cancelled', { exact: true })
      .waitFor();
    // Once cancelled, nothing more goes to Kite.
    const afterCancel = kite.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(kite.requests.length).toBe(afterCancel);
    expect(afterCancel).toBeGreaterThan(before);
    kite.faults.latencyMs = 0;
    await app.browser.screenshot('scan-cancelled');
  });
});
