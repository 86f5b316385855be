import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Premia } from '../../src-main/app/create-premia';
import type { ProfileSummary, Quotas, SessionStatus } from '../../src-preload/contract';
import {
  call,
  errorCode,
  auditTrail,
  STRONG,
  STRONG_B,
  value,
  premiaScope,
} from '../support/vault-fixtures';

const { setup } = premiaScope();

const create = (premia: Premia, name: string, password = STRONG) =>
  value<ProfileSummary>(premia, 'profiles.create', { name, password });

describe('creating profiles', () => {
  it('makes the first profile the owner and the next ones members', async () => {
    const { premia } = await setup();
    const owner = await create(premia, 'Asha');
    const member = await create(premia, 'Bharat', STRONG_B);
    expect(owner.role).toBe('owner');
    expect(member.role).toBe('member');
    expect(owner.id).toMatch(/^[a-z0-9]{16}$/);
    expect(await value<ProfileSummary[]>(premia, 'profiles.list')).toEqual([owner, member]);
    expect(
      await errorCode(premia, 'profiles.create', {
        name: 'Chitra',
        password: STRONG,
        role: 'owner',
      }),
    ).toBe('CONFLICT');
    expect((await auditTrail(premia, owner.id))[0]).toMatchObject({
      action: 'profile-created',
      outcome: 'success',
    });
  });

  it('accepts unicode names and refuses empty, oversized, duplicate and control-character names', async () => {
    const { premia } = await setup();
    const unicode = await create(premia, '  अनुराग 📈  ');
    expect(unicode.name).toBe('अनुराग 📈');
    await create(premia, 'Zoe\u0301');
    const refused = async (name: string) => {
      const result = await call(premia, 'profiles.create', { name, password: STRONG });
      return result.ok ? 'accepted' : `${result.error.code}: ${result.error.message}`;
    };
    expect(await refused('')).toMatch(/^BAD_INPUT: A profile needs a name/);
    expect(await refused('   ')).toMatch(/^BAD_INPUT: A profile needs a name/);
    expect(await refused('n'.repeat(41))).toMatch(/^BAD_INPUT: .*at most 40/);
    expect(await refused('x'.repeat(5000))).toMatch(/^BAD_INPUT/);
    expect(await refused('line\nbreak')).toMatch(/^BAD_INPUT: .*control characters/);
    expect(await refused('ZOÉ')).toMatch(/^CONFLICT: A profile named "Zoé" already exists/);
    expect(await refused(' अनुराग 📈')).toMatch(/^CONFLICT/);
    expect(
      (await value<ProfileSummary[]>(premia, 'profiles.list')).map((profile) => profile.name),
    ).toEqual(['अनुराग 📈', 'Zoé']);
  });

  it('refuses weak passwords with a reason', async () => {
    const { premia } = await setup();
    for (const [password, reason] of [
      ['short1', 'at least 8'],
      ['zzzzzzzzzz', 'repeats'],
      ['qwerty123', 'first an attacker'],
      ['Asha-2026-trades', 'profile name'],
    ] as const) {
      const result = await call(premia, 'profiles.create', { name: 'Asha', password });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringContaining(reason) },
      });
    }
    expect(await value<ProfileSummary[]>(premia, 'profiles.list')).toEqual([]);
  });
});

describe('signing in', () => {
  it('answers a wrong password, an unknown profile and a missing session clearly', async () => {
    const { premia } = await setup();
    const asha = await create(premia, 'Asha');
    const wrong = await call(premia, 'session.login', { profileId: asha.id, password: STRONG_B });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'That password is not right for "Asha".' },
    });
    expect(
      await errorCode(premia, 'session.login', { profileId: 'ffffffffffffffff', password: STRONG }),
    ).toBe('NOT_FOUND');
    expect(
      await errorCode(premia, 'session.login', { profileId: '../../etc', password: STRONG }),
    ).toBe('BAD_INPUT');
    expect(await errorCode(premia, 'session.login', { profileId: asha.id, password: '' })).toBe(
      'BAD_INPUT',
    );
    expect(await errorCode(premia, 'credentials.get')).toBe('NOT_LOGGED_IN');
    const status = await value<SessionStatus>(premia, 'session.status');
    expect(status).toMatchObject({ profile: null, locked: false, quotas: null });
    const signedIn = await value<SessionStatus>(premia, 'session.login', {
      profileId: asha.id,
      password: STRONG,
    });
    expect(signedIn.profile).toMatchObject({ id: asha.id, lastUsedAt: '2026-03-02T04:00:00.000Z' });
    expect(premia.registry.lastUsedProfileId()).toBe(asha.id);
  });

  it('renames the signed-in profile, keeping names unique', async () => {
    const { premia } = await setup();
    await create(premia, 'Bharat', STRONG_B);
    const asha = await create(premia, 'Asha');
    await value(premia, 'session.login', { profileId: asha.id, password: STRONG });
    expect(await errorCode(premia, 'profiles.rename', { name: 'bharat' })).toBe('CONFLICT');
    expect(await value<ProfileSummary>(premia, 'profiles.rename', { name: 'ASHA' })).toMatchObject({
      id: asha.id,
      name: 'ASHA',
    });
  });
});

describe('owner powers', () => {
  it('lets the owner set quotas of any profile; members cannot', async () => {
    const { premia } = await setup();
    const owner = await create(premia, 'Asha');
    const member = await create(premia, 'Bharat', STRONG_B);
    await value(premia, 'session.login', { profileId: owner.id, password: STRONG });
    const set = await value<{ quotas: Quotas }>(premia, 'profiles.setQuotas', {
      profileId: member.id,
      quotas: { maxSymbolsPerScan: 50, maxParallelScans: 1 },
    });
    expect(set.quotas).toEqual({
      maxSymbolsPerScan: 50,
      maxParallelScans: 1,
      workspaceBytes: 2 * 1024 ** 3,
    });
    expect(premia.vault.quotas(member.id)).toEqual(set.quotas);
    expect(
      await errorCode(premia, 'profiles.setQuotas', {
        profileId: member.id,
        quotas: { maxParallelScans: 99 },
      }),
    ).toBe('BAD_INPUT');
    await value(premia, 'session.login', { profileId: member.id, password: STRONG_B });
    expect((await value<SessionStatus>(premia, 'session.status')).quotas).toEqual(set.quotas);
    expect(
      await errorCode(premia, 'profiles.setQuotas', {
        profileId: member.id,
        quotas: { maxSymbolsPerScan: 5000 },
      }),
    ).toBe('NOT_ALLOWED');
  });
});

describe('deleting profiles', () => {
  it('deletes with its own password: registry entry, sealed blob and workspace go', async () => {
    const { dir, premia, keychain } = await setup();
    await create(premia, 'Asha');
    const member = await create(premia, 'Bharat', STRONG_B);
    await value(premia, 'session.login', { profileId: member.id, password: STRONG_B });
    await value(premia, 'credentials.set', { apiKey: 'kiteapikey0001' });
    // Sealed into the OS keychain (the Secret Service of the test session), never in plaintext.
    const sealed = await keychain.getSecret(`profile:${member.id}`);
    expect(sealed).toMatch(/^premia-gcm-v1\./);
    expect(sealed).not.toContain('kiteapikey0001');
    const workspace = join(dir, 'profiles', member.id);
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'premia.db'), 'profile data');
    expect(
      await errorCode(premia, 'profiles.delete', { profileId: member.id, password: STRONG }),
    ).toBe('WRONG_PASSWORD');
    expect(
      await value(premia, 'profiles.delete', { profileId: member.id, password: STRONG_B }),
    ).toEqual({ deleted: true });
    expect(existsSync(workspace)).toBe(false);
    expect(premia.registry.findProfile(member.id)).toBeUndefined();
    expect(premia.registry.fallbackCredentials(member.id)).toBeNull();
    expect(await keychain.getSecret(`profile:${member.id}`)).toBeNull();
    expect(readFileSync(join(dir, 'registry.json'), 'utf8')).not.toContain(member.id);
    expect((await value<SessionStatus>(premia, 'session.status')).profile).toBeNull();
  });

  it("lets the owner delete another profile after typing its name, and records it in the owner's log", async () => {
    const { premia } = await setup();
    const owner = await create(premia, 'Asha');
    const member = await create(premia, 'Bharat', STRONG_B);
    expect(
      await errorCode(premia, 'profiles.delete', {
        profileId: member.id,
        ownerConfirmsName: 'Bharat',
      }),
    ).toBe('NOT_LOGGED_IN');
    await value(premia, 'session.login', { profileId: owner.id, password: STRONG });
    expect(
      await errorCode(premia, 'profiles.delete', {
        profileId: member.id,
        ownerConfirmsName: 'Bharath',
      }),
    ).toBe('BAD_INPUT');
    expect(
      await errorCode(premia, 'profiles.delete', {
        profileId: owner.id,
        ownerConfirmsName: 'Asha',
      }),
    ).toBe('BAD_INPUT');
    await value(premia, 'profiles.delete', { profileId: member.id, ownerConfirmsName: ' bharat ' });
    expect(
      (await value<ProfileSummary[]>(premia, 'profiles.list')).map((profile) => profile.id),
    ).toEqual([owner.id]);
    expect((await auditTrail(premia, owner.id)).at(-1)).toMatchObject({
      action: 'profile-deleted',
      detail: expect.stringContaining('"Bharat" was deleted by the owner'),
    });
  });

  it('hands the owner role to the oldest remaining profile when the owner deletes itself', async () => {
    const { premia, clock } = await setup();
    const owner = await create(premia, 'Asha');
    clock.advance(1000);
    const member = await create(premia, 'Bharat', STRONG_B);
    clock.advance(1000);
    await create(premia, 'Chitra', 'iron-condor-wings');
    await value(premia, 'profiles.delete', { profileId: owner.id, password: STRONG });
    expect(premia.registry.findProfile(member.id)?.role).toBe('owner');
  });
});

describe('a damaged registry file', () => {
  it('is restored from its backup with a warning, keeping the damaged file aside', async () => {
    const { dir, premia, open } = await setup();
    const asha = await create(premia, 'Asha');
    await premia.close();
    const path = join(dir, 'registry.json');
    writeFileSync(path, '{"profiles": [ {"id": trunc');
    const recovered = await open();
    expect(
      (await value<ProfileSummary[]>(recovered, 'profiles.list')).map((profile) => profile.id),
    ).toEqual([asha.id]);
    const health = await recovered.app.health();
    expect(health.checks.find((check) => check.name === 'registry-recovered')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('restored it from its backup'),
    });
    expect(health.checks.find((check) => check.name === 'registry-recovered')?.ok).toBe(false);
    await value(recovered, 'session.login', { profileId: asha.id, password: STRONG });
  });

  it('is refused with a clear message when the backup is unusable too, and left untouched', async () => {
    const { dir, premia, open } = await setup();
    await create(premia, 'Asha');
    await premia.close();
    const path = join(dir, 'registry.json');
    writeFileSync(path, '{"profiles": "not a list"}');
    writeFileSync(`${path}.bak`, '');
    await expect(open()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      message: expect.stringMatching(
        /registry .* is damaged \(profiles: .*\) and its backup cannot be used .*will not start over/,
      ),
    });
    expect(readFileSync(path, 'utf8')).toBe('{"profiles": "not a list"}');
  });
});
