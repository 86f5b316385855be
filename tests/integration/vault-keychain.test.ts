import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Premia } from '../../src-main/app/create-premia';
import { DEFAULT_KDF_COST } from '../../src-main/vault/crypto';
import { createKeytarKeychain, KEYCHAIN_SERVICE } from '../../src-main/vault/keychain';
import type { CredentialsView, ProfileSummary, SessionStatus } from '../../src-preload/contract';
import {
  errorCode,
  openTestPremia,
  STRONG,
  STRONG_B,
  tempDataDir,
  value,
} from '../support/vault-fixtures';

/**
 * The vault against a real Secret Service (gnome-keyring over D-Bus). `npm test` provides one in
 * a private session; run alone with:
 *   XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d) dbus-run-session -- bash -c \
 *     'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/integration/vault-keychain.test.ts'
 * Without a reachable Secret Service these tests fail; they never skip.
 */
const run = promisify(execFile);
const SECRETS = {
  apiKey: 'realkeychainkey1',
  apiSecret: 'realkeychainsecret2',
  accessToken: 'realkeychaintoken3',
};

async function secretTool(account: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', [
      'lookup',
      'service',
      KEYCHAIN_SERVICE,
      'account',
      account,
    ]);
    return stdout;
  } catch {
    return null;
  }
}

const keychain = createKeytarKeychain({ timeoutMs: 10_000 });
const { dir, cleanup } = tempDataDir();
let premia: Premia;

/**
 * Checked inside every test (not in a hook) so that a missing Secret Service shows as failed
 * tests in every report, never as skipped ones.
 */
let ready: Promise<void> | undefined;
function requireSecretService(): Promise<void> {
  ready ??= (async () => {
    const probe = await keychain.probe();
    if (!probe.available) {
      const hint =
        process.env.PREMIA_KEYRING_SESSION === '1'
          ? 'scripts/test.sh started a keyring session, so this is a real failure.'
          : 'Run this file through `npm test` or dbus-run-session with gnome-keyring-daemon --unlock.';
      throw new Error(`The Secret Service is not reachable (${probe.detail}). ${hint}`);
    }
    premia = await openTestPremia(dir, { keychain, kdfCost: DEFAULT_KDF_COST });
  })();
  return ready;
}

beforeEach(() => requireSecretService());

afterAll(async () => {
  await ready?.then(() => premia.close()).catch(() => undefined);
  cleanup();
});

describe('the vault on the OS keychain', () => {
  it('stores only the sealed blob under service Premia, account profile:<id>', async () => {
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    expect(premia.registry.findProfile(asha.id)?.kdf).toMatchObject({
      algorithm: 'scrypt',
      N: 2 ** 17,
      r: 8,
      p: 1,
    });
    const started = performance.now();
    await value(premia, 'session.login', { profileId: asha.id, password: STRONG });
    const loginMs = performance.now() - started;
    console.info(`one login with scrypt N=2^17, r=8, p=1 took ${loginMs.toFixed(0)} ms`);

    await value(premia, 'credentials.set', {
      apiKey: SECRETS.apiKey,
      apiSecret: SECRETS.apiSecret,
    });
    const view = await value<CredentialsView>(premia, 'credentials.setAccessToken', {
      accessToken: SECRETS.accessToken,
    });
    expect(view).toMatchObject({ storedIn: 'os', apiKey: '••••key1', token: { status: 'valid' } });
    expect(await value<SessionStatus>(premia, 'session.status')).toMatchObject({
      keychainMode: 'os',
    });

    const raw = await secretTool(`profile:${asha.id}`);
    const viaKeytar = await keychain.getSecret(`profile:${asha.id}`);
    expect(raw).toBe(viaKeytar);
    expect(raw).toMatch(/^premia-gcm-v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (const secret of [...Object.values(SECRETS), STRONG]) {
      expect(raw).not.toContain(secret);
      expect(Buffer.from(raw ?? '', 'latin1').toString('base64')).not.toContain(
        Buffer.from(secret).toString('base64'),
      );
    }
    const registryText = readFileSync(`${dir}/registry.json`, 'utf8');
    expect(registryText).not.toContain('premia-gcm-v1.' + (raw ?? '').split('.')[1]);
    expect(premia.registry.fallbackCredentials(asha.id)).toBeNull();
    expect(await premia.vault.brokerCredentials(asha.id)).toMatchObject(SECRETS);
  });

  it('rejects a tampered keychain entry without crashing, and a re-save repairs it', async () => {
    const asha = premia.vault.profiles.findByName('asha');
    const account = `profile:${asha.id}`;
    const sealed = (await keychain.getSecret(account)) ?? '';
    const parts = sealed.split('.');
    parts[3] = `${(parts[3] ?? '').startsWith('A') ? 'B' : 'A'}${(parts[3] ?? '').slice(1)}`;
    await keychain.setSecret(account, parts.join('.'));
    expect(await errorCode(premia, 'credentials.get')).toBe('STORAGE_CORRUPT');
    // A blob from another profile's entry does not open either (bound to its profile id).
    const bharat = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Bharat',
      password: STRONG_B,
    });
    await premia.vault.profiles.login(bharat.id, STRONG_B);
    await premia.vault.credentials.set(bharat.id, { apiKey: 'bharatskey0001' });
    await keychain.setSecret(account, (await keychain.getSecret(`profile:${bharat.id}`)) ?? '');
    expect(await errorCode(premia, 'credentials.get')).toBe('STORAGE_CORRUPT');
    await value(premia, 'credentials.clear');
    expect(await keychain.getSecret(account)).toBeNull();
    await value(premia, 'credentials.set', { apiKey: SECRETS.apiKey });
    expect(await value<CredentialsView>(premia, 'credentials.get')).toMatchObject({
      apiKey: '••••key1',
      storedIn: 'os',
    });
  });

  it('keeps the keychain entry readable after a password change and removes it with the profile', async () => {
    const asha = premia.vault.profiles.findByName('Asha');
    await value(premia, 'session.changePassword', {
      currentPassword: STRONG,
      newPassword: 'fresh-passphrase-77',
    });
    await value(premia, 'session.logout');
    await value(premia, 'session.login', { profileId: asha.id, password: 'fresh-passphrase-77' });
    expect(await premia.vault.brokerCredentials(asha.id)).toMatchObject({ apiKey: SECRETS.apiKey });
    await value(premia, 'profiles.delete', { profileId: asha.id, password: 'fresh-passphrase-77' });
    expect(await secretTool(`profile:${asha.id}`)).toBeNull();
    expect(await keychain.getSecret(`profile:${asha.id}`)).toBeNull();
  });

  it('moves a blob saved while the keychain was away into the keychain at the next sign-in', async () => {
    const away = tempDataDir();
    try {
      const offline = await openTestPremia(away.dir);
      const chitra = await value<ProfileSummary>(offline, 'profiles.create', {
        name: 'Chitra',
        password: STRONG,
      });
      await value(offline, 'session.login', { profileId: chitra.id, password: STRONG });
      await value(offline, 'credentials.set', { apiKey: 'chitraskey0001' });
      expect(offline.registry.fallbackCredentials(chitra.id)).not.toBeNull();
      await offline.close();

      const online = await openTestPremia(away.dir, { keychain });
      try {
        expect((await value<SessionStatus>(online, 'session.status')).keychainMode).toBe('os');
        await value(online, 'session.login', { profileId: chitra.id, password: STRONG });
        expect(online.registry.fallbackCredentials(chitra.id)).toBeNull();
        expect(await keychain.getSecret(`profile:${chitra.id}`)).toMatch(/^premia-gcm-v1\./);
        expect(await value<CredentialsView>(online, 'credentials.get')).toMatchObject({
          apiKey: '••••0001',
          storedIn: 'os',
        });
        expect(
          (await online.app.health()).checks.find(
            (check) => check.name === 'credentials-in-registry',
          )?.ok,
        ).toBe(true);
        await value(online, 'profiles.delete', { profileId: chitra.id, password: STRONG });
      } finally {
        await online.close();
      }
    } finally {
      away.cleanup();
    }
  });
});
