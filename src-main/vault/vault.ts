import type { AuditEntry, ProfileId, Quotas } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import type { AuditLog, AuditQuery } from './audit';
import type { BrokerCredentials } from './broker-credentials';
import { CredentialLocker, type KeychainState } from './credential-locker';
import { CredentialsService } from './credentials-service';
import type { KdfCost } from './crypto';
import type { Keychain } from './keychain';
import { PasswordGate } from './password-gate';
import { ProfileService } from './profile-service';
import type { Registry } from './registry';
import { neverLosingAudit, type SecurityLog } from './security-log';
import { SessionManager, type LockEvent } from './session-manager';

export interface VaultOptions {
  readonly registry: Registry;
  readonly keychain: Keychain;
  readonly audit: AuditLog;
  /** Where security events go when the profile's audit log cannot take them (see security-log). */
  readonly securityLog: SecurityLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deleteWorkspace: (profileId: ProfileId) => Promise<void>;
  /** scrypt cost for new passwords; the default is OWASP's N=2^17, r=8, p=1. */
  readonly kdfCost?: KdfCost;
  /** How often idle sessions are checked on a real timer; 0 leaves it to explicit tick() calls. */
  readonly idleCheckIntervalMs?: number;
}

/**
 * The vault as the rest of main sees it. Scans and the Kite client call requireUnlocked,
 * brokerCredentials, markTokenExpired and quotas; the IPC handlers and the CLI also use the
 * profiles and credentials services. Secrets never leave this object except through
 * brokerCredentials(), for the Kite client in main.
 */
export class Vault {
  readonly sessions: SessionManager;
  readonly profiles: ProfileService;
  readonly credentials: CredentialsService;
  readonly audit: AuditLog;
  private readonly locker: CredentialLocker;
  private readonly stopIdleTimer: () => void;

  constructor(private readonly options: VaultOptions) {
    const { registry, clock, logger } = options;
    this.audit = neverLosingAudit(options.audit, options.securityLog, clock, logger);
    this.sessions = new SessionManager(clock, logger);
    this.locker = new CredentialLocker(options.keychain, registry, clock, logger);
    const gate = new PasswordGate(registry, this.audit, clock, options.kdfCost);
    this.profiles = new ProfileService({
      registry,
      gate,
      locker: this.locker,
      sessions: this.sessions,
      audit: this.audit,
      clock,
      logger,
      deleteWorkspace: options.deleteWorkspace,
      // The credentials service is built just below; rotation happens long after construction.
      rotateSecrets: (profileId, oldKey, newKey, commit) =>
        this.credentials.rotate(profileId, oldKey, newKey, commit),
    });
    this.credentials = new CredentialsService({
      registry,
      locker: this.locker,
      gate,
      sessions: this.sessions,
      audit: this.audit,
      clock,
    });
    this.sessions.onLock((event) => {
      if (event.reason === 'idle') void this.recordIdleLock(event);
    });
    const interval = options.idleCheckIntervalMs ?? 15_000;
    this.stopIdleTimer = interval > 0 ? this.sessions.startIdleTimer(interval) : () => undefined;
  }

  private async recordIdleLock(event: LockEvent): Promise<void> {
    const minutes = this.sessions.autoLockMinutes(event.profileId) ?? 0;
    await this.audit.record(event.profileId, {
      action: 'lock',
      outcome: 'success',
      detail: `Locked after ${minutes} idle minutes.`,
    });
  }

  /** Throws NOT_LOGGED_IN or LOCKED unless the profile is signed in and unlocked. */
  requireUnlocked(profileId: ProfileId): void {
    this.profiles.requireUnlocked(profileId);
  }

  /** Plaintext Kite credentials, or null (use the simulator). Main process only; needs unlocked. */
  brokerCredentials(profileId: ProfileId): Promise<BrokerCredentials | null> {
    return this.credentials.brokerCredentials(profileId);
  }

  /** Kite answered with a token error: the token shows as expired until a new one is set. */
  markTokenExpired(profileId: ProfileId): Promise<void> {
    return this.credentials.markTokenExpired(profileId);
  }

  quotas(profileId: ProfileId): Quotas {
    return this.profiles.quotas(profileId);
  }

  /** Listen for locks (manual or idle); locks never cancel running scans by themselves. */
  onLock(listener: (event: LockEvent) => void): () => void {
    return this.sessions.onLock(listener);
  }

  /** The profile's own audit log; only while it is unlocked. */
  async auditEntries(profileId: ProfileId, query: AuditQuery): Promise<AuditEntry[]> {
    this.requireUnlocked(profileId);
    return this.audit.list(profileId, query);
  }

  /** Where secrets of this profile are, or would go: the OS keychain or the registry fallback. */
  async keychainState(profileId?: ProfileId): Promise<KeychainState> {
    const state = await this.locker.keychainState();
    const profile =
      profileId === undefined ? undefined : this.options.registry.findProfile(profileId);
    if (profile?.credentialsIn === 'registry-fallback' && state.mode === 'os') {
      return {
        mode: 'registry-fallback',
        detail:
          "This profile's credentials are sealed in the registry because the OS keychain was unavailable when they were saved; they move to the keychain at the next sign-in.",
      };
    }
    return state;
  }

  close(): void {
    this.stopIdleTimer();
    this.sessions.closeAll();
  }
}
