import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StorageFailure } from './errors';

interface LockOwner {
  readonly pid: number;
  readonly owner: string;
}

/** The lock file's content, or null for anything else (checked by hand: the writer thread loads no zod). */
function asLockOwner(value: unknown): LockOwner | null {
  if (typeof value !== 'object' || value === null) return null;
  const { pid, owner } = value as Record<string, unknown>;
  return Number.isInteger(pid) && typeof owner === 'string' ? { pid: pid as number, owner } : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return asLockOwner(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

const IN_USE =
  'This profile is open in another Premia window or command right now. Close it there, or wait until it finishes, and try again.';

/**
 * One writer per workspace, across processes: the app and a CLI command on the same data
 * directory must not both write (each would take the other's running scan for a crashed one).
 * The lock names a process and a Storage instance; a lock whose process is gone (a crash, a
 * SIGKILL) is stale and taken over.
 */
export function acquireWorkspaceLock(path: string, owner: string): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, owner }));
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    const current = readOwner(path);
    if (current !== null && current.owner === owner && current.pid === process.pid) return;
    if (current !== null && current.pid !== process.pid && isAlive(current.pid)) {
      throw new StorageFailure('busy', `workspace locked by pid ${current.pid}`, IN_USE);
    }
    if (current !== null && current.pid === process.pid && current.owner !== owner) {
      throw new StorageFailure(
        'busy',
        `workspace locked by another Storage in this process`,
        IN_USE,
      );
    }
    // Stale (dead process) or unreadable (torn write during a crash): take it over.
    unlinkSync(path);
  }
  throw new StorageFailure('busy', 'workspace lock contended', IN_USE);
}

export function releaseWorkspaceLock(path: string, owner: string): void {
  const current = readOwner(path);
  if (current === null || current.owner !== owner) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone (workspace deleted): nothing to release.
  }
}
