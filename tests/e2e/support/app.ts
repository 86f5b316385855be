import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PremiaOptions } from '../../../src-main/app/create-premia';
import { createMemoryLogger } from '../../../src-main/app/logger';
import { testOsKeychain } from '../../support/vault-fixtures';
import { startHarness, type Harness } from '../harness/server';
import { openBrowser, type BrowserSession } from './browser';

export interface AppInBrowser {
  readonly dataDir: string;
  readonly harness: Harness;
  readonly browser: BrowserSession;
  close(): Promise<void>;
}

/**
 * A real createPremia behind the browser harness, in a fresh data folder, and a Chromium page.
 * The OS keychain is the Secret Service of `npm test`'s private keyring session (a service name of
 * the test's own) and the KDF is cheap, unless the test says otherwise; profiles.test.ts is the
 * journey without a keychain.
 */
export async function startAppInBrowser(
  name: string,
  options: Partial<Omit<PremiaOptions, 'allowedOrigins' | 'dataDir'>> = {},
  timeoutMs = 10_000,
): Promise<AppInBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), `premia-e2e-${name}-`));
  const harness = await startHarness({
    dataDir,
    keychain: testOsKeychain().keychain,
    version: '0.0.0-e2e',
    runtime: 'node',
    logger: createMemoryLogger(),
    kdfCost: { N: 2 ** 12, r: 8, p: 1 },
    idleCheckIntervalMs: 0,
    // Agents run on explicit ticks only, so nothing runs behind a test's back.
    agentCheckIntervalMs: 0,
    ...options,
  });
  const browser = await openBrowser();
  browser.page.setDefaultTimeout(timeoutMs);
  return {
    dataDir,
    harness,
    browser,
    async close() {
      await browser.close();
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
