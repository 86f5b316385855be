import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { AuditLog } from '../../src-main/vault/audit';
import {
  listChannels,
  type AuditEntry,
  type CredentialsView,
  type ProfileSummary,
  type SessionStatus,
} from '../../src-preload/contract';
import {
  call,
  errorCode,
  openTestPremia,
  auditTrail,
  STRONG,
  STRONG_B,
  tempDataDir,
  value,
  premiaScope,
  createAndLogin,
  SAMPLE_SECRETS,
} from '../support/vault-fixtures';

const SECRETS = SAMPLE_SECRETS;

const { setup, defer } = premiaScope();

describe('credentials without an OS keychain (registry fallback)', () => {
  it('seals them into the registry, shows them masked, reports the fallback, gives plaintext only to main', async () => {
    const { dir, premia } = await setup(undefined, 'fallback');
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', {
      apiKey: SECRETS.apiKey,
      apiSecret: SECRETS.apiSecret,
    });
    const view = await value<CredentialsView>(premia, 'credentials.setAccessToken', {
      accessToken: SECRETS.accessToken,
    });
    expect(view).toMatchObject({
      apiKey: '••••0001',
      apiSecret: '••••0001',
      accessToken: '••••0001',
      apiRoot: 'https://api.kite.trade',
      token: {
        status: 'valid',
        setAt: '2026-03-02T04:00:00.000Z',
        expiresAt: '2026-03-03T00:30:00.000Z',
      },
      storedIn: 'registry-fallback',
      usesSimulator: false,
    });
    const registryText = readFileSync(`${dir}/registry.json`, 'utf8');
    for (const secret of Object.values(SECRETS)) {
      expect(registryText).not.toContain(secret);
      expect(readFileSync(`${dir}/registry.json.bak`, 'utf8')).not.toContain(secret);
    }
    expect(registryText).toMatch(/"credentialsFallback":\s*\{\s*"[a-z0-9]+": "premia-gcm-v1\./);

    const status = await value<SessionStatus>(premia, 'session.status');
    expect(status).toMatchObject({
      profile: { name: 'Asha' },
      locked: false,
      keychainMode: 'registry-fallback',
      autoLockMinutes: 15,
    });
    expect(status.keychainDetail).toContain('registry');
    const health = await premia.app.health();
    expect(health.checks.find((check) => check.name === 'credentials-in-registry')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('Asha'),
    });

    const plain = await premia.vault.brokerCredentials(asha.id);
    expect(plain).toMatchObject({ ...SECRETS, token: { status: 'valid' } });
    // Nothing a renderer call returns carries a secret.
    const everything = JSON.stringify(
      await Promise.all(
        ['credentials.get', 'session.status', 'profiles.list', 'audit.list'].map((channel) =>
          call(premia, channel),
        ),
      ),
    );
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
  });

  it('keeps secrets readable after a password change; the old password stops working', async () => {
    const { premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SECRETS.apiKey });
    await value(premia, 'session.changePassword', {
      currentPassword: STRONG,
      newPassword: STRONG_B,
    });
    await value(premia, 'session.logout');
    expect(await errorCode(premia, 'session.login', { profileId: asha.id, password: STRONG })).toBe(
      'WRONG_PASSWORD',
    );
    await value(premia, 'session.login', { profileId: asha.id, password: STRONG_B });
    expect(await value<CredentialsView>(premia, 'credentials.get')).toMatchObject({
      apiKey: '••••0001',
    });
    expect(
      await errorCode(premia, 'session.changePassword', {
        currentPassword: STRONG_B,
        newPassword: 'short',
      }),
    ).toBe('BAD_INPUT');
  });

  it('drops the access token when the API key changes, and clears everything on request', async () => {
    const { premia } = await setup();
    await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SECRETS.apiKey });
    await value(premia, 'credentials.setAccessToken', { accessToken: SECRETS.accessToken });
    const changed = await value<CredentialsView>(premia, 'credentials.set', {
      apiKey: 'anotherkey0002',
    });
    expect(changed).toMatchObject({
      apiKey: '••••0002',
      accessToken: null,
      token: { status: 'missing' },
    });
    const cleared = await value<CredentialsView>(premia, 'credentials.clear');
    expect(cleared).toMatchObject({ apiKey: null, storedIn: 'none', usesSimulator: true });
    expect(await errorCode(premia, 'credentials.set', { apiRoot: 'http://proxy.example' })).toBe(
      'BAD_INPUT',
    );
  });
});

describe('profile isolation', () => {
  it("gives profile B's session no way to A's credentials or audit log", async () => {
    const { premia } = await setup();
    const a = await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', {
      apiKey: SECRETS.apiKey,
      apiSecret: SECRETS.apiSecret,
    });
    const b = await createAndLogin(premia, 'Bharat', STRONG_B);
    expect((await value<SessionStatus>(premia, 'session.status')).profile?.id).toBe(b.id);
    expect(premia.vault.sessions.isSignedIn(a.id)).toBe(false);

    expect(await value<CredentialsView>(premia, 'credentials.get')).toMatchObject({
      apiKey: null,
      storedIn: 'none',
    });
    // A's log (in A's own database) has A's credential change; B's log shows only B.
    const aTrail = await auditTrail(premia, a.id);
    expect(aTrail.map((entry) => entry.action)).toContain('credentials-set');
    const bAudit = await value<AuditEntry[]>(premia, 'audit.list');
    expect(bAudit.map((entry) => entry.action).sort()).toEqual(['login', 'profile-created']);
    expect(JSON.stringify(bAudit)).not.toContain('Asha');

    // Reading calls take no profile id; sneaking one in is refused before any handler runs.
    for (const channel of ['credentials.get', 'credentials.clear']) {
      expect(await errorCode(premia, channel, { profileId: a.id })).toBe('BAD_INPUT');
    }
    const sneaky = await value<AuditEntry[]>(premia, 'audit.list', { limit: 500, profileId: a.id });
    expect(sneaky).toEqual(bAudit);
    for (const entry of listChannels()) {
      if (!['credentials', 'audit', 'session'].includes(entry.domain) || entry.method === 'login')
        continue;
      const shape =
        'shape' in entry.spec.input
          ? JSON.stringify(Object.keys(entry.spec.input.shape as object))
          : '';
      expect(shape, entry.channel).not.toContain('profileId');
    }

    // B's password does not open A; a member cannot delete A or change its quotas.
    expect(await errorCode(premia, 'session.login', { profileId: a.id, password: STRONG_B })).toBe(
      'WRONG_PASSWORD',
    );
    expect((await value<SessionStatus>(premia, 'session.status')).profile?.id).toBe(b.id);
    expect(
      await errorCode(premia, 'profiles.delete', { profileId: a.id, ownerConfirmsName: 'Asha' }),
    ).toBe('NOT_ALLOWED');
    expect(
      await errorCode(premia, 'profiles.setQuotas', {
        profileId: a.id,
        quotas: { maxParallelScans: 8 },
      }),
    ).toBe('NOT_ALLOWED');
    // And A's credentials are still intact for A.
    await premia.vault.profiles.login(a.id, STRONG);
    expect(await premia.vault.brokerCredentials(a.id)).toMatchObject({ apiKey: SECRETS.apiKey });
  });
});

describe('tampering', () => {
  it('rejects a tampered sealed blob with a clear error and keeps working', async () => {
    const { dir, premia } = await setup(undefined, 'fallback');
    await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SECRETS.apiKey });
    const path = `${dir}/registry.json`;
    const document = JSON.parse(readFileSync(path, 'utf8')) as {
      credentialsFallback: Record<string, string>;
    };
    const [id, sealed] = Object.entries(document.credentialsFallback)[0] ?? ['', ''];
    const parts = sealed.split('.');
    const body = parts[3] ?? '';
    parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    document.credentialsFallback[id] = parts.join('.');
    writeFileSync(path, JSON.stringify(document));
    const result = await call(premia, 'credentials.get');
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'STORAGE_CORRUPT',
        message: expect.stringContaining('damaged or were altered'),
      },
    });
    expect(await value<CredentialsView>(premia, 'credentials.clear')).toMatchObject({
      storedIn: 'none',
    });
    expect(
      await value<CredentialsView>(premia, 'credentials.set', { apiKey: SECRETS.apiKey }),
    ).toMatchObject({ apiKey: '••••0001' });
  });

  it('tells a tampered wrapped key from a wrong password and does not count it as a failure', async () => {
    const { premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    premia.registry.updateProfile(asha.id, (profile) => {
      const parts = profile.wrappedDataKey.split('.');
      const body = parts[3] ?? '';
      parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
      return { ...profile, wrappedDataKey: parts.join('.') };
    });
    const result = await call(premia, 'session.login', { profileId: asha.id, password: STRONG });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'STORAGE_CORRUPT',
        message: expect.stringContaining('damaged or was altered'),
      },
    });
    expect(
      await errorCode(premia, 'session.login', { profileId: asha.id, password: STRONG_B }),
    ).toBe('WRONG_PASSWORD');
    expect(premia.registry.findProfile(asha.id)?.throttle.consecutiveFailures).toBe(1);
    premia.registry.updateProfile(asha.id, (profile) => ({
      ...profile,
      wrappedDataKey: 'garbage',
    }));
    expect(await errorCode(premia, 'session.login', { profileId: asha.id, password: STRONG })).toBe(
      'STORAGE_CORRUPT',
    );
  });
});

describe('the audit log', () => {
  it('never stops a sign-in when it cannot be written; the entry goes to the security log', async () => {
    const { dir, cleanup } = tempDataDir();
    defer(cleanup);
    const logger = createMemoryLogger();
    const brokenAudit: AuditLog = {
      record: () => Promise.reject(new Error('disk full')),
      list: () => Promise.reject(new Error('disk full')),
    };
    const premia = await openTestPremia(dir, { auditLog: brokenAudit, logger });
    defer(() => premia.close());
    await createAndLogin(premia, 'Asha', STRONG);
    expect((await value<SessionStatus>(premia, 'session.status')).locked).toBe(false);
    const deferred = logger.entries.filter(
      (entry) => entry.event === 'audit.deferred-to-security-log',
    );
    expect(deferred.map((entry) => entry.fields.action)).toEqual(['profile-created', 'login']);
    const kept = readFileSync(`${dir}/security.log`, 'utf8').trim().split('\n');
    expect(kept.map((line) => (JSON.parse(line) as { action: string }).action)).toEqual([
      'profile-created',
      'login',
    ]);
    expect(await errorCode(premia, 'audit.list')).toBe('INTERNAL');
  });
});
