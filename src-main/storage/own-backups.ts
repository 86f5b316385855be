import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../domain/errors';

/**
 * A profile's own backups: the files in its workspace's backups/ folder, named by file name. The
 * renderer picks one by this id; it never sends a path, so it cannot name another profile's file.
 */
export const BackupIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.db$/);

export interface OwnBackup {
  readonly id: string;
  /** ISO time the file was last written (when the backup was taken). */
  readonly at: string;
  readonly bytes: number;
}

export async function listOwnBackups(folder: string): Promise<OwnBackup[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const backups: OwnBackup[] = [];
  for (const name of names) {
    if (!BackupIdSchema.safeParse(name).success) continue;
    const stats = await lstat(join(folder, name));
    if (!stats.isFile()) continue;
    backups.push({ id: name, at: stats.mtime.toISOString(), bytes: stats.size });
  }
  return backups.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}

/** The path of backup `id` in `folder`; an id that is not a plain backup file name is refused. */
export function ownBackupPath(folder: string, id: string): string {
  if (!BackupIdSchema.safeParse(id).success) {
    throw new UserFacingError('BAD_INPUT', 'Choose a backup from this profile’s list.');
  }
  return join(folder, id);
}
