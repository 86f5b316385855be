import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { startAppInBrowser, type AppInBrowser } from './support/app';
import { screenshotBothThemes } from './support/ux';

const PASSWORD = 'Short the wings, keep the body 8';

/** The text of the expiry choices, as the select lists them. */
async function expiryOptions(page: Page): Promise<string[]> {
  return page.getByLabel('Expiry', { exact: true }).locator('option').allTextContents();
}

/** "1,234 options" in an expiry option → 1234. */
function optionCount(label: string | undefined): number {
  const match = /· ([\d,]+) options/.exec(label ?? '');
  return Number((match?.[1] ?? 'NaN').replaceAll(',', ''));
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 800;
}

describe('scan, history, credentials and profile screens, as a new trader meets them', () => {
  let app: AppInBrowser;
  // A Friday, 10:30 IST: the simulated market is open.
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));

  beforeAll(async () => {
    app = await startAppInBrowser('ux-screens', { clock }, 20_000);
    await app.browser.page.goto(app.harness.url);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('clears a refused password’s error as soon as the password changes', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByLabel('Profile name').fill('Arjun');
    await page.getByLabel('Password', { exact: true }).fill('Arjun sells strangles 2026');
    await page.getByLabel('Repeat password').fill('Arjun sells strangles 2026');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    // Main's refusal (the meter lists the same rule while the password breaks it).
    const refused = page
      .getByRole('alert')
      .filter({ hasText: 'A password must not contain the profile name.' });
    await refused.waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByText('Strong').waitFor();
    await expect(refused.count()).resolves.toBe(0);
    await screenshotBothThemes(app.browser, 'ux-create-profile-edited');
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('heading', { name: 'Scan', level: 2 }).waitFor();
  });

  it('builds the expiry list from every chosen underlying and says which rule "nearest" uses', async () => {
    const { page } = app.browser;
    const symbols = page.getByLabel('Symbols', { exact: true });
    await symbols.fill('RELIANCE');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove RELIANCE' }).waitFor();
    await expect.poll(async () => (await expiryOptions(page)).length).toBeGreaterThan(1);
    const relianceOnly = await expiryOptions(page);
    // A stock has monthly expiries only: no weekly rule is offered.
    expect(relianceOnly[0]).toBe('Nearest monthly for each underlying');
    expect(relianceOnly.some((label) => label.startsWith('Nearest weekly'))).toBe(false);
    const monthly = relianceOnly[1] ?? '';
    expect(monthly).toMatch(/\(monthly\) · [\d,]+ options$/);

    await symbols.fill('NIFTY');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove NIFTY' }).waitFor();
    await expect
      .poll(async () => (await expiryOptions(page)).some((l) => l.includes('(weekly)')))
      .toBe(true);
    const both = await expiryOptions(page);
    expect(both[1]).toBe('Nearest weekly (monthly where none)');
    const weekly = both.find((label) => label.includes('(weekly)'));
    expect(weekly).toMatch(/\(weekly\) · [\d,]+ options in 1 of 2 underlyings$/);
    const sameMonthly = both.find((label) => label.startsWith(monthly.split(' · ')[0] ?? '-'));
    // The monthly date now counts both chains: more than RELIANCE's alone.
    expect(optionCount(sameMonthly)).toBeGreaterThan(optionCount(monthly));
    await page
      .getByText(
        'Each underlying scans its own nearest monthly expiry; weekly expiries are skipped.',
      )
      .waitFor();
    await page.getByText(/across the 2 chosen underlyings\.$/).waitFor();
  });

  it('catches contradictory and invalid filters beside the field, before the scan', async () => {
    const { page } = app.browser;
    await page.getByLabel('OTM % at least').fill('10');
    await page.getByLabel('OTM % at most').fill('2');
    await page
      .getByText('OTM % at most (2) is below OTM % at least (10): no strike can be both.')
      .waitFor();
    await page.getByLabel('Spread % at most').fill('-1');
    await page.getByText('Spread % at most cannot be below 0.').waitFor();
    // Both problems stay marked, each beside its own field.
    await page
      .getByText('OTM % at most (2) is below OTM % at least (10): no strike can be both.')
      .waitFor();
    await expect(page.getByLabel('Spread % at most').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(page.getByRole('button', { name: 'Start scan' }).isDisabled()).resolves.toBe(true);
    await screenshotBothThemes(app.browser, 'ux-scan-filter-problems');
    // A window that skips the screen's checks gets the same sentence, never a schema path.
    const reply = (await page.evaluate(
      "window.premia.scans.start({ symbols: ['NIFTY'], filters: { maxSpreadPct: -1 } })",
    )) as { ok: boolean; error?: { message: string } };
    expect(reply).toMatchObject({
      ok: false,
      error: { message: 'Spread % at most cannot be below 0.' },
    });
    const contradictory = (await page.evaluate(
      "window.premia.scans.start({ symbols: ['NIFTY'], filters: { otmPctMin: 10, otmPctMax: 2 } })",
    )) as { ok: boolean; error?: { message: string } };
    expect(contradictory.error?.message).toBe(
      'OTM % at most (2) is below OTM % at least (10): no strike can be both.',
    );
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await expect(page.getByRole('button', { name: 'Start scan' }).isDisabled()).resolves.toBe(
      false,
    );
  });

  it('keeps typed symbols when a watchlist is chosen and brings them back with "None"', async () => {
    const { page } = app.browser;
    await page.getByLabel('Save these symbols as').fill('Pair');
    await page.getByRole('button', { name: 'Save watchlist' }).click();
    const watchlist = page.getByLabel('Or scan a watchlist');
    await page.getByRole('option', { name: /^Pair \(2\)/ }).waitFor({ state: 'attached' });
    await watchlist.selectOption({ label: 'Pair (2)' });
    await page.getByText('Set aside while a watchlist is chosen').waitFor();
    await page.getByRole('list', { name: 'Symbols set aside' }).getByText('RELIANCE').waitFor();
    await watchlist.selectOption({ label: 'None: the symbols above' });
    const toScan = page.getByRole('list', { name: 'Symbols to scan' });
    await toScan.getByText('NIFTY').waitFor();
    await toScan.getByText('RELIANCE').waitFor();
  });

  it('starts on Ctrl+Enter, moves focus to the progress and opens the results when done', async () => {
    const { page } = app.browser;
    await page.getByLabel('Symbols', { exact: true }).focus();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor({ timeout: 60_000 });
    await page.getByRole('grid', { name: 'Results of scan #1' }).waitFor();
    await page
      .locator('.run-expiry')
      .getByText(/\(nearest monthly\)$/)
      .waitFor();

    // With the setting off, the scan screen stays, its progress focused and in view.
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.getByLabel('Open the results when the scan finishes').uncheck();
    await page.getByLabel('Symbols', { exact: true }).focus();
    await page.keyboard.press('Control+Enter');
    const openResults = page.getByRole('button', { name: 'Open results of scan #2' });
    await openResults.waitFor({ timeout: 60_000 });
    await expect(
      page.evaluate('document.activeElement?.getAttribute("aria-label") ?? ""'),
    ).resolves.toMatch(/^Scan #2: /);
    await expect(inViewport(page, '.scan-progress[aria-label^="Scan #2"]')).resolves.toBe(true);
    await screenshotBothThemes(app.browser, 'ux-scan-progress-in-view');
    await page.getByLabel('Open the results when the scan finishes').check();
  });

  it('scans the weekly where an underlying has one, and shows each date', async () => {
    const { page } = app.browser;
    // Tuesday 24 Nov, 10:30 IST: NIFTY's next expiry is a weekly, RELIANCE's the December monthly.
    clock.advance(4 * 24 * 3_600_000);
    await page
      .getByLabel('Expiry', { exact: true })
      .selectOption({ label: 'Nearest weekly (monthly where none)' });
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('grid', { name: 'Results of scan #3' }).waitFor({ timeout: 60_000 });
    await page
      .locator('.run-expiry')
      .getByText(/^expiry 2 dates, .+ \(nearest weekly or monthly\)$/)
      .waitFor();
    // Two expiries in one run: the table shows which row is which.
    await page
      .getByRole('grid', { name: 'Results of scan #3' })
      .getByRole('columnheader', { name: /Expiry/ })
      .waitFor();
  });

  it('tells runs apart in History, compares in pp and asks before deleting', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'History' }).click();
    const rows = page.locator('table.history tbody tr');
    await expect.poll(async () => rows.count()).toBe(3);
    await rows.first().getByText('nearest weekly or monthly').waitFor();
    await rows.last().getByText('nearest monthly').waitFor();
    await rows
      .last()
      .getByText(
        'calls and puts · OTM ≥ 0 % · |delta| ≤ 0.3 · spread ≤ 10 % · bid ≥ ₹0.05 · OI ≥ 50 lots · best 3 per underlying',
      )
      .waitFor();

    // Scans #1 and #2 ran at the same instant on the same market: every change is zero, in pp,
    // and neither green nor red.
    await page.getByRole('checkbox', { name: 'Compare scan #1' }).check();
    await page.getByRole('checkbox', { name: 'Compare scan #2' }).check();
    await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
    await page.getByRole('columnheader', { name: 'Change (pp)' }).waitFor();
    const changes = page.locator('table.compare tbody tr td:last-child');
    // At least the 3 options per underlying the Seller filter keeps.
    await expect.poll(async () => changes.count()).toBeGreaterThanOrEqual(3);
    const texts = await changes.allTextContents();
    expect(texts.filter((text) => text !== '—').every((text) => text === '0.00 pp')).toBe(true);
    const classes = (await page.evaluate(
      "[...document.querySelectorAll('table.compare tbody tr td:last-child')].map((c) => c.className)",
    )) as string[];
    expect(classes.length).toBe(texts.length);
    expect(classes.some((name) => /\bok\b|\berror\b/.test(name))).toBe(false);
    await screenshotBothThemes(app.browser, 'ux-history-compare');
    await page.getByRole('button', { name: 'Close comparison' }).click();

    await page.getByRole('button', { name: 'Delete scan #2' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete scan #2?' });
    await confirm
      .getByText(/^Scan #2 of .+ \((RELIANCE, NIFTY|NIFTY, RELIANCE)\) and its [\d,]+ option rows/)
      .waitFor();
    await expect(page.evaluate('document.activeElement?.textContent ?? ""')).resolves.toBe(
      'Keep it',
    );
    // Enter on the focused default keeps the run.
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Open scan #2' }).waitFor();
    await page.getByRole('button', { name: 'Delete scan #2' }).click();
    await screenshotBothThemes(app.browser, 'ux-history-confirm-delete');
    await confirm.getByRole('button', { name: /^Delete scan #2 and its [\d,]+ rows$/ }).click();
    await page.getByRole('button', { name: 'Open scan #2' }).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(2);
  });

  it('offers "Save keys" only when something changed', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Credentials' }).click();
    const save = page.getByRole('button', { name: 'Save keys' });
    await save.waitFor();
    await expect(save.isDisabled()).resolves.toBe(true);
    await page.getByLabel('API key').fill('kiteapikey7R2d');
    await expect(save.isDisabled()).resolves.toBe(false);
    await save.click();
    const saved = page.getByText('Saved. The keys are sealed', { exact: false });
    await saved.waitFor();
    await expect(save.isDisabled()).resolves.toBe(true);
    await page.getByLabel('API secret').fill('x');
    await expect(saved.count()).resolves.toBe(0);
    await page.getByLabel('API secret').fill('');
    await expect(save.isDisabled()).resolves.toBe(true);
    await screenshotBothThemes(app.browser, 'ux-credentials-save-disabled');
    // The service refuses an empty change too, and audits nothing for it.
    const reply = (await page.evaluate('window.premia.credentials.set({})')) as {
      ok: boolean;
      error?: { message: string };
    };
    expect(reply.error?.message).toBe(
      'Nothing to save: enter a new API key, API secret or API root first.',
    );
  });
});
