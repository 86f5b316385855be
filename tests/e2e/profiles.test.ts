import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { startAppInBrowser, type AppInBrowser } from './support/app';

const ASHA_PASSWORD = 'Theta decay 42, every week!';
const RAVI_PASSWORD = 'Covered call ladder 2026';
const API_KEY = 'kiteapikey9Q2w';
const API_SECRET = 'kitesecretZ7x8y9';
const ACCESS_TOKEN = 'accesstokenAbCd1234';

async function createProfile(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('group', { name: 'Profile session' }).getByText(name).waitFor();
}

describe('profiles, login and credentials in Chromium against a real createPremia', () => {
  let app: AppInBrowser;
  const clock = createManualClock(new Date());

  beforeAll(async () => {
    // The journey without an OS keychain: sealed keys go to the registry and the window says so.
    app = await startAppInBrowser(
      'profiles',
      { clock, keychain: createUnavailableKeychain('no Secret Service in this test') },
      10000,
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates the first profile with strength feedback and signs straight in', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
    await page.getByText('No profiles on this machine yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByLabel('Profile name').fill('Asha Rao');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByText('Too short').waitFor();
    await expect(
      page.getByRole('button', { name: 'Create and sign in' }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByLabel('Password', { exact: true }).fill(ASHA_PASSWORD);
    await page.getByText('Strong').waitFor();
    await page.getByLabel('Repeat password').fill('something else');
    await page.getByText('The passwords do not match.').waitFor();
    await app.browser.screenshot('profiles-create');
    await page.getByLabel('Repeat password').fill(ASHA_PASSWORD);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    const session = page.getByRole('group', { name: 'Profile session' });
    await session.getByText('Asha Rao').waitFor();
    // A new profile starts on Scan, on simulator data until broker keys are saved.
    await page.getByRole('heading', { name: 'Scan', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Credentials' }).click();
    await page.getByRole('heading', { name: 'Credentials' }).waitFor();
    await page.getByRole('note').getByText('No OS keychain').waitFor();
  });

  it('keeps broker keys write-only and shows them masked', async () => {
    const { page } = app.browser;
    await page.getByText('Simulator mode', { exact: false }).waitFor();
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('API secret').fill(API_SECRET);
    await page.getByRole('button', { name: 'Save keys' }).click();
    await page.getByText('Saved. The keys are sealed', { exact: false }).waitFor();
    await page
      .getByText(`••••${API_KEY.slice(-4)}`)
      .first()
      .waitFor();
    await expect(page.getByLabel('API key').inputValue()).resolves.toBe('');
    await page.getByLabel('Paste an access token').fill(ACCESS_TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByText(/Access token: Valid until .* IST \(.* left\)/).waitFor();
    const html = await page.content();
    for (const secret of [API_KEY, API_SECRET, ACCESS_TOKEN]) expect(html).not.toContain(secret);
    await app.browser.screenshot('profiles-credentials');
  });

  it('locks, refuses a wrong password, and returns to the last screen on unlock', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Profile & workspace' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'credentials set' }).first().waitFor();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Asha Rao' }).waitFor();
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That password is not right for "Asha Rao".').waitFor();
    await page.getByLabel('Password').fill(ASHA_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Profile & workspace' }).waitFor();
    await expect(
      page.getByRole('button', { name: 'Profile & workspace' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
  });

  it('notices an idle auto-lock and says why', async () => {
    const { page } = app.browser;
    await page.getByLabel('Lock after this many idle minutes').fill('5');
    await page.getByRole('button', { name: 'Save auto-lock' }).click();
    await page.getByText('Locks after 5 minutes without activity.').waitFor();
    clock.advance(6 * 60_000);
    app.harness.premia.vault.sessions.tick();
    // The window checks the session when it regains focus (and every few seconds).
    await page.evaluate('window.dispatchEvent(new Event("focus"))');
    await page.getByText('Premia locked this profile after 5 minutes without activity.').waitFor();
    await app.browser.screenshot('profiles-idle-locked');
    await page.getByLabel('Password').fill(ASHA_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Profile & workspace' }).waitFor();
  });

  it('gives a second profile its own empty credentials', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('list', { name: 'Profiles on this machine' }).waitFor();
    await createProfile(page, 'Ravi', RAVI_PASSWORD);
    await page.getByRole('button', { name: 'Credentials' }).click();
    await page.getByRole('heading', { name: 'Credentials' }).waitFor();
    await page.getByText('Simulator mode', { exact: false }).waitFor();
    await expect(page.getByText(`••••${API_KEY.slice(-4)}`).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const cards = page.getByRole('list', { name: 'Profiles on this machine' });
    await cards.getByRole('button', { name: /Asha Rao, owner, Signed out/ }).waitFor();
    await cards.getByRole('button', { name: /^Ravi, Signed out/ }).waitFor();
    await app.browser.screenshot('profiles-picker');
  });

  it('throttles wrong passwords with a live countdown', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: /^Ravi/ }).click();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('Password').fill(`wrong guess ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }
    const alert = page.getByRole('alert').filter({ hasText: 'Too many wrong passwords' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Try again in (30|29|28) s\.$/);
    await expect(page.getByRole('button', { name: 'Sign in' }).isDisabled()).resolves.toBe(true);
    await app.browser.screenshot('profiles-throttled');
  });

  it('shows the picker in the dark theme', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Other profiles' }).click();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    await app.browser.screenshot('profiles-picker-dark');
    await page.getByRole('button', { name: 'Dark theme' }).click();
  });

  it('lets the owner rename, change password, set quotas and delete profiles', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: /^Asha Rao/ }).click();
    await page.getByLabel('Password').fill(ASHA_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in returns to the screen Asha used last.
    await page.getByRole('heading', { name: 'Profile & workspace' }).waitFor();
    await page.getByLabel('Profile name').fill('Asha R');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('Renamed to Asha R.').waitFor();
    await page.getByLabel('Current password').fill(ASHA_PASSWORD);
    await page.getByLabel('New password').fill(`${ASHA_PASSWORD} v2`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();

    const ravi = page.getByRole('form', { name: 'Quotas of Ravi' });
    await ravi.getByLabel('Symbols a scan').fill('50');
    await ravi.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByText('Quotas of Ravi saved.').waitFor();
    await app.browser.screenshot('profiles-workspace-owner');
    await page.getByLabel('Type "Ravi" to delete it').fill('Ravi');
    await page.getByRole('button', { name: 'Delete Ravi' }).click();
    await page.getByRole('form', { name: 'Quotas of Ravi' }).waitFor({ state: 'detached' });

    await page.getByLabel('Password to confirm').fill(`${ASHA_PASSWORD} v2`);
    await page.getByRole('button', { name: 'Delete Asha R' }).click();
    await page.getByText('No profiles on this machine yet.', { exact: false }).waitFor();
  });
});
