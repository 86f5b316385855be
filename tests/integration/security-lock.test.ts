import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ProfileId } from '../../src-preload/contract';
import type { Premia } from '../../src-main/app/create-premia';
import {
  createAndLogin,
  openTestPremia,
  premiaScope,
  SAMPLE_SECRETS,
  STRONG,
  value,
} from '../support/vault-fixtures';

const { setup } = premiaScope();

async function withCachedKiteBroker(premia: Premia): Promise<ProfileId> {
  const asha = await createAndLogin(premia, 'Asha', STRONG);
  await value(premia, 'credentials.set', {
    apiKey: SAMPLE_SECRETS.apiKey,
    apiSecret: SAMPLE_SECRETS.apiSecret,
  });
  await value(premia, 'credentials.setAccessToken', { accessToken: SAMPLE_SECRETS.accessToken });
  const broker = await premia.brokers.brokerFor(asha.id);
  expect(broker.kind).toBe('kite');
  expect(premia.brokers.cachedProfiles()).toEqual([asha.id]);
  return asha.id;
}

describe('attack: secrets outlive a lock in the cached Kite broker', () => {
  it('drops the cached broker (key, secret, token) on a manual lock', async () => {
    const { premia } = await setup();
    const id = await withCachedKiteBroker(premia);
    await value(premia, 'session.lock');
    expect(premia.vault.sessions.isUnlocked(id)).toBe(false);
    expect(premia.brokers.cachedProfiles()).toEqual([]);
  });

  it('drops it on an idle lock too, and builds a fresh one after unlocking', async () => {
    const { premia, clock } = await setup();
    const id = await withCachedKiteBroker(premia);
    clock.advance(16 * 60_000);
    expect(premia.vault.sessions.tick()).toEqual([id]);
    expect(premia.brokers.cachedProfiles()).toEqual([]);
    await value(premia, 'session.unlock', { password: STRONG });
    expect((await premia.brokers.brokerFor(id)).kind).toBe('kite');
    expect(premia.brokers.cachedProfiles()).toEqual([id]);
  });
});

describe('attack: security events are dropped while another process holds the profile', () => {
  it('keeps failed logins and locks in the security log and shows them in the audit view by time', async () => {
    const { dir, clock, premia: app } = await setup();
    const asha = await createAndLogin(app, 'Asha', STRONG);
    // The app holds Asha's database (its writer lock); a second Premia (a CLI command) cannot write it.
    const cli = await openTestPremia(dir, { clock });
    try {
      for (const guess of ['wrong-guess-one', 'wrong-guess-two']) {
        clock.advance(60_000);
        await expect(cli.vault.profiles.login(asha.id, guess)).rejects.toMatchObject({
          code: 'WRONG_PASSWORD',
        });
      }
      clock.advance(60_000);
      await cli.vault.profiles.login(asha.id, STRONG, 'the command line');
      await cli.vault.profiles.lock(asha.id);
    } finally {
      await cli.close();
    }
    expect(readFileSync(join(dir, 'security.log'), 'utf8').trim().split('\n')).toHaveLength(4);

    clock.advance(60_000);
    await value(app, 'session.lock');
    await value(app, 'session.unlock', { password: STRONG });
    const view = await value<AuditEntry[]>(app, 'audit.list', { limit: 50 });
    const newestFirst = view.map((entry) => `${entry.action} ${entry.outcome}`);
    expect(newestFirst.slice(0, 6)).toEqual([
      'unlock success',
      'lock success',
      'lock success',
      'login success',
      'login failure',
      'login failure',
    ]);
    const deferred = view.filter((entry) => entry.detail.includes('app security log'));
    expect(deferred.map((entry) => entry.detail)).toEqual([
      expect.stringMatching(/^Locked by the user\./),
      expect.stringMatching(/^Signed in from the command line\./),
      expect.stringMatching(/^Wrong password \(2 in a row\)\./),
      expect.stringMatching(/^Wrong password \(1 in a row\)\./),
    ]);
    const times = view.map((entry) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
    // Taken in once: reading again does not repeat them.
    const again = await value<AuditEntry[]>(app, 'audit.list', { limit: 50 });
    expect(again).toHaveLength(view.length);
  });
});
