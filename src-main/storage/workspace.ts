import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import { PROFILE_ID_PATTERN } from '../../src-preload/contract/profile-id-pattern';
import { UserFacingError } from '../domain/errors';
import { classifyError, StorageFailure } from './errors';

export const DATABASE_FILE = 'premia.db';
const WORKSPACE_FOLDERS = ['exports', 'backups', 'logs'] as const;

/** Every path of one profile's workspace. Built only from a validated ProfileId. */
export interface WorkspacePaths {
  readonly profileId: ProfileId;
  readonly root: string;
  readonly database: string;
  readonly exports: string;
  readonly backups: string;
  readonly logs: string;
  readonly lockFile: string;
}

/** ProfileIdSchema's rule without zod, which the writer thread (a user of this module) never loads. */
function isProfileId(value: string): value is ProfileId {
  return PROFILE_ID_PATTERN.test(value);
}

/**
 * The one gate between an id from outside and a path on disk: an id that is not 8–32 lowercase
 * letters or digits never reaches path.join, so `../` or an absolute path cannot escape.
 */
export function parseProfileId(value: string): ProfileId {
  if (!isProfileId(value)) {
    throw new UserFacingError('BAD_INPUT', 'A profile id is 8 to 32 lowercase letters or digits.');
  }
  return value;
}

export function profilesRoot(dataDir: string): string {
  return join(dataDir, 'profiles');
}

export function workspacePaths(dataDir: string, profileId: ProfileId): WorkspacePaths {
  const root = join(profilesRoot(dataDir), parseProfileId(profileId));
  return {
    profileId,
    root,
    database: join(root, DATABASE_FILE),
    exports: join(root, 'exports'),
    backups: join(root, 'backups'),
    logs: join(root, 'logs'),
    lockFile: join(root, 'writer.lock'),
  };
}

/**
 * Creates the workspace folders on first use (idempotent) and proves the folder and database
 * can be written, so a read-only disk or folder is reported by name before SQLite is involved.
 */
export function prepareWorkspace(paths: WorkspacePaths): void {
  try {
    mkdirSync(paths.root, { recursive: true });
    for (const folder of WORKSPACE_FOLDERS)
      mkdirSync(join(paths.root, folder), { recursive: true });
    accessSync(paths.root, constants.W_OK);
    if (existsSync(paths.database)) accessSync(paths.database, constants.W_OK);
  } catch (error) {
    const classified = classifyError(error);
    if (classified.kind !== 'read_only') throw error;
    throw new StorageFailure(
      'read_only',
      classified.message,
      `Premia cannot write to this profile's folder (${paths.root}). Check that the disk is not read-only and that you have permission to write there.`,
      classified.code,
    );
  }
}

/** Bytes on disk of one profile, by kind. Sizes only: nothing here reads content. */
export interface WorkspaceUsage {
  readonly profileId: ProfileId;
  /** premia.db + premia.db-wal + premia.db-shm */
  readonly databaseBytes: number;
  readonly exportsBytes: number;
  readonly backupsBytes: number;
  readonly logsBytes: number;
  /** Everything under the workspace, including the above. */
  readonly totalBytes: number;
}

async function sizeOf(path: string): Promise<number> {
  try {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return 0;
    if (!stats.isDirectory()) return stats.size;
    const entries = await readdir(path);
    let total = 0;
    for (const entry of entries) total += await sizeOf(join(path, entry));
    return total;
  } catch (error) {
    // A file removed between readdir and lstat (a checkpoint deleting -wal) weighs nothing.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
}

export async function workspaceUsage(paths: WorkspacePaths): Promise<WorkspaceUsage> {
  const databaseParts = await Promise.all(
    ['', '-wal', '-shm'].map((suffix) => sizeOf(`${paths.database}${suffix}`)),
  );
  const [exportsBytes, backupsBytes, logsBytes, totalBytes] = await Promise.all([
    sizeOf(paths.exports),
    sizeOf(paths.backups),
    sizeOf(paths.logs),
    sizeOf(paths.root),
  ]);
  return {
    profileId: paths.profileId,
    databaseBytes: databaseParts.reduce((sum, part) => sum + part, 0),
    exportsBytes,
    backupsBytes,
    logsBytes,
    totalBytes,
  };
}

/** Profile ids that have a workspace folder; folders with other names are ignored, not trusted. */
export async function listWorkspaceIds(dataDir: string): Promise<ProfileId[]> {
  let names: string[];
  try {
    names = await readdir(profilesRoot(dataDir));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const ids: ProfileId[] = [];
  for (const name of names.sort()) {
    if (isProfileId(name)) ids.push(name);
  }
  return ids;
}
