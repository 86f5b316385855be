import { describe, expect, it } from 'vitest';
import type { LockEvent } from '../../src-main/vault/session-manager';
import type { ProfileSummary, SessionStatus } from '../../src-preload/contract';
import {
  call,
  errorCode,
  auditTrail,
  STRONG,
  STRONG_B,
  value,
  premiaScope,
  createAndLogin,
  SAMPLE_SECRETS,
} from '../support/vault-fixtures';

const SECRETS = SAMPLE_SECRETS;

const { setup } = premiaScope();

describe('throttling', () => {
  it('throttles after five failures with growing waits, and a restart does not reset it', async () => {
    const { clock, open, premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      codes.push(
        await errorCode(premia, 'session.login', {
          profileId: asha.id,
          password: `wrong-guess-${attempt}`,
        }),
      );
    }
    expect(codes).toEqual([
      'WRONG_PASSWORD',
      'WRONG_PASSWORD',
      'WRONG_PASSWORD',
      'WRONG_PASSWORD',
      'THROTTLED',
    ]);
    await premia.close();

    const restarted = await open();
    const refused = await call(restarted, 'session.login', {
      profileId: asha.id,
      password: STRONG,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED', retryAfterSeconds: 30 },
    });
    clock.advance(31_000);
    expect(
      await errorCode(restarted, 'session.login', {
        profileId: asha.id,
        password: 'wrong-guess-6',
      }),
    ).toBe('THROTTLED');
    const longer = await call(restarted, 'session.login', { profileId: asha.id, password: STRONG });
    expect(longer).toMatchObject({ ok: false, error: { retryAfterSeconds: 60 } });
    clock.advance(61_000);
    await value(restarted, 'session.login', { profileId: asha.id, password: STRONG });
    expect(restarted.registry.findProfile(asha.id)?.throttle).toEqual({
      consecutiveFailures: 0,
      throttledUntil: null,
    });
    const failures = (await auditTrail(restarted, asha.id)).filter(
      (entry) => entry.action === 'login' && entry.outcome === 'failure',
    );
    expect(failures).toHaveLength(8);
    expect(JSON.stringify(failures)).not.toContain('wrong-guess');
  });

  it('runs parallel guesses one at a time, so the counter sees each of them', async () => {
    const { premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, attempt) =>
        errorCode(premia, 'session.login', { profileId: asha.id, password: `parallel-${attempt}` }),
      ),
    );
    expect(codes.filter((code) => code === 'WRONG_PASSWORD')).toHaveLength(4);
    expect(codes.filter((code) => code === 'THROTTLED')).toHaveLength(4);
  });
});

describe('lock and auto-lock', () => {
  it('locks after the idle limit with the injected clock; activity resets the timer; unlock restores', async () => {
    const { clock, premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    const events: LockEvent[] = [];
    premia.vault.onLock((event) => events.push(event));
    clock.advance(14 * 60_000);
    expect(premia.vault.sessions.tick()).toEqual([]);
    await value(premia, 'credentials.get');
    clock.advance(14 * 60_000);
    premia.vault.sessions.tick();
    expect((await value<SessionStatus>(premia, 'session.status')).locked).toBe(false);
    clock.advance(60_000);
    expect(premia.vault.sessions.tick()).toEqual([asha.id]);
    expect(events).toEqual([{ profileId: asha.id, reason: 'idle', at: clock.now() }]);
    expect(await value<SessionStatus>(premia, 'session.status')).toMatchObject({
      profile: { id: asha.id },
      locked: true,
    });
    expect(await errorCode(premia, 'credentials.get')).toBe('LOCKED');
    expect(await errorCode(premia, 'audit.list')).toBe('LOCKED');
    expect(() => premia.vault.requireUnlocked(asha.id)).toThrow(/locked/);
    expect(await errorCode(premia, 'session.unlock', { password: STRONG_B })).toBe(
      'WRONG_PASSWORD',
    );
    await value(premia, 'session.unlock', { password: STRONG });
    await value(premia, 'session.setAutoLock', { minutes: 1 });
    clock.advance(60_000);
    premia.vault.sessions.tick();
    expect((await value<SessionStatus>(premia, 'session.status')).locked).toBe(true);
    const actions = (await auditTrail(premia, asha.id)).map(
      (entry) => `${entry.action}:${entry.outcome}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'lock:success',
        'unlock:failure',
        'unlock:success',
        'auto-lock-changed:success',
      ]),
    );
  });

  it('does not count background use of the key (a running scan) as activity, and locking keeps the scan going', async () => {
    const { clock, premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', { apiKey: SECRETS.apiKey });
    const forScan = await premia.vault.brokerCredentials(asha.id);
    clock.advance(10 * 60_000);
    expect(await premia.vault.brokerCredentials(asha.id)).toEqual(forScan);
    clock.advance(5 * 60_000);
    expect(premia.vault.sessions.tick()).toEqual([asha.id]);
    // What the scan already holds stays usable; new requests need an unlock.
    expect(forScan).toMatchObject({ apiKey: SECRETS.apiKey });
    await expect(premia.vault.brokerCredentials(asha.id)).rejects.toMatchObject({ code: 'LOCKED' });
    expect(premia.vault.quotas(asha.id).maxParallelScans).toBe(2);
  });

  it('locks by hand and signs out; calls then say LOCKED or NOT_LOGGED_IN', async () => {
    const { premia } = await setup();
    await createAndLogin(premia, 'Asha', STRONG);
    expect(await value<SessionStatus>(premia, 'session.lock')).toMatchObject({ locked: true });
    expect(await errorCode(premia, 'credentials.set', { apiKey: SECRETS.apiKey })).toBe('LOCKED');
    expect(await value<SessionStatus>(premia, 'session.logout')).toMatchObject({
      profile: null,
      locked: false,
    });
    expect(await errorCode(premia, 'credentials.get')).toBe('NOT_LOGGED_IN');
    expect(await errorCode(premia, 'session.unlock', { password: STRONG })).toBe('NOT_LOGGED_IN');
  });
});
