import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppInBrowser, type AppInBrowser } from './support/app';

describe('errors from main reach the page intact under its CSP', () => {
  let app: AppInBrowser;

  beforeAll(async () => {
    app = await startAppInBrowser('errors');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reads an error reply without eval (the CSP forbids it)', async () => {
    const { page } = app.browser;
    await page.goto(app.harness.url);
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
