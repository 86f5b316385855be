import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import type { StoredAlert } from '../../src-main/storage/agent-records';
import { startAppInBrowser, type AppInBrowser } from './support/app';

const PASSWORD = 'Theta gang agents 42';

async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('group', { name: 'Profile session' }).getByText(name).waitFor();
}

describe('the agents screen in Chromium against a real createPremia', () => {
  let app: AppInBrowser;
  // Thursday 3 Dec 2026, 10:30 IST: an NSE trading day, market open.
  const clock = createManualClock(new Date('2026-12-03T05:00:00Z'));
  // The platform's notification seam, recording instead of showing.
  const notified: (readonly StoredAlert[])[] = [];

  beforeAll(async () => {
    app = await startAppInBrowser(
      'agents',
      { clock, notifyAlerts: (_profileId, alerts) => notified.push(alerts) },
      20_000,
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('adds an agent, runs it, notifies, and reads its alerts in the inbox', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await createProfile(page, 'Meera');
    await page
      .getByRole('navigation', { name: 'Profile screens' })
      .getByRole('button', { name: 'Agents' })
      .click();
    await page.getByRole('heading', { name: 'Agents', level: 2 }).waitFor();
    await page.getByText('No agents yet.').waitFor();

    await page.getByRole('button', { name: 'New agent' }).click();
    const form = page.getByRole('form', { name: 'New agent' });
    await form.getByLabel('Name').fill('Index puts');
    // The filters come from the profile's presets, the Seller's first.
    const filters = form.getByLabel('Filters');
    await expect
      .poll(async () => filters.locator('option').allTextContents())
      .toContain(
        'Seller: calls and puts · OTM ≥ 0 % · |delta| ≤ 0.3 · spread ≤ 10 % · bid ≥ ₹0.05 · OI ≥ 50 lots · best 3 per underlying',
      );
    await filters.selectOption('Seller');
    await form.getByLabel('Minutes between runs').fill('0');
    await form.getByLabel('Annualized return on margin at least (%)').fill('0');
    await form.getByRole('button', { name: 'Add agent' }).click();
    // Refused in words, next to nothing lost: the form stays with what was typed.
    await page.getByRole('alert').getByText('Agents run at most once a minute.').waitFor();
    await form.getByLabel('Minutes between runs').fill('5');
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.waitFor({ state: 'detached' });

    const row = page
      .getByRole('table', { name: 'Agents' })
      .getByRole('row', { name: /Index puts/ });
    await row.getByText('every 5 min, 09:15–15:30 IST on NSE trading days').waitFor();
    await row
      .getByText(/^NIFTY, BANKNIFTY · calls and puts · OTM ≥ 0 % · \|delta\| ≤ 0\.3/)
      .waitFor();
    await row.getByText(/^Next .*10:35.* IST$/).waitFor();
    await row.getByText('Not run yet').waitFor();

    await row.getByRole('button', { name: 'Run now' }).click();
    await page
      .getByRole('status')
      .getByText(/^Run finished: \d+ new alert\(s\)\.$/)
      .waitFor();
    await row.getByText(/in the filter, \d+ new alert\(s\)$/).waitFor();
    const inbox = page.getByRole('list', { name: 'Alerts' });
    await inbox
      .getByText(/annualized return on margin .* ≥ 0\.00 %/)
      .first()
      .waitFor();
    const shown = await inbox.getByRole('listitem').count();
    expect(shown).toBeGreaterThan(0);
    await expect.poll(() => notified.flat().length).toBe(shown);
    await page.getByRole('heading', { name: `Alerts (${shown} unread)` }).waitFor();
    await app.browser.screenshot('agents-after-run');

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('heading', { name: 'Alerts (0 unread)' }).waitFor();
  });

  it('pauses, resumes and edits an agent', async () => {
    const { page } = app.browser;
    const row = page
      .getByRole('table', { name: 'Agents' })
      .getByRole('row', { name: /Index puts/ });
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('Paused by you.').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByText(/^Next .* IST$/).waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Index puts' });
    await form.getByLabel('Minutes between runs').fill('15');
    await form.getByRole('button', { name: 'Save agent' }).click();
    await row.getByText('every 15 min, 09:15–15:30 IST on NSE trading days').waitFor();

    await page
      .getByRole('navigation', { name: 'Profile screens' })
      .getByRole('button', { name: 'Profile & workspace' })
      .click();
    await page
      .getByTestId('agent-storage')
      .getByText(/^Agents: 1 agent\(s\), 1 runs/)
      .waitFor();
  });
});
