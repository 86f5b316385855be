import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import { UserFacingError } from '../../src-main/domain/errors';
import { Router } from '../../src-main/ipc/router';
import { ok } from '../../src-preload/contract';

const APP = {
  url: 'file:///opt/Premia/resources/app.asar/out/renderer/index.html',
  isMainFrame: true,
};

function makeRouter() {
  const logger = createMemoryLogger();
  const router = new Router({ allowedOrigins: ['file://', 'http://127.0.0.1:5173'], logger });
  return { router, logger };
}

describe('Router.dispatch', () => {
  it('answers a valid call from the app page with the handler value', async () => {
    const { router } = makeRouter();
    router.handle('app', 'dataDirectory', () => ok({ path: '/data' }));
    await expect(router.dispatch('premia:app.dataDirectory', APP, undefined)).resolves.toEqual({
      ok: true,
      value: { path: '/data' },
    });
  });

  it('refuses a sub-frame, a foreign origin and an unparseable URL', async () => {
    const { router, logger } = makeRouter();
    let called = 0;
    router.handle('app', 'dataDirectory', () => {
      called += 1;
      return ok({ path: '/data' });
    });
    const senders = [
      { url: APP.url, isMainFrame: false },
      { url: 'https://evil.example/', isMainFrame: true },
      { url: 'http://127.0.0.1:5174/', isMainFrame: true },
      { url: 'not a url', isMainFrame: true },
    ];
    for (const sender of senders) {
      const result = await router.dispatch('premia:app.dataDirectory', sender, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(called).toBe(0);
    expect(logger.entries.filter((entry) => entry.event === 'ipc.rejected-sender')).toHaveLength(4);
  });

  it('returns BAD_INPUT with the failing path instead of calling the handler', async () => {
    const { router } = makeRouter();
    let called = false;
    router.handle('profiles', 'list', () => {
      called = true;
      return ok([]);
    });
    const result = await router.dispatch('premia:profiles.list', APP, { sneaky: true });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_INPUT');
      expect(result.error.message).toMatch(/not valid/);
      expect(result.error.issues?.[0]?.path).toBe('(input)');
    }
  });

  it('answers UNKNOWN_CHANNEL for a channel that is not in the contract', async () => {
    const { router } = makeRouter();
    const result = await router.dispatch('premia:vault.dumpSecrets', APP, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('turns a thrown UserFacingError into its code and an unexpected throw into INTERNAL', async () => {
    const { router, logger } = makeRouter();
    router.handle('app', 'dataDirectory', () => {
      throw new UserFacingError('STORAGE_READ_ONLY', 'The data folder is read-only.');
    });
    router.handle('app', 'version', () => {
      throw new Error('secret detail that must not reach the screen');
    });
    await expect(router.dispatch('premia:app.dataDirectory', APP, undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'STORAGE_READ_ONLY', message: 'The data folder is read-only.' },
    });
    const internal = await router.dispatch('premia:app.version', APP, undefined);
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('secret detail');
    expect(logger.entries.some((entry) => entry.event === 'ipc.handler-failed')).toBe(true);
  });

  it('strips fields the output schema does not declare, and refuses outputs that break it', async () => {
    const { router } = makeRouter();
    router.handle('app', 'dataDirectory', () =>
      ok({ path: '/data', apiSecret: 'abcd' } as { path: string }),
    );
    await expect(router.dispatch('premia:app.dataDirectory', APP, undefined)).resolves.toEqual({
      ok: true,
      value: { path: '/data' },
    });
    router.handle('profiles', 'list', () => ok([{ id: 'BAD ID' }] as never));
    const broken = await router.dispatch('premia:profiles.list', APP, undefined);
    expect(broken).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('refuses to register a channel twice or one the contract does not have', () => {
    const { router } = makeRouter();
    router.handle('app', 'version', () =>
      ok({ name: 'Premia', version: '1', runtime: 'node', platform: 'x' }),
    );
    expect(() =>
      router.handle('app', 'version', () =>
        ok({ name: 'Premia', version: '1', runtime: 'node', platform: 'x' }),
      ),
    ).toThrow(/twice/);
    expect(() => router.handle('app', 'nope' as 'version', () => ok({} as never))).toThrow(
      /No such channel/,
    );
  });
});
