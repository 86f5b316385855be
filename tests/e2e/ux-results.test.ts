import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDialogs } from '../../src-main/app/dialogs';
import { createManualClock } from '../../src-main/app/clock';
import { startAppInBrowser, type AppInBrowser } from './support/app';
import { createProfileOnScreen, fitsSideways, screenshotBothThemes } from './support/ux';

const PASSWORD = 'Strangle the weekly 31';

/** A save dialog that "chooses" files in a temp folder, and records what it was asked. */
function recordingDialogs(folder: string) {
  const asked: { title: string; defaultPath: string }[] = [];
  let next: string | null = join(folder, 'nifty-calls.csv');
  const dialogs: FileDialogs = {
    chooseFileToOpen: () => Promise.resolve(null),
    chooseFileToSave: (options) => {
      asked.push({ title: options.title, defaultPath: options.defaultPath });
      return Promise.resolve(next);
    },
  };
  return {
    dialogs,
    asked,
    answer(path: string | null) {
      next = path;
    },
  };
}

describe('the results screen at 1280×800, as a new trader meets it', () => {
  let app: AppInBrowser;
  const folder = mkdtempSync(join(tmpdir(), 'premia-export-'));
  const saveDialog = recordingDialogs(folder);
  const shownInFolder: string[] = [];
  // A Friday, 10:30 IST: the simulated market is open.
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));

  beforeAll(async () => {
    app = await startAppInBrowser(
      'ux-results',
      {
        clock,
        dialogs: saveDialog.dialogs,
        showItemInFolder: (path) => shownInFolder.push(path),
      },
      20_000,
    );
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await createProfileOnScreen(page, 'Nisha', PASSWORD);
    await page.getByLabel('Symbols', { exact: true }).fill('NIFTY RELIANCE');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove RELIANCE' }).waitFor();
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor({ timeout: 60_000 });
    await page
      .getByRole('grid', { name: 'Results of scan #1' })
      .locator('[role="row"][aria-rowindex="2"]:not(.vt-pending)')
      .waitFor();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('fits the default columns without sideways scrolling; the one expiry is in the summary', async () => {
    const { page } = app.browser;
    const grid = page.getByRole('grid', { name: 'Results of scan #1' });
    const headers = await grid.getByRole('columnheader').allTextContents();
    for (const name of ['Option', 'Ann. RoM', 'Margin/lot', 'Ann. yield', 'Time value', 'P(OTM)']) {
      expect(headers.some((header) => header.startsWith(name))).toBe(true);
    }
    expect(headers.some((header) => header.startsWith('Expiry'))).toBe(false);
    await expect(fitsSideways(page, '.vt-scroll')).resolves.toBe(true);
    await expect(page.locator('.run-expiry').textContent()).resolves.toMatch(
      /^expiry \w{3}, \d{1,2} \w{3} 2026 \(nearest monthly\)$/,
    );
    await page
      .getByText(/^Filters: calls and puts · OTM ≥ 0 % · \|delta\| ≤ 0\.3 · spread ≤ 10 %/)
      .waitFor();
  });

  it('puts the return-on-margin chart in view, with the spot and the expected move marked', async () => {
    const { page } = app.browser;
    const chart = page.getByRole('img', { name: /NIFTY: annualized return on margin by strike/ });
    await chart.waitFor();
    const box = await chart.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 900) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
    await chart.getByText(/^Spot [\d,]+\.\d\d$/).waitFor();
    // Only the strikes the table shows: with the default filters every one is out of the money.
    const description = chart.locator('desc');
    await expect
      .poll(async () => (await description.textContent()) ?? '')
      .toMatch(/Expected move ±₹[\d,]+ \(1σ at the [\d,]+ strike\): strikes [\d,]+ to [\d,]+\./);
    expect((await description.textContent()) ?? '').toMatch(/Calls: \d+ strikes/);
    await expect(chart.locator('rect.chart-band').count()).resolves.toBe(1);
    await page.getByText(/^▒ Expected move ±₹/).waitFor();
    await screenshotBothThemes(app.browser, 'ux-results');
    // The premium yield is one choice away.
    await page.getByRole('combobox', { name: 'Chart' }).selectOption('annualizedYieldPct');
    await page.getByRole('img', { name: /NIFTY: annualized yield by strike/ }).waitFor();
  });

  it('shows why rows were filtered out in a column, in words, with the time-value yield beside', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Show filtered-out rows' }).click();
    const grid = page.getByRole('grid', { name: 'Results of scan #1' });
    await grid.getByRole('columnheader', { name: 'Why filtered out' }).waitFor();
    await expect(fitsSideways(page, '.vt-scroll')).resolves.toBe(true);
    // Sorted by annualized yield (the default ranks by return on margin, which only passing rows
    // have), the top rows are deep in the money: say so, and show how little of that yield is
    // time value.
    const yieldHeader = grid.getByRole('columnheader').filter({ hasText: /^Ann\. yield/ });
    await yieldHeader.getByRole('button').click();
    if ((await yieldHeader.getAttribute('aria-sort')) !== 'descending')
      await yieldHeader.getByRole('button').click();
    await expect(yieldHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    const first = grid.locator('[role="row"][aria-rowindex="2"]:not(.vt-pending)');
    await first.waitFor();
    const headers = await grid.getByRole('columnheader').allTextContents();
    const cells = await first.getByRole('gridcell').allTextContents();
    const cell = (name: string) => cells[headers.findIndex((header) => header.startsWith(name))];
    expect(cell('Why filtered out')).toMatch(
      /^\d+\.\d % in the money; the scan keeps out-of-the-money strikes only$/,
    );
    const annualized = Number.parseFloat((cell('Ann. yield') ?? '').replace(/[%,]/g, ''));
    const timeValue = Number.parseFloat((cell('Time value') ?? '').replace(/[%,]/g, ''));
    expect(timeValue).toBeLessThan(annualized / 2);
    expect(await page.locator('.vt-scroll').textContent()).not.toMatch(/OTM -\d/);
    await first.click();
    await page.locator('.row-detail').getByText('Intrinsic value').waitFor();
    await screenshotBothThemes(app.browser, 'ux-results-why-filtered');
    await page.getByRole('button', { name: 'Show filtered-out rows' }).click();
    await grid
      .getByRole('columnheader', { name: 'Why filtered out' })
      .waitFor({ state: 'detached' });
  });

  it('exports what the screen shows to the file the trader picked, and opens its folder', async () => {
    const { page } = app.browser;
    await page.getByRole('group', { name: 'Side' }).getByRole('button', { name: 'Calls' }).click();
    await page.getByRole('combobox', { name: 'Underlying' }).selectOption('NIFTY');
    const count = page.locator('.vt-count');
    await expect.poll(async () => count.textContent()).toMatch(/^\d+ rows?$/);
    const shown = Number.parseInt((await count.textContent()) ?? '', 10);

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Exported' });
    await status.waitFor();
    const path = join(folder, 'nifty-calls.csv');
    await expect(status.locator('code').textContent()).resolves.toBe(path);
    expect(saveDialog.asked.at(-1)).toEqual({
      title: 'Export scan #1',
      defaultPath: 'premia-scan-1-NIFTY-calls.csv',
    });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    const header = (lines[0] ?? '').split(',');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(shown);
    const column = (name: string) => header.findIndex((cell) => cell.startsWith(name));
    for (const row of rows) {
      expect(row[column('underlying')]).toBe('NIFTY');
      expect(row[column('option_type')]).toBe('CE');
      expect(row[column('passes_filters')]).toBe('1');
      expect(row[column('quote_time')]).toMatch(/^2026-11-20T10:30:00\+05:30$/);
    }
    // Numbers at display precision: never a binary float's tail.
    expect(lines.slice(1).join('\n')).not.toMatch(/\d\.\d{4,}/);
    const yields = rows.map((row) => Number(row[column('annualized_yield_pct')]));
    expect([...yields].sort((a, b) => b - a)).toEqual(yields);

    await status.getByRole('button', { name: 'Open folder' }).click();
    await expect.poll(() => shownInFolder).toEqual([path]);
    await screenshotBothThemes(app.browser, 'ux-results-exported');

    // Cancelling the dialog writes nothing and says nothing.
    saveDialog.answer(null);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await status.waitFor({ state: 'detached' });
  });

  it('offers the filtered-out rows when nothing matches', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByLabel('Annualized yield % at least').fill('9999');
    await page.getByRole('button', { name: 'Start scan' }).click();
    const grid = page.getByRole('grid', { name: 'Results of scan #2' });
    await grid.waitFor({ timeout: 60_000 });
    await grid.getByText('No options match these filters.').waitFor();
    await screenshotBothThemes(app.browser, 'ux-results-empty');
    await grid.getByRole('button', { name: 'Show the filtered-out rows and why' }).click();
    await grid.getByRole('columnheader', { name: 'Why filtered out' }).waitFor();
    await grid
      .getByRole('gridcell')
      .filter({ hasText: /in the money;|^annualized yield [\d.]+% below the minimum 9999\.00%$/ })
      .first()
      .waitFor();
  });
});
