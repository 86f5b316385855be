import { describe, expect, it } from 'vitest';
import type { ProfileId } from '../../src-preload/contract';
import type { Premia } from '../../src-main/app/create-premia';
import {
  createAndLogin,
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
