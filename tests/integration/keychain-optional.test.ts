import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../src-main/app/app-service';
import type { Premia } from '../../src-main/app/create-premia';
import { checkNativeModules } from '../../src-main/app/native-modules';
import { createKeytarKeychain, KEYTAR_MISSING } from '../../src-main/vault/keychain';
import type { CredentialsView, ProfileSummary, SessionStatus } from '../../src-preload/contract';
import {
  openTestPremia,
  SAMPLE_SECRETS,
  STRONG,
  tempDataDir,
  value,
} from '../support/vault-fixtures';

/**
 * keytar is an optional dependency: on a machine without libsecret's headers npm leaves it out.
 * These tests load Premia as it runs there, by handing it loaders that fail exactly as Node does
 * for a package that is not installed (the module stays installed on this machine).
 */
const require = createRequire(import.meta.url);

function notInstalled(specifier: string): Error {
  // The error Node's ESM loader gives for a bare specifier with no package behind it.
  return Object.assign(
    new Error(`Cannot find package '${specifier}' imported from /premia/out/main/index.js`),
    {
      code: 'ERR_MODULE_NOT_FOUND',
    },
  );
}

/** require() on a machine where keytar was left out at install; everything else loads for real. */
function requireWithoutKeytar(id: string): unknown {
  if (id === 'keytar') {
    throw Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });
  }
  return require(id);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function premiaWithoutKeytar(): Promise<Premia> {
  const { dir, cleanup } = tempDataDir();
  cleanups.push(cleanup);
  let loads = 0;
  const keychain = createKeytarKeychain({
    loadKeytar: () => {
      loads += 1;
      return Promise.reject(notInstalled('keytar'));
    },
  });
  const premia = await openTestPremia(dir, { keychain });
  cleanups.push(() => premia.close());
  // The module is looked for only when the keychain is first used, never at start-up.
  expect(loads).toBe(0);
  return premia;
}

describe('Premia without the keychain module (keytar not installed)', () => {
  it('seals Kite credentials into the registry and says why, in the session the UI shows', async () => {
    const premia = await premiaWithoutKeytar();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    await value(premia, 'session.login', { profileId: asha.id, password: STRONG });
    const view = await value<CredentialsView>(premia, 'credentials.set', {
      apiKey: SAMPLE_SECRETS.apiKey,
      apiSecret: SAMPLE_SECRETS.apiSecret,
    });
    expect(view.storedIn).toBe('registry-fallback');
    expect(premia.registry.fallbackCredentials(asha.id)).toMatch(/^premia-gcm-v1\./);
    expect(await premia.vault.brokerCredentials(asha.id)).toMatchObject({
      apiKey: SAMPLE_SECRETS.apiKey,
      apiSecret: SAMPLE_SECRETS.apiSecret,
    });

    // The warning the app shell shows (AppShell: "No OS keychain." + keychainDetail).
    const status = await value<SessionStatus>(premia, 'session.status');
    expect(status.keychainMode).toBe('registry-fallback');
    expect(status.keychainDetail).toContain('the keychain module (keytar) is not installed');
    expect(status.keychainDetail).toContain('kept in the registry file instead');
  });

  it('premia doctor: the keychain check says keytar is missing and that the registry is used', async () => {
    const premia = await premiaWithoutKeytar();
    const keychain = (await premia.app.health()).checks.find((check) => check.name === 'keychain');
    expect(keychain).toEqual({
      name: 'keychain',
      ok: false,
      detail: `${KEYTAR_MISSING}. Credentials will be sealed and kept in the registry instead.`,
    });
  });

  it('premia doctor: a missing keytar is a warning, a keytar that fails to load is a failure', async () => {
    const { dir, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    const missing = createKeytarKeychain({
      loadKeytar: () => Promise.reject(notInstalled('keytar')),
    });
    const withoutKeytar = new AppService({
      dataDir: dir,
      version: '0.0.0-test',
      logFile: null,
      runtime: 'node',
      keychain: missing,
      runtimeVersions: { node: 'v24.22.3' },
      nativeModules: () => checkNativeModules(requireWithoutKeytar),
    });
    const health = await withoutKeytar.health();
    expect(health.checks.find((check) => check.name === 'native:keytar')).toEqual({
      name: 'native:keytar',
      ok: false,
      detail: `optional; ${KEYTAR_MISSING}`,
    });
    expect(health.checks.find((check) => check.name === 'native:better-sqlite3')?.ok).toBe(true);
    expect(health.ok).toBe(true);

    // Built for another Node (no rebuild after switching versions): that is broken, not optional.
    const wrongAbi = new AppService({
      dataDir: dir,
      version: '0.0.0-test',
      logFile: null,
      runtime: 'node',
      keychain: missing,
      runtimeVersions: { node: 'v24.22.3' },
      nativeModules: () =>
        checkNativeModules((id) => {
          if (id !== 'keytar') return require(id);
          throw Object.assign(
            new Error('The module keytar.node was compiled against a different Node.js version'),
            { code: 'ERR_DLOPEN_FAILED' },
          );
        }),
    });
    const broken = await wrongAbi.health();
    expect(broken.checks.find((check) => check.name === 'native:keytar')?.detail).toContain(
      'compiled against a different Node.js version',
    );
    expect(broken.ok).toBe(false);
  });

  it('keeps the real keychain module wherever it is installed', async () => {
    // The default loader finds the keytar this checkout built; only its absence means the fallback.
    const statuses = checkNativeModules();
    expect(statuses.find((status) => status.name === 'keytar')).toEqual({
      name: 'keytar',
      loads: true,
      detail: 'loads',
    });
  });
});
