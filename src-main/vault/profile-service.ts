import { randomBytes } from 'node:crypto';
import type { ProfileId, ProfileRole, ProfileSummary, Quotas } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import type { AuditLog } from './audit';
import type { CredentialLocker } from './credential-locker';
import { newDataKey } from './crypto';
import type { PasswordGate } from './password-gate';
import { checkNewPassword, cleanProfileName, profileNameKey } from '../../src-preload/contract';
import {
  DEFAULT_AUTO_LOCK_MINUTES,
  DEFAULT_QUOTAS,
  toSummary,
  type RegisteredProfile,
  type Registry,
} from './registry';
import type { SessionManager } from './session-manager';
import { NOT_THROTTLED } from './throttle';

export interface ProfileServiceDeps {
  readonly registry: Registry;
  readonly gate: PasswordGate;
  readonly locker: CredentialLocker;
  readonly sessions: SessionManager;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Removes `<dataDir>/profiles/<id>` (closing its databases first); owned by storage. */
  readonly deleteWorkspace: (profileId: ProfileId) => Promise<void>;
  /** Re-seals the saved broker secrets under a new data key around `commit` (credentials service). */
  readonly rotateSecrets: (
    profileId: ProfileId,
    oldKey: Buffer,
    newKey: Buffer,
    commit: () => Promise<void>,
  ) => Promise<void>;
}

export interface NewProfile {
  readonly name: string;
  readonly password: string;
  readonly role?: ProfileRole;
}

/** How a deletion is authorised: the profile's own password, or its owner typing its name. */
export type DeletionAuthority =
  { readonly password: string } | { readonly ownerId: ProfileId; readonly confirmName: string };

function cleanName(raw: string): string {
  const cleaned = cleanProfileName(raw);
  if (!cleaned.ok) throw new UserFacingError('BAD_INPUT', cleaned.reason);
  return cleaned.value;
}

/** Profiles and their passwords: create, sign in, lock, change password, rename, quotas, delete. */
export class ProfileService {
  constructor(private readonly deps: ProfileServiceDeps) {}

  list(): ProfileSummary[] {
    return this.deps.registry.listProfiles();
  }

  summary(profileId: ProfileId): ProfileSummary {
    return toSummary(this.deps.registry.requireProfile(profileId));
  }

  findByName(name: string): ProfileSummary {
    const profile = this.deps.registry.findByName(name);
    if (profile === undefined)
      throw new UserFacingError('NOT_FOUND', `There is no profile named "${name.trim()}".`);
    return toSummary(profile);
  }

  private assertNameFree(name: string, except?: ProfileId): void {
    const existing = this.deps.registry.findByName(name);
    if (existing !== undefined && existing.id !== except) {
      throw new UserFacingError('CONFLICT', `A profile named "${existing.name}" already exists.`);
    }
  }

  /** The first profile on a machine is its owner. With signIn, the new profile is left unlocked. */
  async create(input: NewProfile, options: { signIn?: boolean } = {}): Promise<ProfileSummary> {
    const name = cleanName(input.name);
    this.assertNameFree(name);
    const strength = checkNewPassword(input.password, name);
    if (!strength.ok) throw new UserFacingError('BAD_INPUT', strength.reason);
    const owner = this.deps.registry.owner();
    if (owner !== undefined && input.role === 'owner') {
      throw new UserFacingError(
        'CONFLICT',
        `This workstation already has an owner ("${owner.name}").`,
      );
    }
    const id = randomBytes(8).toString('hex') as ProfileId;
    const dataKey = newDataKey();
    try {
      const wrapped = await this.deps.gate.wrap(id, input.password, dataKey);
      const profile: RegisteredProfile = {
        id,
        name,
        role: this.deps.registry.owner() === undefined ? 'owner' : 'member',
        createdAt: this.deps.clock.now().toISOString(),
        lastUsedAt: null,
        ...wrapped,
        settings: { autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES },
        quotas: DEFAULT_QUOTAS,
        throttle: NOT_THROTTLED,
        credentialsIn: 'none',
        tokenMarkedExpiredAt: null,
      };
      this.deps.registry.addProfile(profile);
      await this.deps.audit.record(id, {
        action: 'profile-created',
        outcome: 'success',
        detail: `Profile "${name}" created as ${profile.role}.`,
      });
      if (options.signIn === true) {
        this.openSession(profile, dataKey);
        await this.deps.audit.record(id, {
          action: 'login',
          outcome: 'success',
          detail: 'Signed in on creation.',
        });
      }
      return toSummary(profile);
    } finally {
      dataKey.fill(0);
    }
  }

  private openSession(profile: RegisteredProfile, dataKey: Buffer): void {
    const now = this.deps.clock.now().toISOString();
    const updated = this.deps.registry.updateProfile(profile.id, (current) => ({
      ...current,
      lastUsedAt: now,
    }));
    this.deps.registry.setLastUsedProfileId(profile.id);
    this.deps.sessions.open(profile.id, dataKey, updated.settings.autoLockMinutes);
  }

  /** Signs in, or unlocks a signed-in but locked profile; `via` names the door in the audit log. */
  async login(profileId: ProfileId, password: string, via = 'the app'): Promise<void> {
    const action = this.deps.sessions.isSignedIn(profileId) ? 'unlock' : 'login';
    const dataKey = await this.deps.gate.unwrap(profileId, password, action);
    try {
      this.openSession(this.deps.registry.requireProfile(profileId), dataKey);
      await this.deps.audit.record(profileId, {
        action,
        outcome: 'success',
        detail: `${action === 'login' ? 'Signed in' : 'Unlocked'} from ${via}.`,
      });
    } finally {
      dataKey.fill(0);
    }
    try {
      await this.deps.locker.moveFallbackToKeychain(profileId);
    } catch (error) {
      this.deps.logger.warn('vault.move-to-keychain-failed', { profileId, error: String(error) });
    }
  }

  async lock(profileId: ProfileId): Promise<boolean> {
    const locked = this.deps.sessions.lock(profileId, 'manual');
    // Idle locks are recorded by the onLock listener; a manual one here, awaited.
    if (locked)
      await this.deps.audit.record(profileId, {
        action: 'lock',
        outcome: 'success',
        detail: 'Locked by the user.',
      });
    return locked;
  }

  async logout(profileId: ProfileId): Promise<void> {
    if (this.deps.sessions.close(profileId)) {
      await this.deps.audit.record(profileId, {
        action: 'logout',
        outcome: 'success',
        detail: 'Signed out.',
      });
    }
  }

  requireUnlocked(profileId: ProfileId): void {
    this.deps.sessions.dataKey(profileId);
  }

  async setAutoLock(profileId: ProfileId, minutes: number): Promise<void> {
    this.requireUnlocked(profileId);
    this.deps.registry.updateProfile(profileId, (profile) => ({
      ...profile,
      settings: { ...profile.settings, autoLockMinutes: minutes },
    }));
    this.deps.sessions.setAutoLock(profileId, minutes);
    await this.deps.audit.record(profileId, {
      action: 'auto-lock-changed',
      outcome: 'success',
      detail: `Auto-lock after ${minutes} idle minutes.`,
    });
  }

  /**
   * Changes the password. By default the data key is rotated too: a new random key wraps under
   * the new password and the broker secrets are re-sealed with it, so an old copy of the registry
   * (or keychain) plus the old password no longer opens the current secrets. Without rotation the
   * same data key is only re-wrapped.
   */
  async changePassword(
    profileId: ProfileId,
    currentPassword: string,
    newPassword: string,
    options: { readonly rotateDataKey?: boolean } = {},
  ): Promise<void> {
    const rotate = options.rotateDataKey ?? true;
    const profile = this.deps.registry.requireProfile(profileId);
    const strength = checkNewPassword(newPassword, profile.name);
    if (!strength.ok) throw new UserFacingError('BAD_INPUT', strength.reason);
    if (newPassword.normalize('NFC') === currentPassword.normalize('NFC')) {
      throw new UserFacingError('BAD_INPUT', 'The new password is the same as the current one.');
    }
    const oldKey = await this.deps.gate.unwrap(profileId, currentPassword, 'password-changed');
    const newKey = rotate ? newDataKey() : Buffer.from(oldKey);
    try {
      const commit = async (): Promise<void> => {
        const wrapped = await this.deps.gate.wrap(profileId, newPassword, newKey);
        this.deps.registry.updateProfile(profileId, (current) => ({ ...current, ...wrapped }));
        this.deps.sessions.replaceKey(profileId, newKey);
      };
      if (rotate) await this.deps.rotateSecrets(profileId, oldKey, newKey, commit);
      else await commit();
    } finally {
      oldKey.fill(0);
      newKey.fill(0);
    }
    await this.deps.audit.record(profileId, {
      action: 'password-changed',
      outcome: 'success',
      detail: rotate
        ? 'Password changed; the data key was replaced and the saved secrets re-sealed with it.'
        : 'Password changed (same data key, re-wrapped).',
    });
  }

  async rename(profileId: ProfileId, rawName: string): Promise<ProfileSummary> {
    this.requireUnlocked(profileId);
    const name = cleanName(rawName);
    this.assertNameFree(name, profileId);
    const before = this.deps.registry.requireProfile(profileId).name;
    const updated = this.deps.registry.updateProfile(profileId, (profile) => ({
      ...profile,
      name,
    }));
    await this.deps.audit.record(profileId, {
      action: 'profile-renamed',
      outcome: 'success',
      detail: `Renamed from "${before}" to "${name}".`,
    });
    return toSummary(updated);
  }

  quotas(profileId: ProfileId): Quotas {
    return this.deps.registry.requireProfile(profileId).quotas;
  }

  private requireOwner(ownerId: ProfileId, what: string): RegisteredProfile {
    this.requireUnlocked(ownerId);
    const owner = this.deps.registry.requireProfile(ownerId);
    if (owner.role !== 'owner') {
      throw new UserFacingError('NOT_ALLOWED', `Only the workstation's owner can ${what}.`);
    }
    return owner;
  }

  async setQuotas(
    ownerId: ProfileId,
    profileId: ProfileId,
    changes: Partial<Quotas>,
  ): Promise<Quotas> {
    const owner = this.requireOwner(ownerId, 'set quotas');
    const updated = this.deps.registry.updateProfile(profileId, (profile) => ({
      ...profile,
      quotas: { ...profile.quotas, ...changes },
    }));
    const detail = `Quotas set by the owner "${owner.name}": ${updated.quotas.maxSymbolsPerScan} symbols per scan, ${updated.quotas.maxParallelScans} parallel scans, ${updated.quotas.workspaceBytes} bytes of workspace.`;
    await this.deps.audit.record(profileId, {
      action: 'quotas-changed',
      outcome: 'success',
      detail,
    });
    return updated.quotas;
  }

  /** Removes the profile's workspace, keychain entry and registry entry, in that order. */
  async delete(profileId: ProfileId, authority: DeletionAuthority): Promise<void> {
    const target = this.deps.registry.requireProfile(profileId);
    let by: string;
    if ('password' in authority) {
      const dataKey = await this.deps.gate.unwrap(profileId, authority.password, 'profile-deleted');
      dataKey.fill(0);
      by = 'with its own password';
    } else {
      const owner = this.requireOwner(authority.ownerId, 'delete another profile');
      if (owner.id === profileId) {
        throw new UserFacingError('BAD_INPUT', 'To delete your own profile, enter its password.');
      }
      if (profileNameKey(authority.confirmName) !== profileNameKey(target.name)) {
        throw new UserFacingError(
          'BAD_INPUT',
          `To confirm, type the profile's name exactly: "${target.name}".`,
        );
      }
      by = `by the owner "${owner.name}"`;
    }
    this.deps.sessions.close(profileId);
    await this.deps.deleteWorkspace(profileId);
    const { keychainEntryLeft } = await this.deps.locker.remove(profileId);
    this.deps.registry.removeProfile(profileId);
    this.deps.logger.info('vault.profile-deleted', { profileId, keychainEntryLeft });
    const heir = target.role === 'owner' ? await this.promoteOldest() : undefined;
    const owner = heir ?? this.deps.registry.owner();
    if (owner !== undefined) {
      await this.deps.audit.record(owner.id, {
        action: 'profile-deleted',
        outcome: 'success',
        detail: `Profile "${target.name}" was deleted ${by}.${keychainEntryLeft ? ' The OS keychain did not answer; an unreadable sealed entry is left there.' : ''}`,
      });
    }
  }

  /** Without an owner nobody could set quotas: the oldest remaining profile takes the role. */
  private async promoteOldest(): Promise<RegisteredProfile | undefined> {
    const oldest = [...this.deps.registry.profiles()].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    )[0];
    if (oldest === undefined) return undefined;
    const promoted = this.deps.registry.updateProfile(oldest.id, (profile) => ({
      ...profile,
      role: 'owner',
    }));
    await this.deps.audit.record(promoted.id, {
      action: 'role-changed',
      outcome: 'success',
      detail: 'Became the owner because the previous owner profile was deleted.',
    });
    return promoted;
  }
}
