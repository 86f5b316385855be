import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { classifyError, StorageFailure } from './errors';
import { tooNewMessage } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import {
  applicationId,
  integrityProblems,
  PREMIA_APPLICATION_ID,
  userVersion,
  type SqliteDatabase,
} from './sqlite';

const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/** Removes a database file and the files SQLite keeps beside it. */
export function removeDatabaseFiles(path: string, includeMain = true): void {
  for (const suffix of includeMain ? ['', ...SIDE_FILES] : SIDE_FILES) {
    rmSync(`${path}${suffix}`, { force: true });
  }
}

/** Copies a database file byte for byte, with its WAL if there is one (no SQLite involved). */
export function copyDatabaseFiles(from: string, to: string): void {
  removeDatabaseFiles(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

function notPremia(source: string, detail: string): StorageFailure {
  return new StorageFailure(
    'corrupt',
    `restore source ${source}: ${detail}`,
    `"${basename(source)}" is not a Premia backup, so nothing was restored. Choose a file made by Premia's backup.`,
  );
}

function checkStaged(db: SqliteDatabase, source: string): number {
  if (applicationId(db) !== PREMIA_APPLICATION_ID)
    throw notPremia(source, 'application_id differs');
  const version = userVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StorageFailure(
      'too_new',
      `restore source user_version ${version} > ${LATEST_SCHEMA_VERSION}`,
      tooNewMessage(version, LATEST_SCHEMA_VERSION),
    );
  }
  let problems: string[];
  try {
    problems = integrityProblems(db, true);
  } catch (error) {
    const classified = classifyError(error);
    if (classified.kind !== 'corrupt') throw error;
    problems = [classified.message];
  }
  if (problems.length > 0) {
    throw new StorageFailure(
      'corrupt',
      `restore source damaged: ${problems.slice(0, 3).join('; ')}`,
      `"${basename(source)}" is damaged, so nothing was restored. Try another backup.`,
    );
  }
  // Fold any WAL into the main file: the staged copy is renamed alone.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return version;
}

/**
 * Copies `source` to `staging` (inside the workspace) and proves it is a Premia database this
 * app can open: Premia's application id, a schema version not newer than ours, quick_check ok.
 * The live database is not touched; on refusal the staged copy is removed. Returns its version.
 */
export function stageRestore(source: string, staging: string): number {
  if (!existsSync(source)) {
    throw new StorageFailure(
      'not_found',
      `restore source ${source} missing`,
      `The backup file "${basename(source)}" was not found.`,
    );
  }
  try {
    copyDatabaseFiles(source, staging);
    let db: SqliteDatabase;
    try {
      db = new Database(staging, { fileMustExist: true });
    } catch (error) {
      throw notPremia(source, error instanceof Error ? error.message : String(error));
    }
    try {
      return checkStaged(db, source);
    } catch (error) {
      if (error instanceof StorageFailure) throw error;
      const classified = classifyError(error);
      if (classified.kind === 'corrupt') throw notPremia(source, classified.message);
      throw error;
    } finally {
      db.close();
    }
  } catch (error) {
    removeDatabaseFiles(staging);
    throw error;
  }
}
