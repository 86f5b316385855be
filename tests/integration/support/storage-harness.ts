import { ProfileIdSchema, type ProfileId } from '../../../src-preload/contract';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../../src-main/app/logger';
import { UserFacingError } from '../../../src-main/domain/errors';
import type { RunId } from '../../../src-main/storage/records';
import { Storage, type StorageOptions } from '../../../src-main/storage/storage';

export const ALICE = ProfileIdSchema.parse('alice0001');
export const BOB = ProfileIdSchema.parse('bob000002');

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'premia-storage-'));
}

/**
 * A Storage on a fresh data directory; `cleanup` closes it, runs `beforeRemove` (unmount,
 * chmod back) and removes the directory.
 */
export async function openTestStorage(
  options: Partial<StorageOptions> = {},
  beforeRemove: () => void = () => undefined,
) {
  const dataDir = options.dataDir ?? tempDataDir();
  const logger = createMemoryLogger();
  const storage = await Storage.open({ dataDir, logger, ...options });
  return {
    storage,
    dataDir,
    logger,
    async cleanup() {
      await storage.close();
      beforeRemove();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function startScan(
  storage: Storage,
  profileId: ProfileId,
  symbols = ['NIFTY'],
): Promise<RunId> {
  return storage.createRun(profileId, {
    source: 'simulator',
    symbols,
    expiry: '2025-01-30',
    filters: { minOtmPct: 2 },
  });
}

/** The UserFacingError a promise rejects with (fails the test if it resolves or throws something else). */
export async function userError(promise: Promise<unknown>): Promise<UserFacingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw new Error(`expected a UserFacingError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the promise to reject');
}

/** A completed Kite run row written straight into a migrated database (for schema-level tests). */
export function addCompletedRun(db: Database.Database): number {
  return Number(
    db
      .prepare(
        `INSERT INTO runs (status, started_at, source, symbols_json, filters_json)
         VALUES ('completed', '2026-01-05T04:00:00.000Z', 'kite', '[]', '{}')`,
      )
      .run().lastInsertRowid,
  );
}
