import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { serveComponentPage, type ComponentPage } from './support/component-page';

const FIXTURE = resolve(import.meta.dirname, 'browser/table-fixture.tsx');

describe('virtual table and strike chart in Chromium', () => {
  let fixture: ComponentPage;
  let browser: BrowserSession;

  beforeAll(async () => {
    fixture = await serveComponentPage(FIXTURE, 'Premia components');
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('shows 100,000 rows while keeping only a screenful in the page', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(fixture.url);
    const grid = page.getByRole('grid', { name: 'Scan results' });
    await page.getByText('1,00,000 rows').waitFor();
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe('100001');
    const rendered = await grid.locator('.vt-body [role="row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    // The rows on screen come first; the overscan below the edge (for a fast wheel) follows.
    const height = `document.querySelector('[role="grid"][aria-label="Scan results"]').clientHeight`;
    const onScreen = Number(await page.evaluate(`Math.ceil(${height} / 30)`)) + 1;
    await expect
      .poll(() => grid.locator('.vt-body [role="row"]').count())
      .toBeGreaterThan(onScreen);
    await browser.screenshot('components-table-light');
    expect(errors).toEqual([]);
  });

  it('moves a row cursor with the keyboard and activates a row with Enter', async () => {
    const { page } = browser;
    const grid = page.getByRole('grid', { name: 'Scan results' });
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await grid.getAttribute('aria-activedescendant');
    expect(active).toMatch(/-row-1$/);
    await expect(page.locator(`[id="${active}"]`).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.keyboard.press('End');
    const last = grid.locator('[role="row"][aria-rowindex="100001"]');
    await last.getByText('99999', { exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status', { name: 'Activated row' }).textContent()).resolves.toBe(
      'ITC 5990 PE',
    );
    // Scrolling to the end fetched the last page, not the rows in between.
    const requests = (await page.evaluate('window.__tableRequests')) as {
      offset: number;
      limit: number;
    }[];
    const fetched = requests.reduce((sum, request) => sum + request.limit, 0);
    expect(fetched).toBeLessThan(1_000);
    const lastRow = 99_999;
    expect(
      requests.some(
        (request) => request.offset <= lastRow && lastRow < request.offset + request.limit,
      ),
    ).toBe(true);
  });

  it('sorts through the header and hides columns through the chooser', async () => {
    const { page } = browser;
    const grid = page.getByRole('grid', { name: 'Scan results' });
    await page.getByRole('button', { name: 'Sort by Annualized yield %' }).click();
    const header = grid.getByRole('columnheader', { name: /Annualized yield/ });
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    const firstRow = grid.locator('[role="row"][aria-rowindex="2"]');
    await firstRow.getByText('50.00%').waitFor();
    await expect(grid.getAttribute('aria-activedescendant')).resolves.toBeNull();

    // A closed chooser holds no list (its checkboxes are made when it opens).
    await expect(page.locator('.column-chooser input').count()).resolves.toBe(0);
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Premium' }).uncheck();
    await expect(grid.getByRole('columnheader', { name: 'Premium' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await browser.screenshot('components-table-sorted');
  });

  it('draws calls and puts against strike with a text alternative', async () => {
    const { page } = browser;
    const chart = page.getByRole('img', { name: /NIFTY: annualized yield by strike/ });
    const description = await chart.locator('desc').textContent();
    expect(description).toContain('Calls: 4 strikes from 22,250 to 23,000');
    expect(description).toContain('Puts: 3 strikes from 21,500 to 22,000');
    // One marker (a subpath) per strike with a value: 4 dots for calls, 3 squares for puts.
    const markers = async (side: string) =>
      ((await chart.locator(`.chart-${side} .chart-markers`).getAttribute('d')) ?? '').match(/M/g)
        ?.length;
    await expect(markers('call')).resolves.toBe(4);
    await expect(markers('put')).resolves.toBe(3);
    await page.getByText('Data table').click();
    await page.getByRole('columnheader', { name: 'Side' }).last().waitFor();
    await expect(page.getByRole('cell', { name: '23,000', exact: true }).count()).resolves.toBe(2);
    await browser.screenshot('components-chart');
  });

  it('follows the system dark theme and lets the trader switch', async () => {
    const { page } = browser;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.getByText('1,00,000 rows').waitFor();
    await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
    await browser.screenshot('components-table-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
  });
});
