import { afterAll, beforeAll, describe, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import type { RateLimits } from '../../src-main/market/rate-limiter';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
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
    await page.getByLabel('API root').fill(kite.url);
    await page.getByRole('button', { name: 'Save keys' }).click();
    await page
      .getByText(`••••${kite.apiKey.slice(-4)}`)
      .first()
      .waitFor();
    await page.getByLabel('Paste an access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    // Main's clock is pinned to a past Friday, the browser's is not: only the line is checked.
    await page.getByText(/^Access token: /).waitFor();
    await page.getByText(`••••${TOKEN.slice(-4)}`).waitFor();
  });

  it('exchanges a pasted request token and tests the connection', async () => {
    const { page } = app.browser;
    const redirect = `http://127.0.0.1:5055/kite/callback?status=success&request_token=${kite.issueRequestToken()}`;
    await page.getByLabel('Or paste the request token (or the whole redirect URL)').fill(redirect);
    await page.getByRole('button', { name: 'Exchange for an access token' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Connected as .+ on Kite/ })
      .waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Connected as / })
      .waitFor();
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
    await page
      .getByLabel('Symbols', { exact: true })
      .fill('NIFTY BANKNIFTY RELIANCE HDFCBANK TCS INFY SBIN ITC LT ICICIBANK');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove ICICIBANK' }).waitFor();
    const startedAt = performance.now();
    await page.getByRole('button', { name: 'Start scan' }).click();
    // The first quote batch gets through, then Kite answers 503 to everything for good.
    while (
      !kite.requests.some(
        (request) => request.path === '/quote' && request.at >= startedAt && request.status === 200,
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Every endpoint, margins included: a margin answer would otherwise keep the breaker closed.
    kite.faults.serverErrors(10_000, 503);
    const failed = page.locator('.scan-progress.status-failed');
    await failed.waitFor({ timeout: 60_000 });
    await failed.getByText('Failed').waitFor();
    await failed.locator('p.error').waitFor();
    await app.browser.screenshot('broker-error-mid-scan');
    kite.faults.reset();

    await page.getByRole('button', { name: 'Open results of scan #1' }).click();
    await page.getByRole('grid', { name: 'Results of scan #1' }).waitFor();
    await page.locator('.run-summary .error').first().waitFor();
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
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('button', { name: 'Cancel scan #2' }).click();
    await page
      .locator('.scan-progress.status-cancelled')
      .getByText('Cancelled', { exact: true })
      .waitFor();
    kite.faults.latencyMs = 0;
    await app.browser.screenshot('scan-cancelled');
  });
});
