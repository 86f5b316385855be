import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { startAppInBrowser, type AppInBrowser } from './support/app';

const PASSWORD = 'Theta gang journal 42';
const FIXTURES = join(import.meta.dirname, '../fixtures/journal');

async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('group', { name: 'Profile session' }).getByText(name).waitFor();
}

describe('the journal screen in Chromium against a real createPremia', () => {
  let app: AppInBrowser;
  // Tuesday 20 Jan 2026, 10:30 IST: the fixtures' 13 Jan NIFTY options have expired.
  const clock = createManualClock(new Date('2026-01-20T05:00:00Z'));

  beforeAll(async () => {
    app = await startAppInBrowser('journal', { clock }, 20_000);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('previews tradebooks, imports the good ones and shows a per-file report', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await createProfile(page, 'Kavya');
    await page
      .getByRole('navigation', { name: 'Profile screens' })
      .getByRole('button', { name: 'Journal' })
      .click();
    await page.getByRole('heading', { name: 'Journal', level: 2 }).waitFor();
    await page.getByText('No realized P&L yet.').waitFor();
    await page
      .getByLabel('Tradebook files')
      .setInputFiles([
        join(FIXTURES, 'tradebook-ZR1234-FO.csv'),
        join(FIXTURES, 'tradebook-ZR1234-FO (1).csv'),
        join(FIXTURES, 'tradebook-ZR1234-bad.csv'),
      ]);
    const report = page.getByRole('list', { name: 'Import report' });
    await report.getByText('7 trades, 2026-01-05 → 2026-01-07 · account ZR1234').waitFor();
    await report.getByText('line 3, quantity: "ten" is not a number').waitFor();
    await app.browser.screenshot('journal-import-preview');
    await page.getByRole('button', { name: 'Import 2 files' }).click();
    await report.getByText('2 new, 1 already stored').waitFor();
    await report.getByText('7 new, 0 already stored').waitFor();
  });

  it('shows realized P&L, the calendar, and expired shorts awaiting settlement until settled', async () => {
    const { page } = app.browser;
    const positions = page.getByRole('table', { name: 'Open positions' });
    await positions.getByText('NIFTY2611325500PE').waitFor();
    await expect(positions.getByText('Awaiting settlement').count()).resolves.toBe(2);
    // 01-05 (charges only), 01-06 −600, 01-07 4,050, 01-08 3,600, 01-09 1,125, before charges.
    await expect(page.locator('.pnl-calendar rect').count()).resolves.toBe(5);
    await expect(
      page.locator('.pnl-calendar rect[data-day="2026-01-07"] title').textContent(),
    ).resolves.toBe(
      // 4,050 less the buy's estimated charges (100 @ 60: ₹20 + 2.10 + 0.01 + 0.18 + GST 3.98).
      '2026-01-07: ₹4,024',
    );
    const byUnderlying = page.getByRole('table', { name: 'P&L by underlying' });
    await expect(
      byUnderlying
        .getByRole('row', { name: /^BANKNIFTY/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).resolves.toBe('-₹600.00');
    await positions.getByLabel('NIFTY close on 2026-01-13').first().fill('25400');
    await positions.getByRole('button', { name: 'Settle' }).first().click();
    await positions.waitFor({ state: 'detached' });
    await page.getByText('No open positions.').waitFor();
    await expect(page.locator('.pnl-calendar rect').count()).resolves.toBe(6);
    await app.browser.screenshot('journal-settled');
  });

  it("syncs the demo market's trades and lists them with their realized P&L column", async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: "Sync today's trades" }).click();
    // This profile's journal belongs to ZR1234 (from the files): the demo account is refused.
    await page
      .getByRole('alert')
      .getByText("belongs to Kite account SIM001, but this profile's journal belongs to ZR1234")
      .waitFor();
    const trades = page.getByRole('table', { name: 'Trades' });
    await page.getByLabel('Underlying', { exact: true }).fill('BANKNIFTY');
    await expect(trades.getByRole('row').count()).resolves.toBe(3);
    await trades.getByRole('cell', { name: '-₹600.00' }).waitFor();
  });
});
