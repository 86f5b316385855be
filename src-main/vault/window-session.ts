import type { ProfileId, SessionStatus } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import type { Vault } from './vault';

/**
 * The app window's one active profile. Every renderer call acts on it, so no contract call can
 * name another profile's id to read its data or secrets. Locking keeps the profile active (the
 * window shows its lock screen); signing out clears it.
 */
/** Channels a window may call while the session belongs to another window (to sign in itself). */
const OPEN_TO_ANY_WINDOW = new Set([
  'premia:app.version',
  'premia:app.health',
  'premia:profiles.list',
  'premia:session.status',
  'premia:session.login',
]);

export class WindowSession {
  private activeId: ProfileId | null = null;
  /** The window the session was opened in; other windows' calls are refused. */
  private boundWindow: number | null = null;
  private readonly openWindows = new Set<number>();

  constructor(private readonly vault: Vault) {}

  /** The active profile, or null if none (or if it was deleted behind the window's back). */
  current(): ProfileId | null {
    const id = this.activeId;
    if (id === null) return null;
    if (
      this.vault.profiles.list().every((profile) => profile.id !== id) ||
      !this.vault.sessions.isSignedIn(id)
    ) {
      this.activeId = null;
      return null;
    }
    return id;
  }

  requireSignedIn(): ProfileId {
    const id = this.current();
    if (id === null) throw new UserFacingError('NOT_LOGGED_IN', 'Sign in to a profile first.');
    return id;
  }

  /** The active, unlocked profile; every renderer call through here is activity for auto-lock. */
  requireUnlocked(): ProfileId {
    const id = this.requireSignedIn();
    this.vault.requireUnlocked(id);
    this.vault.sessions.touch(id);
    return id;
  }

  /**
   * The router's gate: once a profile is open in one window, no other window acts on it (a second
   * window, e.g. one opened by a bug or an extension, cannot ride on the first one's session).
   * Without window ids (the CLI, the browser harness) there is one caller and nothing to check.
   */
  admitWindow(channel: string, windowId: number | undefined): void {
    if (windowId === undefined || this.boundWindow === null || windowId === this.boundWindow)
      return;
    if (OPEN_TO_ANY_WINDOW.has(channel)) return;
    throw new UserFacingError(
      'NOT_ALLOWED',
      'This profile is open in another Premia window. Use that window, or sign in here.',
    );
  }

  windowOpened(windowId: number): void {
    this.openWindows.add(windowId);
  }

  /**
   * Closing the window the session was opened in, or the last window, locks the profile (on
   * macOS the app keeps running without a window; elsewhere it quits and signs out anyway).
   */
  async windowClosed(windowId: number): Promise<void> {
    this.openWindows.delete(windowId);
    if (this.boundWindow !== windowId && this.openWindows.size > 0) return;
    this.boundWindow = null;
    const id = this.current();
    if (id !== null && this.vault.sessions.isUnlocked(id)) await this.vault.profiles.lock(id);
  }

  async login(profileId: ProfileId, password: string, windowId?: number): Promise<void> {
    await this.vault.profiles.login(profileId, password);
    const previous = this.current();
    this.activeId = profileId;
    this.boundWindow = windowId ?? null;
    if (previous !== null && previous !== profileId) await this.vault.profiles.logout(previous);
  }

  /** A window that unlocks a session no window holds (its window was closed) takes it. */
  async unlock(password: string, windowId?: number): Promise<void> {
    await this.vault.profiles.login(this.requireSignedIn(), password);
    if (this.boundWindow === null) this.boundWindow = windowId ?? null;
  }

  async lock(): Promise<void> {
    await this.vault.profiles.lock(this.requireSignedIn());
  }

  async logout(): Promise<void> {
    const id = this.current();
    this.activeId = null;
    this.boundWindow = null;
    if (id !== null) await this.vault.profiles.logout(id);
  }

  async status(): Promise<SessionStatus> {
    const id = this.current();
    const keychain = await this.vault.keychainState(id ?? undefined);
    if (id === null) {
      return {
        profile: null,
        locked: false,
        keychainMode: keychain.mode,
        keychainDetail: keychain.detail,
        autoLockMinutes: null,
        quotas: null,
      };
    }
    return {
      profile: this.vault.profiles.summary(id),
      locked: !this.vault.sessions.isUnlocked(id),
      keychainMode: keychain.mode,
      keychainDetail: keychain.detail,
      autoLockMinutes: this.vault.sessions.autoLockMinutes(id),
      quotas: this.vault.quotas(id),
    };
  }
}
