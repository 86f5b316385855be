import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataKeyAad, deriveKek, open, type KdfParams } from '../../src-main/vault/crypto';
import type { CredentialsView, ProfileSummary, SessionStatus } from '../../src-preload/contract';
import {
  call,
  createAndLogin,
  premiaScope,
  SAMPLE_SECRETS,
  STRONG,
  STRONG_B,
  value,
} from '../support/vault-fixtures';

const { setup } = premiaScope();

interface RegistryFile {
  profiles: { kdf: { N: number; r: number; p: number } }[];
}

describe('attack: a tampered registry asks for a ruinous key derivation', () => {
  it('refuses scrypt settings Premia never uses, before deriving anything', async () => {
    const { dir, open, premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    await premia.close();
    const path = join(dir, 'registry.json');
    const original = readFileSync(path, 'utf8');
    // A cheap unknown set first (r=16), then the ruinous one: N=2^22 is 4 GiB of scrypt per guess.
    const tampers: [Partial<RegistryFile['profiles'][number]['kdf']>, string][] = [
      [{ r: 16 }, '(scrypt N=4096, r=16, p=1)'],
      [{ N: 2 ** 22 }, '(scrypt N=4194304, r=8, p=1)'],
    ];
    for (const [change, named] of tampers) {
      const registry = JSON.parse(original) as RegistryFile;
      const entry = registry.profiles[0];
      if (entry === undefined) throw new Error('no profile in the registry');
      Object.assign(entry.kdf, change);
      writeFileSync(path, JSON.stringify(registry));
      const reopened = await open();
      const result = await call(reopened, 'session.login', {
        profileId: asha.id,
        password: STRONG,
      });
      await reopened.close();
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('STORAGE_CORRUPT');
        expect(result.error.message).toContain(`not ones Premia uses ${named}`);
      }
    }
  });
});

interface FullRegistry {
  profiles: { id: string; kdf: KdfParams; wrappedDataKey: string }[];
  credentialsFallback: Record<string, string>;
}

/** What an attacker holding an old copy of registry.json and the old password can open now. */
async function openWithOldCopy(
  oldCopy: FullRegistry,
  current: FullRegistry,
  oldPassword: string,
): Promise<string> {
  const entry = oldCopy.profiles[0];
  if (entry === undefined) throw new Error('no profile');
  const kek = await deriveKek(oldPassword, entry.kdf);
  const dataKey = open(kek, entry.wrappedDataKey, dataKeyAad(entry.id));
  const blob = current.credentialsFallback[entry.id];
  if (blob === undefined) throw new Error('no sealed credentials');
  return open(dataKey, blob, entry.id).toString('utf8');
}

describe('attack: an old copy of the registry plus the old password', () => {
  it('opens none of the current secrets after a password change (the data key is rotated)', async () => {
    // The attack reads the sealed blob out of a registry copy: the no-keychain path keeps it there.
    const { dir, premia } = await setup(undefined, 'fallback');
    await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SAMPLE_SECRETS.apiKey });
    const path = join(dir, 'registry.json');
    const oldCopy = JSON.parse(readFileSync(path, 'utf8')) as FullRegistry;
    expect(await openWithOldCopy(oldCopy, oldCopy, STRONG)).toContain(SAMPLE_SECRETS.apiKey);

    await value(premia, 'session.changePassword', {
      currentPassword: STRONG,
      newPassword: STRONG_B,
    });
    await value(premia, 'credentials.setAccessToken', { accessToken: SAMPLE_SECRETS.accessToken });
    const current = JSON.parse(readFileSync(path, 'utf8')) as FullRegistry;
    await expect(openWithOldCopy(oldCopy, current, STRONG)).rejects.toThrow(
      /does not authenticate/,
    );

    // The trader loses nothing: the session and a fresh sign-in read the re-sealed secrets.
    expect(await value<CredentialsView>(premia, 'credentials.get')).toMatchObject({
      apiKey: '••••0001',
      accessToken: '••••0001',
    });
    const asha = await value<SessionStatus>(premia, 'session.status');
    await value(premia, 'session.logout');
    await value(premia, 'session.login', { profileId: asha.profile?.id, password: STRONG_B });
    expect((await value<CredentialsView>(premia, 'credentials.get')).apiKey).toBe('••••0001');
  });

  it('keeps the data key only when asked to (rotateDataKey: false)', async () => {
    // The attack reads the sealed blob out of a registry copy: the no-keychain path keeps it there.
    const { dir, premia } = await setup(undefined, 'fallback');
    await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SAMPLE_SECRETS.apiKey });
    const path = join(dir, 'registry.json');
    const oldCopy = JSON.parse(readFileSync(path, 'utf8')) as FullRegistry;
    await value(premia, 'session.changePassword', {
      currentPassword: STRONG,
      newPassword: STRONG_B,
      rotateDataKey: false,
    });
    const current = JSON.parse(readFileSync(path, 'utf8')) as FullRegistry;
    expect(await openWithOldCopy(oldCopy, current, STRONG)).toContain(SAMPLE_SECRETS.apiKey);
  });
});
