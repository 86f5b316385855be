import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AuditEntry, ProfileId, ProfileSummary, Result } from '../../src-preload/contract';
import { createPremia, type Premia, type PremiaOptions } from '../../src-main/app/create-premia';
import { createManualClock, type Clock } from '../../src-main/app/clock';
import { createMemoryLogger, type Logger } from '../../src-main/app/logger';
import type { AuditLog } from '../../src-main/vault/audit';
import {
  createKeytarKeychain,
  createUnavailableKeychain,
  type Keychain,
} from '../../src-main/vault/keychain';

/** The app page, as the router sees it. */
export const APP_SENDER = {
  url: 'file:///opt/Premia/resources/app.asar/out/renderer/index.html',
  isMainFrame: true,
};

/** Cheaper than the real scrypt cost: these tests check logic, not the KDF's strength. */
export const TEST_KDF = { N: 2 ** 12, r: 8, p: 1 };

export const STRONG = 'theta-decay-harvest';
export const STRONG_B = 'covered-call-ladder';

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'premia-vault-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A profile's audit log as stored in its database, oldest first. */
export async function auditTrail(premia: Premia, profileId: ProfileId): Promise<AuditEntry[]> {
  const page = await premia.storage.listAudit(profileId, { limit: 500 });
  return [...page.entries].reverse();
}

export interface TestPremiaOptions {
  readonly keychain?: Keychain;
  readonly clock?: Clock;
  readonly auditLog?: AuditLog;
  readonly kdfCost?: PremiaOptions['kdfCost'];
  readonly logger?: Logger;
  readonly dialogs?: PremiaOptions['dialogs'];
  readonly notifyAlerts?: PremiaOptions['notifyAlerts'];
}

export function openTestPremia(dataDir: string, options: TestPremiaOptions = {}): Promise<Premia> {
  return createPremia({
    dataDir,
    keychain: options.keychain ?? createUnavailableKeychain('no Secret Service in this test'),
    version: '0.0.0-test',
    runtime: 'node',
    allowedOrigins: ['file://'],
    logger: options.logger ?? createMemoryLogger(),
    clock: options.clock,
    auditLog: options.auditLog,
    kdfCost: options.kdfCost ?? TEST_KDF,
    idleCheckIntervalMs: 0,
    agentCheckIntervalMs: 0,
    notifyAlerts: options.notifyAlerts,
    dialogs: options.dialogs,
  });
}

/** A contract call as the renderer makes it, through the router. */
export function call(premia: Premia, channel: string, input?: unknown): Promise<Result<unknown>> {
  return premia.router.dispatch(`premia:${channel}`, APP_SENDER, input);
}

/** The value of a call that must succeed (the test fails with the error otherwise). */
export async function value<T = unknown>(
  premia: Premia,
  channel: string,
  input?: unknown,
): Promise<T> {
  const result = await call(premia, channel, input);
  if (!result.ok)
    throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export async function errorCode(premia: Premia, channel: string, input?: unknown): Promise<string> {
  const result = await call(premia, channel, input);
  if (result.ok) throw new Error(`${channel} succeeded but should have failed`);
  return result.error.code;
}

/** Sample Kite credentials for tests (not real ones). */
export const SAMPLE_SECRETS = {
  apiKey: 'kiteapikey0001',
  apiSecret: 'kitesecretvalue0001',
  accessToken: 'accesstokenvalue0001',
};

let keychainServices = 0;

/**
 * The OS keychain as `npm test` provides it: the Secret Service of a private gnome-keyring session
 * (scripts/test.sh), under a service name of this test's own so tests never see each other's
 * entries. Without that session keytar finds no Secret Service and the tests that expect the OS
 * keychain fail, naming it; they do not quietly fall back.
 */
export function testOsKeychain(): { keychain: Keychain; service: string } {
  keychainServices++;
  const service = `Premia test ${process.pid}.${keychainServices}`;
  return { keychain: createKeytarKeychain({ service, timeoutMs: 5_000 }), service };
}

export type KeychainChoice = 'os' | 'fallback';

/**
 * Temp data folders and Premia instances for the tests of one file, closed and removed after each
 * test (Premia first, then its folder). Call once at the top of a test file.
 */
export function premiaScope(): {
  /** Runs after the current test, before the folders are removed. */
  defer(cleanup: () => Promise<void> | void): void;
  /** `keychain`: the real Secret Service (default), or none so sealed blobs go to the registry. */
  setup(
    start?: Date,
    keychain?: KeychainChoice,
  ): Promise<{
    dir: string;
    clock: ReturnType<typeof createManualClock>;
    open: () => Promise<Premia>;
    premia: Premia;
    keychain: Keychain;
  }>;
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
    async setup(start = new Date('2026-03-02T04:00:00Z'), choice: KeychainChoice = 'os') {
      const { dir, cleanup } = tempDataDir();
      cleanups.push(cleanup);
      const clock = createManualClock(start);
      const keychain =
        choice === 'os'
          ? testOsKeychain().keychain
          : createUnavailableKeychain('no Secret Service in this test');
      const open = async (): Promise<Premia> => {
        const premia = await openTestPremia(dir, { clock, keychain });
        cleanups.push(() => premia.close());
        return premia;
      };
      return { dir, clock, open, premia: await open(), keychain };
    },
  };
}

export async function createAndLogin(
  premia: Premia,
  name: string,
  password: string,
): Promise<ProfileSummary> {
  const profile = await value<ProfileSummary>(premia, 'profiles.create', { name, password });
  await value(premia, 'session.login', { profileId: profile.id, password });
  return profile;
}
