import type { KeychainMode, ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import { KeychainUnavailableError, type Keychain } from './keychain';
import type { Registry } from './registry';

/**
 * Where a profile's sealed credential blob is kept: the OS keychain (service "Premia", account
 * `profile:<id>`) when it answers, else the registry's credentialsFallback map. Both hold the
 * same sealed blob; nothing here ever sees plaintext.
 */
export function keychainAccount(profileId: ProfileId): string {
  return `profile:${profileId}`;
}

export interface KeychainState {
  readonly mode: KeychainMode;
  readonly detail: string;
}

const PROBE_CACHE_MS = 30_000;

export class CredentialLocker {
  private probed: { state: KeychainState; atMs: number } | null = null;

  constructor(
    private readonly keychain: Keychain,
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Whether new secrets go to the OS keychain; probed at most every 30 s. */
  async keychainState(): Promise<KeychainState> {
    const nowMs = this.clock.now().getTime();
    if (this.probed !== null && nowMs - this.probed.atMs < PROBE_CACHE_MS) return this.probed.state;
    const probe = await this.keychain.probe();
    const state: KeychainState = probe.available
      ? { mode: 'os', detail: probe.detail }
      : {
          mode: 'registry-fallback',
          detail: `The OS keychain is not available (${probe.detail}). Kite credentials are sealed with your profile key and kept in the registry file instead; anyone who copies that file still needs your password to open them.`,
        };
    this.probed = { state, atMs: nowMs };
    return state;
  }

  private forgetProbe(): void {
    this.probed = null;
  }

  async load(profileId: ProfileId): Promise<string | null> {
    const profile = this.registry.requireProfile(profileId);
    if (profile.credentialsIn === 'none') return null;
    if (profile.credentialsIn === 'registry-fallback') {
      return this.registry.fallbackCredentials(profileId);
    }
    try {
      return await this.keychain.getSecret(keychainAccount(profileId));
    } catch (error) {
      this.forgetProbe();
      if (!(error instanceof KeychainUnavailableError)) throw error;
      throw new UserFacingError(
        'KEYCHAIN_UNAVAILABLE',
        `This profile's Kite credentials are in the OS keychain, which is not answering (${error.message}). Unlock the keychain and try again.`,
      );
    }
  }

  /** Saves to the keychain, or to the registry when the keychain fails; says where it went. */
  async save(profileId: ProfileId, sealed: string): Promise<KeychainMode> {
    try {
      await this.keychain.setSecret(keychainAccount(profileId), sealed);
      this.registry.updateProfile(profileId, (profile) => ({ ...profile, credentialsIn: 'os' }));
      this.registry.setFallbackCredentials(profileId, null);
      return 'os';
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      this.forgetProbe();
      this.logger.warn('vault.keychain-fallback', { profileId, reason: error.message });
      this.registry.setFallbackCredentials(profileId, sealed);
      this.registry.updateProfile(profileId, (profile) => ({
        ...profile,
        credentialsIn: 'registry-fallback',
      }));
      return 'registry-fallback';
    }
  }

  /**
   * Removes the blob from both places. A keychain that does not answer leaves an entry behind;
   * it is sealed with a data key that no longer exists (or will be replaced), so it is noise, not
   * a leak, and the caller says so.
   */
  async remove(profileId: ProfileId): Promise<{ keychainEntryLeft: boolean }> {
    const wasInKeychain = this.registry.findProfile(profileId)?.credentialsIn === 'os';
    this.registry.setFallbackCredentials(profileId, null);
    if (this.registry.findProfile(profileId) !== undefined) {
      this.registry.updateProfile(profileId, (profile) => ({ ...profile, credentialsIn: 'none' }));
    }
    try {
      await this.keychain.deleteSecret(keychainAccount(profileId));
      return { keychainEntryLeft: false };
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      this.forgetProbe();
      // Without a keychain there was nothing there to delete.
      if (!wasInKeychain) return { keychainEntryLeft: false };
      this.logger.warn('vault.keychain-delete-failed', { profileId, reason: error.message });
      return { keychainEntryLeft: true };
    }
  }

  /** Moves a blob kept in the registry (keychain was away) into the keychain once it answers. */
  async moveFallbackToKeychain(profileId: ProfileId): Promise<void> {
    const profile = this.registry.findProfile(profileId);
    const sealed = this.registry.fallbackCredentials(profileId);
    if (profile?.credentialsIn !== 'registry-fallback' || sealed === null) return;
    if ((await this.keychainState()).mode !== 'os') return;
    await this.save(profileId, sealed);
  }
}
