import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import type { z } from 'zod';

/**
 * The registry file's safety net. Every successful save copies the file to `<file>.bak`; at start
 * a damaged file is replaced by its backup (the damaged one is kept aside), and if the backup is
 * unusable too, Premia refuses to start instead of starting over with no profiles.
 */
export type RegistryFileState =
  | { readonly status: 'missing' | 'ok' }
  | { readonly status: 'recovered'; readonly detail: string; readonly damagedCopy: string };

export class RegistryDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryDamagedError';
  }
}

export function backupPathOf(registryPath: string): string {
  return `${registryPath}.bak`;
}

function problemWith(path: string, schema: z.ZodType): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const checked = schema.safeParse(parsed);
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  return issue === undefined
    ? 'it does not match the registry format'
    : `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`;
}

/** Copies through a temporary file and a rename, so a crash never leaves a half-written backup. */
export function writeRegistryBackup(registryPath: string): void {
  const backup = backupPathOf(registryPath);
  const temporary = `${backup}.tmp`;
  copyFileSync(registryPath, temporary);
  renameSync(temporary, backup);
}

export function prepareRegistryFile(
  registryPath: string,
  schema: z.ZodType,
  now: Date,
): RegistryFileState {
  if (!existsSync(registryPath)) return { status: 'missing' };
  const problem = problemWith(registryPath, schema);
  const backup = backupPathOf(registryPath);
  if (problem === null) {
    if (!existsSync(backup)) writeRegistryBackup(registryPath);
    return { status: 'ok' };
  }
  const backupProblem = existsSync(backup) ? problemWith(backup, schema) : 'there is no backup';
  if (backupProblem !== null) {
    throw new RegistryDamagedError(
      `The profile registry ${registryPath} is damaged (${problem}) and its backup cannot be used ` +
        `(${backupProblem}). Premia will not start over with an empty registry, because your ` +
        `profiles would be lost. Restore the file from a backup, or move it aside to start fresh.`,
    );
  }
  const damagedCopy = `${registryPath}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(registryPath, damagedCopy);
  copyFileSync(backup, registryPath);
  return {
    status: 'recovered',
    detail:
      `The profile registry was damaged (${problem}); Premia restored it from its backup. ` +
      `Changes made since that backup may be missing. The damaged file is kept as ${damagedCopy}.`,
    damagedCopy,
  };
}
