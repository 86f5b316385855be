import { join } from 'node:path';
import type { HealthCheck } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import { JsonFileStore } from './json-file-store';
import { Registry, RegistryDocumentSchema, type RegistryStore } from './registry';
import { prepareRegistryFile, RegistryDamagedError, type RegistryFileState } from './registry-file';

export interface RegistrySource {
  readonly dataDir: string;
  /** electron-store (app) or nothing (a JsonFileStore in dataDir); a factory runs after the file check. */
  readonly store?: RegistryStore | (() => RegistryStore);
}

/**
 * Checks the registry file (restoring it from its backup if damaged, refusing if both are) and
 * only then opens the store on it, because the store itself would throw on a damaged file.
 */
/** The registry's file name in the data directory (electron-store's `name` in the shell). */
export const REGISTRY_FILE = 'registry.json';

export function openRegistry(
  source: RegistrySource,
  now: Date,
): { registry: Registry; state: RegistryFileState } {
  const path =
    typeof source.store === 'object' ? source.store.path : join(source.dataDir, REGISTRY_FILE);
  let state: RegistryFileState;
  try {
    state = prepareRegistryFile(path, RegistryDocumentSchema, now);
  } catch (error) {
    if (error instanceof RegistryDamagedError)
      throw new UserFacingError('STORAGE_CORRUPT', error.message);
    throw error;
  }
  const store =
    source.store === undefined
      ? new JsonFileStore(path)
      : typeof source.store === 'function'
        ? source.store()
        : source.store;
  return { registry: new Registry(store), state };
}

/** Health checks of the vault: a recovered registry, credentials kept outside the keychain. */
export function vaultChecks(registry: Registry, state: RegistryFileState): HealthCheck[] {
  const checks: HealthCheck[] = [];
  if (state.status === 'recovered') {
    checks.push({ name: 'registry-recovered', ok: false, detail: state.detail });
  }
  const inRegistry = registry
    .profiles()
    .filter((profile) => profile.credentialsIn === 'registry-fallback');
  checks.push({
    name: 'credentials-in-registry',
    ok: inRegistry.length === 0,
    detail:
      inRegistry.length === 0
        ? 'No credentials are kept outside the OS keychain.'
        : `${inRegistry.length} profile(s) keep sealed Kite credentials in the registry file because the OS keychain was unavailable (${inRegistry.map((profile) => profile.name).join(', ')}).`,
  });
  return checks;
}
