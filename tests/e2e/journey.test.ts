import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { startAppInBrowser, type AppInBrowser } from './support/app';

const PASSWORD = 'Sell premium, sleep well 7';
const OTHER_PASSWORD = 'Iron condor on Thursdays 9';
const TEN = 'RELIANCE, TCS, INFY, HDFCBANK, ICICIBANK, SBIN, ITC, LT, AXISBANK, NIFTY';

async function createProfile(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('group', { name: 'Profile session' }).getByText(name).waitFor();
}

/** The strikes' annualized returns on margin as the table shows them, top to bottom. */
async function visibleYields(page: Page): Promise<number[]> {
  const grid = page.getByRole('grid', { name: /Results of scan/ });
  const header = await grid.getByRole('columnheader').allTextContents();
  const column = header.findIndex((text) => text.startsWith('Ann. RoM'));
  const rows = await grid.locator('.vt-body [role="row"]:not(.vt-pending)').all();
  const byIndex: [number, string][] = [];
  for (const row of rows) {
    const index = Number(await row.getAttribute('aria-rowindex'));
    byIndex.push([index, (await row.getByRole('gridcell').nth(column).textContent()) ?? '']);
  }
  const cells = byIndex.sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  return cells.map((text) => Number.parseFloat(text.replace(/[%,]/g, '')));
}

describe('the trader journey on the simulator, in Chromium against a real createPremia', () => {
  let app: AppInBrowser;
  // A Friday, 10:30 IST: the simulated market is open.
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));

  beforeAll(async () => {
    app = await startAppInBrowser('journey', { clock }, 20000);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('scans ten symbols and shows live progress', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await createProfile(page, 'Meera', PASSWORD);
    await page.getByRole('heading', { name: 'Scan', level: 2 }).waitFor();
    await page.getByText('Simulator data').waitFor();
    await page.getByLabel('Symbols', { exact: true }).fill(`${TEN}, RELIANC, NOTASTOCK`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const chips = page.getByRole('list', { name: 'Symbols to scan' });
    await chips.getByText('NOTASTOCK').waitFor();
    await chips.getByRole('button', { name: 'Remove NOTASTOCK' }).click();
    await chips.getByRole('button', { name: 'RELIANCE', exact: true }).waitFor();
    await page.getByLabel('Save these symbols as').fill('Ten');
    await page.getByRole('button', { name: 'Save watchlist' }).click();
    await page.getByRole('option', { name: /^Ten \(10\)/ }).waitFor({ state: 'attached' });
    // A new scan starts from the built-in Seller filter.
    await expect.poll(() => page.getByLabel('Preset', { exact: true }).inputValue()).toBe('Seller');
    await app.browser.screenshot('journey-scan-setup');
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('progressbar', { name: /Scan #1 progress/ }).waitFor();
    await app.browser.screenshot('journey-scan-running');
    // The results open by themselves when the scan finishes (a setting on the scan screen).
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor({ timeout: 60_000 });
  });

  it('opens the results sorted by annualized return on margin and exports them', async () => {
    const { page } = app.browser;
    const grid = page.getByRole('grid', { name: 'Results of scan #1' });
    await grid.locator('[role="row"][aria-rowindex="2"]:not(.vt-pending)').waitFor();
    const header = grid.getByRole('columnheader', { name: /Annualized return on margin/ });
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    const yields = await visibleYields(page);
    expect(yields.length).toBeGreaterThan(5);
    expect([...yields].sort((a, b) => b - a)).toEqual(yields);
    // The best row's details: the formula inputs and the payoff of one short lot.
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('img', { name: /Short 1 lot of .+: P&L at expiry/ }).waitFor();
    await expect(page.locator('.row-detail').textContent()).resolves.toContain('Margin per lot');
    await app.browser.screenshot('journey-results');

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Exported' });
    await status.waitFor();
    const path = (await status.locator('code').textContent()) ?? '';
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toContain('annualized');

    await page.getByRole('combobox', { name: 'Underlying' }).selectOption('NIFTY');
    await page.getByRole('img', { name: /NIFTY: annualized return on margin by strike/ }).waitFor();
    await app.browser.screenshot('journey-results-nifty');
  });

  it('says why a row was filtered out', async () => {
    const { page } = app.browser;
    const count = page.getByRole('status').filter({ hasText: /rows?$/ });
    const passing = await count.textContent();
    await page.getByRole('button', { name: 'Show filtered-out rows' }).click();
    await expect.poll(async () => count.textContent(), { timeout: 10_000 }).not.toBe(passing);
    const grid = page.getByRole('grid', { name: 'Results of scan #1' });
    await grid.focus();
    const detail = page.locator('.row-detail');
    for (let step = 0; step < 60; step += 1) {
      await page.keyboard.press('ArrowDown');
      if (((await detail.textContent()) ?? '').includes('is filtered out')) break;
    }
    await expect(detail.textContent()).resolves.toMatch(/is filtered out: .+/);
    await app.browser.screenshot('journey-why-filtered');
    await page.getByRole('button', { name: 'Show filtered-out rows' }).click();
  });

  it('locks, logs back in and opens the run from history without a broker', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Back on the results of the same run.
    await page.getByRole('grid', { name: 'Results of scan #1' }).waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Open scan #1' }).click();
    await page.getByRole('grid', { name: 'Results of scan #1' }).waitFor();
  });

  it('compares two runs of the same watchlist and deletes one', async () => {
    const { page } = app.browser;
    clock.advance(60 * 60_000);
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByLabel('Or scan a watchlist').selectOption({ label: 'Ten (10)' });
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('grid', { name: 'Results of scan #2' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('checkbox', { name: 'Compare scan #1' }).check();
    await page.getByRole('checkbox', { name: 'Compare scan #2' }).check();
    await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
    await page.getByRole('heading', { name: /Scan #1 → #2/ }).waitFor();
    await page.getByRole('combobox', { name: 'Underlying' }).selectOption('NIFTY');
    const changes = page.locator('table.compare tbody tr');
    // The Seller filter keeps the best 3 NIFTY options of each run: at least those 3 compare.
    await expect.poll(async () => changes.count()).toBeGreaterThanOrEqual(3);
    await app.browser.screenshot('journey-compare');
    await page.getByRole('button', { name: 'Close comparison' }).click();
    await page.getByRole('button', { name: 'Delete scan #2' }).click();
    await page.getByRole('button', { name: /^Delete scan #2 and its [\d,]+ rows$/ }).click();
    await page.getByRole('button', { name: 'Open scan #2' }).waitFor({ state: 'detached' });
  });

  it('keeps the runs of one profile away from another', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await createProfile(page, 'Kabir', OTHER_PASSWORD);
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByText('No scans yet.').waitFor();
    await app.browser.screenshot('journey-other-profile-history');
  });

  it('refuses a scan above the quota the owner set', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /^Meera/ }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Profile & workspace' }).click();
    const kabir = page.getByRole('form', { name: 'Quotas of Kabir' });
    await kabir.getByLabel('Symbols a scan').fill('3');
    await kabir.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByText('Quotas of Kabir saved.').waitFor();
    const everyone = page.getByRole('region', { name: 'Disk use of every profile' });
    await everyone.getByRole('cell', { name: 'Kabir' }).waitFor();
    // Where "the details are in the log" points: the profile's own log file.
    await expect(page.locator('.disk-usage code').textContent()).resolves.toMatch(
      /profiles\/[^/]+\/logs\/premia\.log$/,
    );
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/^Backed up to /).waitFor();
    await page.getByLabel('Delete scans older than (days)').fill('30');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Scans older than 30 days are deleted.').waitFor();
    await app.browser.screenshot('journey-workspace-disk');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /^Kabir/ }).click();
    await page.getByLabel('Password').fill(OTHER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByLabel('Symbols', { exact: true }).fill('TCS INFY SBIN ITC');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove ITC' }).waitFor();
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('alert').filter({ hasText: /3/ }).waitFor();
    await app.browser.screenshot('journey-quota-refused');
  });
});
