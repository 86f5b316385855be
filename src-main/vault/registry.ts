import Conf from 'conf';
import { z } from 'zod';
import {
  ProfileIdSchema,
  ProfileRoleSchema,
  type ProfileSummary,
} from '../../src-preload/contract';

/**
 * The app registry: one JSON file in the data directory (electron-store's format; under Node its
 * underlying store, conf). It holds the list of profiles and app-wide state, never a secret in
 * plaintext.
 */
export const RegisteredProfileSchema = z.object({
  id: ProfileIdSchema,
  name: z.string(),
  role: ProfileRoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type RegisteredProfile = z.infer<typeof RegisteredProfileSchema>;

/** The part of electron-store / conf that the registry needs; the shell may pass electron-store. */
export interface RegistryStore {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function createConfStore(dataDir: string): RegistryStore {
  return new Conf<Record<string, unknown>>({
    cwd: dataDir,
    configName: 'registry',
    projectName: 'Premia',
    projectSuffix: '',
  });
}

export class Registry {
  constructor(private readonly store: RegistryStore) {}

  get path(): string {
    return this.store.path;
  }

  listProfiles(): ProfileSummary[] {
    const raw = this.store.get('profiles') ?? [];
    const parsed = z.array(RegisteredProfileSchema).safeParse(raw);
    if (!parsed.success) {
      throw new Error(`The profile list in ${this.store.path} is damaged: ${parsed.error.message}`);
    }
    return parsed.data.map(({ id, name, role, createdAt, lastUsedAt }) => ({
      id,
      name,
      role,
      createdAt,
      lastUsedAt,
    }));
  }
}
