import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { startHarness, type Harness } from './harness/server';
import { openBrowser, type BrowserSession } from './support/browser';

describe('errors from main reach the page intact under its CSP', () => {
  let dataDir: string;
  let harness: Harness;
  let browser: BrowserSession;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'premia-e2e-errors-'));
    harness = await startHarness({
      dataDir,
      keychain: createUnavailableKeychain('not needed here'),
      version: '0.0.0-e2e',
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

  it('reads an error reply without eval (the CSP forbids it)', async () => {
    const { page } = browser;
    await page.goto(harness.url);
    // profiles.list takes no input: main answers BAD_INPUT, and the page must parse that reply.
    const reply = (await page.evaluate('window.premia.profiles.list(42)')) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('BAD_INPUT');
    expect(reply.error.message).not.toContain('Content Security Policy');
  });
});
