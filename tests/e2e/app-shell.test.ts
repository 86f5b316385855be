import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import { readPackageVersion } from '../../src-main/app/package-info';
import { createKeytarKeychain } from '../../src-main/vault/keychain';
import { startHarness, type Harness } from './harness/server';
import { openBrowser, type BrowserSession } from './support/browser';

describe('app shell in Chromium against a real createPremia', () => {
  let dataDir: string;
  let harness: Harness;
  let browser: BrowserSession;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'premia-e2e-'));
    harness = await startHarness({
      dataDir,
      keychain: createKeytarKeychain({ timeoutMs: 3_000 }),
      version: readPackageVersion(),
      runtime: 'node',
      logger: createMemoryLogger(),
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the version, the empty profile list and the machine checks', async () => {
    const { page } = browser;
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { name: 'Premia', level: 1 }).isVisible()).resolves.toBe(
      true,
    );
    await page.getByText('No profiles on this machine yet.').waitFor();
    await expect(page.getByLabel('Premia version').textContent()).resolves.toBe(
      `v${readPackageVersion()}`,
    );
    await page.getByText(`Data folder:`).waitFor();
    await expect(page.locator('code').first().textContent()).resolves.toBe(dataDir);
    await page.getByText('native:better-sqlite3').waitFor();
    const shot = await browser.screenshot('app-shell');
    expect(existsSync(shot)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('refuses calls from a page on another origin', async () => {
    const result = await harness.premia.router.dispatch(
      'premia:profiles.list',
      { url: 'http://127.0.0.1:1/', isMainFrame: true },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});
