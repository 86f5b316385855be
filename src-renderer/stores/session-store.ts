import { create } from 'zustand';
import type { PremiaError, ProfileId, Result, SessionStatus } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { navigation } from './ui-stores';

/** Why the window went to the lock screen without the trader asking. */
export interface LockNotice {
  readonly reason: 'idle' | 'elsewhere';
  readonly message: string;
}

export interface SessionState {
  readonly status: SessionStatus | null;
  readonly busy: boolean;
  /** The last sign-in or unlock error, shown on the login screen. */
  readonly error: PremiaError | null;
  /** Epoch ms before which another password attempt is refused (from retryAfterSeconds). */
  readonly retryAt: number | null;
  readonly lockNotice: LockNotice | null;
  refresh(): Promise<void>;
  /** At start-up: a window reloaded while its profile stays signed in goes back to it. */
  restore(): Promise<void>;
  /** Signs in, or unlocks when this profile is the window's locked profile. */
  signIn(profileId: ProfileId, password: string): Promise<boolean>;
  lock(): Promise<void>;
  logout(): Promise<void>;
  setAutoLock(minutes: number): Promise<Result<SessionStatus>>;
  changePassword(
    currentPassword: string,
    newPassword: string,
    rotateDataKey: boolean,
  ): Promise<Result<unknown>>;
  clearError(): void;
}

function isUnlocked(status: SessionStatus | null): boolean {
  return status?.profile != null && !status.locked;
}

/**
 * The window's profile session. Navigation follows it: signing in opens the profile's last
 * screen, locking (by hand, by idling, or because a call found the vault locked) shows its login.
 */
export const useSessionStore = create<SessionState>()((set, get) => {
  function applyStatus(next: SessionStatus, notice: LockNotice | null = null): void {
    set({ status: next, ...(notice === null ? {} : { lockNotice: notice }) });
    if (navigation().view.kind !== 'session' || isUnlocked(next)) return;
    if (next.profile === null) navigation().showPicker();
    else navigation().leaveSession();
  }

  function refused(error: PremiaError): void {
    const retryAt =
      error.code === 'THROTTLED' && error.retryAfterSeconds !== undefined
        ? Date.now() + error.retryAfterSeconds * 1000
        : null;
    set({ busy: false, error, retryAt });
  }

  return {
    status: null,
    busy: false,
    error: null,
    retryAt: null,
    lockNotice: null,

    async refresh() {
      const result = await premiaApi().session.status();
      if (!result.ok) return;
      const wasUnlocked = isUnlocked(get().status);
      const minutes = result.value.autoLockMinutes;
      const idle =
        wasUnlocked &&
        result.value.locked &&
        result.value.profile?.id === get().status?.profile?.id;
      applyStatus(
        result.value,
        idle
          ? {
              reason: 'idle',
              message:
                minutes === null
                  ? 'Premia locked this profile.'
                  : `Premia locked this profile after ${minutes} minutes without activity.`,
            }
          : null,
      );
    },

    async restore() {
      const result = await premiaApi().session.status();
      if (!result.ok) return;
      set({ status: result.value });
      const profile = result.value.profile;
      if (profile === null) return;
      if (result.value.locked) navigation().showLogin(profile.id);
      else navigation().enterSession(profile.id);
    },

    async signIn(profileId, password) {
      set({ busy: true, error: null });
      const current = get().status;
      const api = premiaApi();
      const result =
        current?.profile?.id === profileId && current.locked
          ? await api.session.unlock({ password })
          : await api.session.login({ profileId, password });
      if (!result.ok) {
        refused(result.error);
        return false;
      }
      set({ busy: false, error: null, retryAt: null, lockNotice: null, status: result.value });
      navigation().enterSession(profileId);
      return true;
    },

    async lock() {
      const result = await premiaApi().session.lock();
      if (result.ok) applyStatus(result.value);
    },

    async logout() {
      const result = await premiaApi().session.logout();
      if (result.ok) {
        set({ status: result.value, lockNotice: null });
        navigation().showPicker();
      }
    },

    async setAutoLock(minutes) {
      const result = await premiaApi().session.setAutoLock({ minutes });
      if (result.ok) set({ status: result.value });
      return result;
    },

    changePassword: (currentPassword, newPassword, rotateDataKey) =>
      premiaApi().session.changePassword({ currentPassword, newPassword, rotateDataKey }),

    clearError: () => set({ error: null, retryAt: null }),
  };
});

/**
 * For the other stores: a call refused because the profile is locked or signed out sends the
 * window to the lock screen, exactly as the idle timer would.
 */
export function noticeSessionError(error: PremiaError): void {
  if (error.code === 'LOCKED' || error.code === 'NOT_LOGGED_IN') {
    void useSessionStore.getState().refresh();
  }
}

/**
 * Per-profile stores register their reset here: whatever the window showed of a profile is
 * dropped when it locks ('locked': the same profile comes back after unlock), signs out, or
 * another profile signs in ('closed').
 */
export function resetWhenProfileCloses(reset: (reason: 'locked' | 'closed') => void): void {
  useSessionStore.subscribe((state, previous) => {
    const before = previous.status;
    const after = state.status;
    if (!isUnlocked(before)) return;
    if (after?.profile?.id !== before?.profile?.id) reset('closed');
    else if (!isUnlocked(after)) reset('locked');
  });
}
