import type { ProfileId, SessionStatus } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import type { Vault } from './vault';

/**
 * The app window's one active profile. Every renderer call acts on it, so no contract call can
 * name another profile's id to read its data or secrets. Locking keeps the profile active (the
 * window shows its lock screen); signing out clears it.
 */
export class WindowSession {
  private activeId: ProfileId | null = null;

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

  async login(profileId: ProfileId, password: string): Promise<void> {
    await this.vault.profiles.login(profileId, password);
    const previous = this.current();
    this.activeId = profileId;
    if (previous !== null && previous !== profileId) await this.vault.profiles.logout(previous);
  }

  async unlock(password: string): Promise<void> {
    await this.vault.profiles.login(this.requireSignedIn(), password);
  }

  async lock(): Promise<void> {
    await this.vault.profiles.lock(this.requireSignedIn());
  }

  async logout(): Promise<void> {
    const id = this.current();
    this.activeId = null;
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
