import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser';

/** Creates a profile through the screen and waits until it is signed in. */
export async function createProfileOnScreen(
  page: Page,
  name: string,
  password: string,
): Promise<void> {
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('group', { name: 'Profile session' }).getByText(name).waitFor();
}

/**
 * Screenshots of the screen as it is, in the light and the dark theme (`<name>-light.png`,
 * `<name>-dark.png`), leaving the page in the theme it started in.
 */
export async function screenshotBothThemes(browser: BrowserSession, name: string): Promise<void> {
  const { page } = browser;
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  const startsDark = (await toggle.getAttribute('aria-pressed')) === 'true';
  await browser.screenshot(`${name}-${startsDark ? 'dark' : 'light'}`);
  await toggle.click();
  await page.locator(`html[data-theme="${startsDark ? 'light' : 'dark'}"]`).waitFor();
  await browser.screenshot(`${name}-${startsDark ? 'light' : 'dark'}`);
  await toggle.click();
  await page.locator(`html[data-theme="${startsDark ? 'dark' : 'light'}"]`).waitFor();
}

/** True when the first element matching `selector` has nothing to scroll sideways. */
export async function fitsSideways(page: Page, selector: string): Promise<boolean> {
  const fits = await page.evaluate(
    `(() => { const e = document.querySelector(${JSON.stringify(selector)}); return e !== null && e.scrollWidth <= e.clientWidth + 1; })()`,
  );
  return fits === true;
}
