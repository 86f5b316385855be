import { describe, expect, it } from 'vitest';
import type { SenderInfo } from '../../src-main/ipc/router';
import type { ProfileSummary, SessionStatus } from '../../src-preload/contract';
import { APP_SENDER, premiaScope, STRONG, value } from '../support/vault-fixtures';

const { setup } = premiaScope();

/** The app page in window `id`, as Electron's shell describes a sender. */
function inWindow(id: number): SenderInfo {
  return { ...APP_SENDER, windowId: id };
}

describe('attack: a second window rides on the session opened in the first', () => {
  it("refuses another window's calls on the profile; it may only sign in itself", async () => {
    const { premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    const login = await premia.router.dispatch('premia:session.login', inWindow(1), {
      profileId: asha.id,
      password: STRONG,
    });
    expect(login.ok).toBe(true);
    expect(
      (await premia.router.dispatch('premia:credentials.get', inWindow(1), undefined)).ok,
    ).toBe(true);

    for (const channel of ['credentials.get', 'audit.list', 'runs.list', 'session.lock']) {
      const other = await premia.router.dispatch(`premia:${channel}`, inWindow(2), undefined);
      expect({ channel, ok: other.ok }).toEqual({ channel, ok: false });
      if (!other.ok) expect(other.error.code).toBe('NOT_ALLOWED');
    }
    const status = await premia.router.dispatch('premia:session.status', inWindow(2), undefined);
    expect(status.ok).toBe(true);
    // Signing in with the password in window 2 moves the session there.
    await premia.router.dispatch('premia:session.login', inWindow(2), {
      profileId: asha.id,
      password: STRONG,
    });
    expect((await premia.router.dispatch('premia:audit.list', inWindow(2), undefined)).ok).toBe(
      true,
    );
    expect((await premia.router.dispatch('premia:audit.list', inWindow(1), undefined)).ok).toBe(
      false,
    );
  });
});

describe('closing windows', () => {
  it('locks the profile when its window closes, and when the last window closes', async () => {
    const { premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    premia.session.windowOpened(1);
    premia.session.windowOpened(2);
    await premia.router.dispatch('premia:session.login', inWindow(1), {
      profileId: asha.id,
      password: STRONG,
    });
    await premia.session.windowClosed(2);
    expect(premia.vault.sessions.isUnlocked(asha.id)).toBe(true);
    await premia.session.windowClosed(1);
    expect(premia.vault.sessions.isUnlocked(asha.id)).toBe(false);
    const locked = await value<SessionStatus>(premia, 'session.status');
    expect(locked).toMatchObject({ profile: { name: 'Asha' }, locked: true });

    // macOS: a new window after the last one closed shows the lock screen; unlocking works there.
    premia.session.windowOpened(3);
    await premia.router.dispatch('premia:session.unlock', inWindow(3), { password: STRONG });
    expect((await premia.router.dispatch('premia:audit.list', inWindow(4), undefined)).ok).toBe(
      false,
    );
    await premia.session.windowClosed(3);
    expect(premia.vault.sessions.isUnlocked(asha.id)).toBe(false);
  });
});
