import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia } from '../../src-main/app/create-premia';
import { appLogPath, createFileLogger, profileLogPath } from '../../src-main/app/file-logger';
import { handleProcessFailures } from '../../src-main/app/process-failures';
import { Router } from '../../src-main/ipc/router';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import type { ProfileSummary } from '../../src-preload/contract';
import {
  APP_SENDER,
  SAMPLE_SECRETS,
  STRONG,
  TEST_KDF,
  tempDataDir,
} from '../support/vault-fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const { dir, cleanup } = tempDataDir();
  cleanups.push(cleanup);
  return dir;
}

function lines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file under the data directory's and the profiles' logs/ folders, concatenated. */
function allLogText(dataDir: string): string {
  const texts: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (dir.endsWith('logs')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  visit(dataDir);
  return texts.join('\n');
}

describe('log files', () => {
  it('writes JSON lines to <data dir>/logs/premia.log and rotates by size, keeping maxFiles', () => {
    const dataDir = folder();
    const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));
    const logger = createFileLogger({ dataDir, clock, maxBytes: 2_000, maxFiles: 3 });
    cleanups.push(() => logger.close());
    logger.info('first.event', { underlying: 'NIFTY', count: 3 });
    const [first] = lines(appLogPath(dataDir));
    expect(first).toMatchObject({
      level: 'info',
      event: 'first.event',
      underlying: 'NIFTY',
      count: 3,
      time: '2026-11-20T05:00:00.000Z',
    });
    for (let index = 0; index < 100; index += 1)
      logger.info('filler', { index, text: 'x'.repeat(80) });
    const logs = join(dataDir, 'logs');
    expect(readdirSync(logs).sort()).toEqual(['premia.1.log', 'premia.2.log', 'premia.log']);
    for (const name of readdirSync(logs))
      expect(statSync(join(logs, name)).size).toBeLessThanOrEqual(2_000);
    // The oldest lines were dropped with the oldest file; the newest is in the live file.
    expect(lines(appLogPath(dataDir)).at(-1)).toMatchObject({ event: 'filler', index: 99 });
  });

  it('starts a new file on a new day', () => {
    const dataDir = folder();
    const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));
    const logger = createFileLogger({ dataDir, clock });
    cleanups.push(() => logger.close());
    logger.warn('day.one');
    clock.advance(24 * 60 * 60 * 1000);
    logger.warn('day.two');
    expect(lines(join(dataDir, 'logs', 'premia.1.log')).map((line) => line.event)).toEqual([
      'day.one',
    ]);
    expect(lines(appLogPath(dataDir)).map((line) => line.event)).toEqual(['day.two']);
  });

  it('redacts secrets by field name at any depth and inside URLs and headers in text', () => {
    const dataDir = folder();
    const logger = createFileLogger({ dataDir, clock: createManualClock(new Date()) });
    cleanups.push(() => logger.close());
    logger.error('kite.request', {
      apiKey: 'key-AAAA1111',
      request: {
        headers: { Authorization: 'token key-AAAA1111:tok-BBBB2222' },
        body: { password: 'pw-CCCC3333', apiSecret: 'sec-DDDD4444' },
      },
      credentials: { accessToken: 'tok-BBBB2222', requestToken: 'req-EEEE5555' },
      url: 'http://127.0.0.1:5000/callback?action=login&request_token=req-EEEE5555&status=success',
      error: 'Kite refused Authorization: token key-AAAA1111:tok-BBBB2222',
    });
    const text = readFileSync(appLogPath(dataDir), 'utf8');
    for (const secret of ['AAAA1111', 'BBBB2222', 'CCCC3333', 'DDDD4444', 'EEEE5555'])
      expect(text).not.toContain(secret);
    expect(lines(appLogPath(dataDir))[0]).toMatchObject({
      apiKey: '[Redacted]',
      request: { headers: { Authorization: '[Redacted]' } },
      url: expect.stringContaining('request_token=[Redacted]&status=success'),
    });
  });

  it('copies events that name a profile into that profile’s logs/, and never recreates a deleted one', () => {
    const dataDir = folder();
    const logger = createFileLogger({ dataDir, clock: createManualClock(new Date()) });
    cleanups.push(() => logger.close());
    const gone = 'gone0000profile1';
    logger.warn('storage.failed', { profileId: gone, operation: 'listRuns' });
    expect(existsSync(join(dataDir, 'profiles', gone))).toBe(false);
    expect(lines(appLogPath(dataDir))).toHaveLength(1);
    // A field that is not a profile id never becomes a path.
    logger.warn('odd', { profileId: '../../etc' });
    expect(readdirSync(dataDir).sort()).toEqual(['logs']);
  });

  it('after a credentials flow through the contract, no secret is in any log file', async () => {
    const dataDir = folder();
    const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));
    const logger = createFileLogger({ dataDir, clock, level: 'debug' });
    const premia = await createPremia({
      dataDir,
      keychain: createUnavailableKeychain('no Secret Service in this test'),
      version: 'test',
      runtime: 'node',
      allowedOrigins: ['file://'],
      clock,
      logger,
      kdfCost: TEST_KDF,
      idleCheckIntervalMs: 0,
      retentionCheckIntervalMs: 0,
    });
    cleanups.push(async () => {
      await premia.close();
      logger.close();
    });
    const call = async (channel: string, input?: unknown) =>
      premia.router.dispatch(`premia:${channel}`, APP_SENDER, input);
    const created = await call('profiles.create', { name: 'Asha', password: STRONG });
    if (!created.ok) throw new Error(created.error.message);
    const profile = created.value as ProfileSummary;
    expect(
      (await call('session.login', { profileId: profile.id, password: 'wrong-guess-1' })).ok,
    ).toBe(false);
    expect((await call('session.login', { profileId: profile.id, password: STRONG })).ok).toBe(
      true,
    );
    expect(
      (
        await call('credentials.set', {
          apiKey: SAMPLE_SECRETS.apiKey,
          apiSecret: SAMPLE_SECRETS.apiSecret,
        })
      ).ok,
    ).toBe(true);
    await premia.vault.credentials.setAccessToken(
      profile.id,
      SAMPLE_SECRETS.accessToken,
      clock.now(),
    );
    expect((await call('credentials.get')).ok).toBe(true);
    logger.warn('test.kite-request', {
      profileId: profile.id,
      headers: { authorization: `token ${SAMPLE_SECRETS.apiKey}:${SAMPLE_SECRETS.accessToken}` },
    });
    await call('session.lock');
    await call('session.logout');

    const text = allLogText(dataDir);
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [STRONG, 'wrong-guess-1', ...Object.values(SAMPLE_SECRETS)])
      expect(text).not.toContain(secret);
    // The profile's own log holds the events that name it.
    const own = lines(profileLogPath(dataDir, profile.id));
    expect(own.map((line) => line.event)).toContain('test.kite-request');
    expect(own.every((line) => line.profileId === profile.id)).toBe(true);
  });

  it('a failure the router cannot explain names the log file; doctor names it too', async () => {
    const dataDir = folder();
    const premia = await createPremia({
      dataDir,
      keychain: createUnavailableKeychain('no Secret Service in this test'),
      version: 'test',
      runtime: 'node',
      allowedOrigins: ['file://'],
      kdfCost: TEST_KDF,
      idleCheckIntervalMs: 0,
      retentionCheckIntervalMs: 0,
    });
    cleanups.push(() => premia.close());
    // A handler with a bug, behind the same router class and logger the app uses.
    const router = new Router({ allowedOrigins: ['file://'], logger: premia.logger });
    router.handle('app', 'version', () => {
      throw new Error('disk controller on fire');
    });
    const failed = await router.dispatch('premia:app.version', APP_SENDER, undefined);
    const file = appLogPath(dataDir);
    expect(failed).toMatchObject({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Something went wrong inside Premia. The details are in ${file}.`,
      },
    });
    expect(readFileSync(file, 'utf8')).toContain('disk controller on fire');
    const health = await premia.app.health();
    expect(health.checks).toContainEqual(
      expect.objectContaining({
        name: 'log-file',
        ok: true,
        detail: expect.stringContaining(file),
      }),
    );
  });
});

describe('process failure handlers', () => {
  it('log an uncaught exception and stop with a message naming the log', () => {
    const dataDir = folder();
    const logger = createFileLogger({ dataDir, clock: createManualClock(new Date()) });
    cleanups.push(() => logger.close());
    const processLike = new EventEmitter();
    const fatal: string[] = [];
    const rejected: string[] = [];
    const stop = handleProcessFailures(processLike, {
      logger,
      onFatal: (message) => fatal.push(message),
      onRejection: (message) => rejected.push(message),
    });
    processLike.emit('uncaughtException', new Error('boom in a timer'));
    processLike.emit('unhandledRejection', new Error('nobody awaited me'));
    expect(fatal).toEqual([
      `Premia stopped on an unexpected error. The details are in ${appLogPath(dataDir)}.`,
    ]);
    expect(rejected[0]).toContain(appLogPath(dataDir));
    const events = lines(appLogPath(dataDir));
    expect(events).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'process.uncaught-exception',
        error: expect.stringContaining('boom in a timer'),
      }),
      expect.objectContaining({
        event: 'process.unhandled-rejection',
        error: expect.stringContaining('nobody awaited me'),
      }),
    ]);
    stop();
    expect(processLike.listenerCount('uncaughtException')).toBe(0);
  });
});
