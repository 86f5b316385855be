import { z } from 'zod';
import {
  AutoLockMinutesSchema,
  ProfileIdSchema,
  ProfileRoleSchema,
  QuotasSchema,
  type ProfileId,
  type ProfileSummary,
} from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import { KdfParamsSchema } from './crypto';
import { FileLock } from './file-lock';
import { profileNameKey } from '../../src-preload/contract';
import { writeRegistryBackup } from './registry-file';

/**
 * The app registry: one JSON file in the data directory (electron-store's format; under Node a
 * JsonFileStore writes the same format). It holds the list of profiles and app-wide state, never a secret in
 * plaintext: data keys are wrapped, broker secrets sealed.
 */
export const RegisteredProfileSchema = z.object({
  id: ProfileIdSchema,
  name: z.string(),
  role: ProfileRoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  kdf: KdfParamsSchema,
  /** The profile's data key, AES-256-GCM under the password's KEK. */
  wrappedDataKey: z.string(),
  kekCheck: z.string(),
  settings: z.object({ autoLockMinutes: AutoLockMinutesSchema }),
  quotas: QuotasSchema,
  throttle: z.object({
    consecutiveFailures: z.number().int().min(0),
    throttledUntil: z.string().nullable(),
  }),
  /** Where the sealed broker secrets are (not a secret itself): lets a read tell "none" from "keychain asleep". */
  credentialsIn: z.enum(['none', 'os', 'registry-fallback']),
  /** Set when Kite refused the token (e.g. revoked early); cleared when a new token is set. */
  tokenMarkedExpiredAt: z.string().nullable(),
});
export type RegisteredProfile = z.infer<typeof RegisteredProfileSchema>;

const ProfileListSchema = z.array(RegisteredProfileSchema);
/** Sealed credential blobs (never plaintext) of profiles whose secrets could not go to the keychain. */
const FallbackSchema = z.record(z.string(), z.string());

/** The whole file; other keys (window state, ...) belong to other parts of the app. */
export const RegistryDocumentSchema = z.looseObject({
  profiles: ProfileListSchema.optional(),
  credentialsFallback: FallbackSchema.optional(),
  lastUsedProfileId: ProfileIdSchema.nullable().optional(),
});

export const DEFAULT_QUOTAS: z.infer<typeof QuotasSchema> = {
  maxSymbolsPerScan: 500,
  maxParallelScans: 2,
  workspaceBytes: 2 * 1024 ** 3,
};
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

/** The part of electron-store that the registry needs: the shell passes electron-store, Node a JsonFileStore. */
export interface RegistryStore {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function toSummary(profile: RegisteredProfile): ProfileSummary {
  const { id, name, role, createdAt, lastUsedAt } = profile;
  return { id, name, role, createdAt, lastUsedAt };
}

/**
 * Reads go to the file every time (both stores re-read it), so the CLI and the app see each other's
 * changes, and a throttle written by one is honoured by the other. Every read-change-write holds
 * a lock file shared by all Premia processes, so no process writes back a stale copy over
 * another's change (a failed-login count above all).
 */
export class Registry {
  private readonly lock: FileLock;

  constructor(private readonly store: RegistryStore) {
    this.lock = new FileLock(`${store.path}.lock`);
  }

  get path(): string {
    return this.store.path;
  }

  private read<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.store.get(key);
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new UserFacingError(
        'STORAGE_CORRUPT',
        `The profile registry ${this.store.path} is damaged (${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}). Restart Premia to recover it from its backup.`,
      );
    }
    return parsed.data;
  }

  private write(key: string, value: unknown): void {
    this.store.set(key, value);
    writeRegistryBackup(this.store.path);
  }

  profiles(): RegisteredProfile[] {
    return this.read('profiles', ProfileListSchema, []);
  }

  listProfiles(): ProfileSummary[] {
    return this.profiles().map(toSummary);
  }

  findProfile(id: ProfileId): RegisteredProfile | undefined {
    return this.profiles().find((profile) => profile.id === id);
  }

  requireProfile(id: ProfileId): RegisteredProfile {
    const profile = this.findProfile(id);
    if (profile === undefined) {
      throw new UserFacingError('NOT_FOUND', 'That profile does not exist (any more).');
    }
    return profile;
  }

  findByName(name: string): RegisteredProfile | undefined {
    const key = profileNameKey(name);
    return this.profiles().find((profile) => profileNameKey(profile.name) === key);
  }

  owner(): RegisteredProfile | undefined {
    return this.profiles().find((profile) => profile.role === 'owner');
  }

  addProfile(profile: RegisteredProfile): void {
    this.lock.run(() => {
      const profiles = this.profiles();
      const key = profileNameKey(profile.name);
      if (profiles.some((existing) => profileNameKey(existing.name) === key)) {
        throw new UserFacingError('CONFLICT', `A profile named "${profile.name}" already exists.`);
      }
      this.write('profiles', [...profiles, profile]);
    });
  }

  /**
   * Read, change and write in one synchronous step under the cross-process lock, so neither an
   * await here nor another process can interleave. A change that returns the profile itself
   * writes nothing.
   */
  updateProfile(
    id: ProfileId,
    change: (profile: RegisteredProfile) => RegisteredProfile,
  ): RegisteredProfile {
    return this.lock.run(() => {
      let updated: RegisteredProfile | undefined;
      let changed = false;
      const profiles = this.profiles().map((profile) => {
        if (profile.id !== id) return profile;
        const next = change(profile);
        changed = next !== profile;
        updated = changed ? RegisteredProfileSchema.parse(next) : profile;
        return updated;
      });
      if (updated === undefined) {
        throw new UserFacingError('NOT_FOUND', 'That profile does not exist (any more).');
      }
      if (changed) this.write('profiles', profiles);
      return updated;
    });
  }

  removeProfile(id: ProfileId): void {
    this.lock.run(() => {
      this.write(
        'profiles',
        this.profiles().filter((profile) => profile.id !== id),
      );
      this.setFallbackCredentials(id, null);
      if (this.lastUsedProfileId() === id) this.write('lastUsedProfileId', null);
    });
  }

  fallbackCredentials(id: ProfileId): string | null {
    return this.read('credentialsFallback', FallbackSchema, {})[id] ?? null;
  }

  hasFallbackCredentials(id: ProfileId): boolean {
    return this.fallbackCredentials(id) !== null;
  }

  setFallbackCredentials(id: ProfileId, sealed: string | null): void {
    this.lock.run(() => {
      const current = this.read('credentialsFallback', FallbackSchema, {});
      if (sealed === null && !(id in current)) return;
      const next = Object.fromEntries(Object.entries(current).filter(([key]) => key !== id));
      if (sealed !== null) next[id] = sealed;
      this.write('credentialsFallback', next);
    });
  }

  lastUsedProfileId(): ProfileId | null {
    return this.read('lastUsedProfileId', ProfileIdSchema.nullable(), null);
  }

  setLastUsedProfileId(id: ProfileId): void {
    this.lock.run(() => this.write('lastUsedProfileId', id));
  }
}
