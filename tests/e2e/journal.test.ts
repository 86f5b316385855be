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
    await expect.poll(() => trades.getByRole('row').count()).toBe(3);
    await trades.getByRole('cell', { name: '-₹600.00' }).waitFor();
  });

  it('filters the trades by side, type and instrument prefix, with what each closing trade realized', async () => {
    const { page } = app.browser;
    const filters = page.getByRole('group', { name: 'Trade filters' });
    const trades = page.getByRole('table', { name: 'Trades' });
    await filters.getByLabel('Underlying', { exact: true }).fill('');
    // The fixtures hold 9 distinct fills (1003 is in both files).
    await filters.getByRole('status').getByText('9 trades').waitFor();
    await filters.getByLabel('Side').selectOption('SELL');
    await filters.getByRole('status').getByText('6 trades').waitFor();
    await filters.getByLabel('Type').selectOption('PE');
    await filters.getByRole('status').getByText('2 trades').waitFor();
    await filters.getByLabel('Type').selectOption('');
    await filters.getByLabel('Side').selectOption('BUY');
    await filters.getByLabel('Instrument').fill('nifty2611326000');
    await filters.getByRole('status').getByText('2 trades').waitFor();
    await expect(trades.getByRole('row').count()).resolves.toBe(3);
    // Hand-worked FIFO: 100 @ 60 closes 75 sold @ 100 and 25 @ 102 (3,000 + 1,050); 125 @ 30
    // closes the other 50 @ 102 (3,600) and opens 75 long.
    await trades.getByRole('cell', { name: '₹4,050.00' }).waitFor();
    await trades.getByRole('cell', { name: '₹3,600.00' }).waitFor();
    await filters.getByLabel('Instrument').fill('');
    await filters.getByLabel('Side').selectOption('');
    await filters.getByRole('status').getByText('9 trades').waitFor();
  });

  it('edits the charge rates, re-estimates the P&L with them, and restores the defaults', async () => {
    const { page } = app.browser;
    const day = page.locator('.pnl-calendar rect[data-day="2026-01-07"] title');
    await expect(day.textContent()).resolves.toBe('2026-01-07: ₹4,024');
    await page.getByText('Charge rates used for the estimates').click();
    const rates = page.getByRole('table', { name: 'Charge rates' });
    const brokerage = rates.getByLabel('Brokerage per order, or its cap (₹) from 2024-10-01');
    await expect(brokerage.inputValue()).resolves.toBe('20');
    await brokerage.fill('twenty');
    await page.getByRole('button', { name: 'Save rates' }).click();
    await page
      .getByRole('alert')
      .getByText(
        'Brokerage per order, or its cap (₹) from 2024-10-01 must be a number of 0 or more.',
      )
      .waitFor();
    await brokerage.fill('0');
    await page.getByRole('button', { name: 'Save rates' }).click();
    await page.getByText('Saved; charges are estimated again with these rates.').waitFor();
    // Without brokerage the 100 @ 60 buy costs 2.10 + 0.01 + 0.18 + GST 0.38 = 2.67.
    await expect.poll(() => day.textContent()).toBe('2026-01-07: ₹4,047');
    await app.browser.screenshot('journal-charge-rates');
    await page.getByRole('button', { name: "Restore Zerodha's rates" }).click();
    await page.getByText("Restored Zerodha's rates; charges are estimated again.").waitFor();
    await expect.poll(() => day.textContent()).toBe('2026-01-07: ₹4,024');
    await expect(brokerage.inputValue()).resolves.toBe('20');
  });
});
