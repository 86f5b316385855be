import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackageVersion } from '../../src-main/app/package-info';
import { createKeytarKeychain } from '../../src-main/vault/keychain';
import { screenshotBothThemes } from './support/ux';
import { startAppInBrowser, type AppInBrowser } from './support/app';

describe('app shell in Chromium against a real createPremia', () => {
  let app: AppInBrowser;

  beforeAll(async () => {
    app = await startAppInBrowser('shell', {
      keychain: createKeytarKeychain({ timeoutMs: 3_000 }),
      version: readPackageVersion(),
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the version, the empty profile list and the machine checks', async () => {
    const { page } = app.browser;
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(app.harness.url);
    await expect(page.getByRole('heading', { name: 'Premia', level: 1 }).isVisible()).resolves.toBe(
      true,
    );
    await page.getByText('No profiles on this machine yet.').waitFor();
    await expect(page.getByLabel('Premia version').textContent()).resolves.toBe(
      `v${readPackageVersion()}`,
    );
    // One plain sentence that agrees with the keychain warning; diagnostics behind "Details".
    const machine = page.getByRole('region', { name: 'This machine' });
    // With or without a Secret Service here, the sentence agrees with the keychain banner.
    await page.getByRole('note').or(machine.getByText('Everything Premia needs')).first().waitFor();
    const warned = (await page.getByRole('note').getByText('No OS keychain').count()) > 0;
    await expect(machine.getByRole('status').textContent()).resolves.toBe(
      warned
        ? 'Premia works here, but this machine has no OS keychain: broker keys are sealed with each profile’s password and kept in Premia’s own file.'
        : 'Everything Premia needs is in place.',
    );
    await expect(machine.getByText('native:better-sqlite3').isVisible()).resolves.toBe(false);
    await screenshotBothThemes(app.browser, 'ux-machine-panel');
    await machine.getByText('Details', { exact: true }).click();
    await page.getByText(`Data folder:`).waitFor();
    await expect(page.locator('code').first().textContent()).resolves.toBe(app.dataDir);
    await page.getByText('native:better-sqlite3').waitFor();
    const shot = await app.browser.screenshot('app-shell');
    expect(existsSync(shot)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('refuses calls from a page on another origin', async () => {
    const { page } = app.browser;
    // The same harness reached as "localhost" is another origin than the allowed 127.0.0.1 one.
    const elsewhere = app.harness.url.replace('127.0.0.1', 'localhost');
    const socket = new URL('/__premia/ws', app.harness.url.replace(/^http/, 'ws')).toString();
    const ask = (): Promise<unknown> =>
      page.evaluate(
        (url) =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(url);
            ws.addEventListener('open', () =>
              ws.send(JSON.stringify({ id: 1, channel: 'premia:profiles.list' })),
            );
            ws.addEventListener('message', (event) => {
              resolve((JSON.parse(String(event.data)) as { result: unknown }).result);
              ws.close();
            });
            ws.addEventListener('error', () => reject(new Error('socket failed')));
          }),
        socket,
      );
    await page.goto(elsewhere);
    expect(await ask()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    // The same call from the app's own origin is answered.
    await page.goto(app.harness.url);
    expect(await ask()).toMatchObject({ ok: true, value: [] });
  });
});
