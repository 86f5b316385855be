import { describe, expect, it } from 'vitest';
import {
  maskSecret,
  normalizeApiRoot,
  tokenExpiryFor,
  tokenStatusOf,
  EMPTY_CREDENTIALS,
} from '../../src-main/vault/broker-credentials';
import { checkNewPassword, cleanProfileName, profileNameKey } from '../../src-preload/contract';
import {
  afterFailure,
  delayAfterFailures,
  NOT_THROTTLED,
  secondsUntilAllowed,
} from '../../src-main/vault/throttle';

describe('profile names', () => {
  it('trims, composes and accepts unicode names up to 40 characters', () => {
    expect(cleanProfileName('  Asha  ')).toEqual({ ok: true, value: 'Asha' });
    expect(cleanProfileName('Zoe\u0301')).toEqual({ ok: true, value: 'Zoé' });
    expect(cleanProfileName('अनुराग 📈')).toEqual({ ok: true, value: 'अनुराग 📈' });
    expect(cleanProfileName('😀'.repeat(40)).ok).toBe(true);
  });

  it('refuses empty, oversized and control-character names with a sentence', () => {
    expect(cleanProfileName('   ')).toEqual({ ok: false, reason: 'A profile needs a name.' });
    expect(cleanProfileName('x'.repeat(41))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('40'),
    });
    expect(cleanProfileName('tab\there')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('control'),
    });
    expect(cleanProfileName('evil\u202Eeman').ok).toBe(false);
  });

  it('compares names without case or composition differences', () => {
    expect(profileNameKey(' ZOE\u0301 ')).toBe(profileNameKey('zoé'));
    expect(profileNameKey('Ravi')).not.toBe(profileNameKey('Ravi K'));
  });
});

describe('new passwords', () => {
  it('accepts a reasonable passphrase', () => {
    expect(checkNewPassword('strike-price-ladder', 'Asha').ok).toBe(true);
  });

  it.each([
    ['short', 'at least 8'],
    ['aaaaaaaaaaaa', 'repeats one character'],
    ['Password123', 'first an attacker'],
    ['12345678', 'first an attacker'],
    ['hgfedcba', 'first an attacker'],
    ['asha-is-great', 'profile name'],
  ])('refuses %s', (password, reason) => {
    const outcome = checkNewPassword(password, 'Asha');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toContain(reason);
  });
});

describe('throttling', () => {
  it('lets five mistakes pass, then doubles the wait up to an hour', () => {
    expect([1, 2, 3, 4].map(delayAfterFailures)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(delayAfterFailures)).toEqual([30, 60, 120, 240]);
    expect(delayAfterFailures(40)).toBe(3600);
  });

  it('counts failures and says how long to wait', () => {
    const now = new Date('2026-01-05T10:00:00Z');
    let state = NOT_THROTTLED;
    for (let i = 0; i < 5; i += 1) state = afterFailure(state, now);
    expect(state.consecutiveFailures).toBe(5);
    expect(secondsUntilAllowed(state, now)).toBe(30);
    expect(secondsUntilAllowed(state, new Date(now.getTime() + 29_500))).toBe(1);
    expect(secondsUntilAllowed(state, new Date(now.getTime() + 30_000))).toBe(0);
  });
});

describe('Kite access token', () => {
  it('expires at the next 06:00 IST (00:30 UTC)', () => {
    // 14:00 IST on 5 Jan → 06:00 IST on 6 Jan.
    expect(tokenExpiryFor(new Date('2026-01-05T08:30:00Z')).toISOString()).toBe(
      '2026-01-06T00:30:00.000Z',
    );
    // 23:59 IST on 5 Jan → still 06:00 IST on 6 Jan.
    expect(tokenExpiryFor(new Date('2026-01-05T18:29:00Z')).toISOString()).toBe(
      '2026-01-06T00:30:00.000Z',
    );
    // 02:00 IST on 6 Jan: Kite's 06:00 flush comes that same morning.
    expect(tokenExpiryFor(new Date('2026-01-05T20:30:00Z')).toISOString()).toBe(
      '2026-01-06T00:30:00.000Z',
    );
    // Exactly 06:00 IST → the following day.
    expect(tokenExpiryFor(new Date('2026-01-06T00:30:00Z')).toISOString()).toBe(
      '2026-01-07T00:30:00.000Z',
    );
  });

  it('reports missing, valid until, expired, and expired early when Kite refused it', () => {
    const stored = {
      ...EMPTY_CREDENTIALS,
      accessToken: 'tok123456',
      tokenSetAt: '2026-01-05T08:30:00.000Z',
      tokenExpiresAt: '2026-01-06T00:30:00.000Z',
    };
    expect(tokenStatusOf(EMPTY_CREDENTIALS, null, new Date())).toEqual({ status: 'missing' });
    expect(tokenStatusOf(stored, null, new Date('2026-01-05T12:00:00Z'))).toEqual({
      status: 'valid',
      setAt: stored.tokenSetAt,
      expiresAt: stored.tokenExpiresAt,
    });
    expect(tokenStatusOf(stored, null, new Date('2026-01-06T00:30:00Z'))).toMatchObject({
      status: 'expired',
    });
    expect(
      tokenStatusOf(stored, '2026-01-05T09:00:00.000Z', new Date('2026-01-05T12:00:00Z')),
    ).toEqual({
      status: 'expired',
      setAt: stored.tokenSetAt,
      expiredAt: '2026-01-05T09:00:00.000Z',
    });
  });

  it('masks all but the last four characters', () => {
    expect(maskSecret('abcdefgh1234')).toBe('••••1234');
    expect(maskSecret('abc')).toBe('••••');
    expect(maskSecret(null)).toBeNull();
  });
});

describe('Kite API root', () => {
  it("accepts Kite's own root and loopback servers only", () => {
    expect(normalizeApiRoot('https://api.kite.trade/')).toBe('https://api.kite.trade');
    expect(normalizeApiRoot('http://127.0.0.1:8123')).toBe('http://127.0.0.1:8123');
    expect(normalizeApiRoot('https://localhost:8443/kite/')).toBe('https://localhost:8443/kite');
    expect(normalizeApiRoot('http://[::1]:9000')).toBe('http://[::1]:9000');
    for (const elsewhere of [
      'https://proxy.example/kite/',
      'http://proxy.example',
      'https://api.kite.trade/other',
      'https://api.kite.trade.example',
      'http://api.kite.trade',
    ]) {
      expect(() => normalizeApiRoot(elsewhere)).toThrow(/must be https:\/\/api\.kite\.trade/);
    }
    expect(() => normalizeApiRoot('not a url')).toThrow(/not a web address/);
    expect(() => normalizeApiRoot('https://user:pw@api.kite.trade')).toThrow(/login/);
  });
});
