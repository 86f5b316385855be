import type { AuditAction, ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import { UserFacingError } from '../domain/errors';
import type { AuditLog } from './audit';
import {
  dataKeyAad,
  DEFAULT_KDF_COST,
  deriveKek,
  kekCheck,
  kekCheckMatches,
  newKdfParams,
  open,
  seal,
  SealError,
  UnknownKdfError,
  type KdfCost,
  type KdfParams,
} from './crypto';
import { KeyedQueue } from './keyed-queue';
import type { RegisteredProfile, Registry } from './registry';
import { afterFailure, FREE_ATTEMPTS, NOT_THROTTLED, secondsUntilAllowed } from './throttle';

/** A data key wrapped under a password: what the registry keeps instead of the password. */
export interface WrappedKey {
  readonly kdf: KdfParams;
  readonly wrappedDataKey: string;
  readonly kekCheck: string;
}

function waitSentence(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Every password check of a profile passes here: throttle first (a throttled attempt costs no
 * scrypt), then the KDF, then the unwrap. The throttle holds across processes (see admit); within
 * one process checks of a profile also run one at a time.
 */
export class PasswordGate {
  private readonly queue = new KeyedQueue<ProfileId>();

  constructor(
    private readonly registry: Registry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly kdfCost: KdfCost = DEFAULT_KDF_COST,
  ) {}

  async wrap(profileId: ProfileId, password: string, dataKey: Buffer): Promise<WrappedKey> {
    const kdf = newKdfParams(this.kdfCost);
    const kek = await deriveKek(password, kdf);
    try {
      return {
        kdf,
        wrappedDataKey: seal(kek, dataKey, dataKeyAad(profileId)),
        kekCheck: kekCheck(kek),
      };
    } finally {
      kek.fill(0);
    }
  }

  /** The profile's data key if the password is right; the caller must zero it when done. */
  unwrap(profileId: ProfileId, password: string, action: AuditAction): Promise<Buffer> {
    return this.queue.run(profileId, () => this.check(profileId, password, action));
  }

  /**
   * Admits a guess or refuses it, in one step under the registry's cross-process lock: a guess
   * is counted as a failure before its scrypt runs (and forgiven if the password is right), so
   * ten processes guessing at once cannot all slip under the limit while each one derives.
   */
  private admit(profileId: ProfileId): { profile: RegisteredProfile; wait: number } {
    const now = this.clock.now();
    let wait = 0;
    const profile = this.registry.updateProfile(profileId, (current) => {
      wait = secondsUntilAllowed(current.throttle, now);
      return wait > 0 ? current : { ...current, throttle: afterFailure(current.throttle, now) };
    });
    return { profile, wait };
  }

  private async check(
    profileId: ProfileId,
    password: string,
    action: AuditAction,
  ): Promise<Buffer> {
    const { profile, wait } = this.admit(profileId);
    if (wait > 0) {
      await this.audit.record(profileId, {
        action,
        outcome: 'failure',
        detail: `Refused without checking the password: too many failed attempts, ${waitSentence(wait)} to wait.`,
      });
      throw new UserFacingError(
        'THROTTLED',
        `Too many wrong passwords for "${profile.name}". Try again in ${waitSentence(wait)}.`,
        { retryAfterSeconds: wait },
      );
    }
    const kek = await this.derive(password, profile);
    try {
      const dataKey = open(kek, profile.wrappedDataKey, dataKeyAad(profileId));
      this.forgive(profileId);
      return dataKey;
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      if (error.reason === 'malformed' || kekCheckMatches(kek, profile.kekCheck)) {
        if (kekCheckMatches(kek, profile.kekCheck)) this.forgive(profileId);
        throw new UserFacingError(
          'STORAGE_CORRUPT',
          `The key of profile "${profile.name}" in the registry is damaged or was altered, so it cannot be unlocked. Restore the registry from a backup.`,
        );
      }
      throw await this.wrongPassword(profileId, profile, action);
    } finally {
      kek.fill(0);
    }
  }

  private async derive(password: string, profile: RegisteredProfile): Promise<Buffer> {
    try {
      return await deriveKek(password, profile.kdf);
    } catch (error) {
      if (!(error instanceof UnknownKdfError)) throw error;
      throw new UserFacingError(
        'STORAGE_CORRUPT',
        `The key settings of profile "${profile.name}" in the registry are not ones Premia uses (${error.message.replace(/ is not.*/, '')}), so the password was not checked. The registry was altered: restore it from a backup.`,
      );
    }
  }

  /** The right password clears the count (including the failure this guess was charged). */
  private forgive(profileId: ProfileId): void {
    this.registry.updateProfile(profileId, (current) => ({ ...current, throttle: NOT_THROTTLED }));
  }

  /** The failure is already counted (by admit); this records it and words the answer. */
  private async wrongPassword(
    profileId: ProfileId,
    counted: RegisteredProfile,
    action: AuditAction,
  ): Promise<UserFacingError> {
    const now = this.clock.now();
    const failures = counted.throttle.consecutiveFailures;
    await this.audit.record(profileId, {
      action,
      outcome: 'failure',
      detail: `Wrong password (${failures} in a row).`,
    });
    const wait = secondsUntilAllowed(counted.throttle, now);
    if (wait > 0) {
      return new UserFacingError(
        'THROTTLED',
        `Wrong password. After ${failures} failed attempts, "${counted.name}" waits ${waitSentence(wait)} before the next try.`,
        { retryAfterSeconds: wait },
      );
    }
    const left = FREE_ATTEMPTS - failures;
    return new UserFacingError(
      'WRONG_PASSWORD',
      `That password is not right for "${counted.name}".${left <= 2 ? ` ${left} more ${left === 1 ? 'try' : 'tries'} before a waiting time.` : ''}`,
    );
  }
}
