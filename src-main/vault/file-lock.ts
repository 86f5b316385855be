import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { UserFacingError } from '../domain/errors';

/**
 * A lock file shared by every Premia process on one data directory (the app and any number of
 * CLI commands). The registry is one JSON file that each process reads, changes and writes
 * whole; without this, two processes counting failed logins each write their own count and one
 * is lost, and a guess in one process is not seen by the check in another.
 *
 * Held only for a synchronous read-change-write (milliseconds), so waiting is a short sleep on
 * the thread, not a queue. A lock left by a process that died is taken over.
 */
const WAIT_MS = 10_000;
const POLL_MS = 3;
/** A lock file with no readable owner (torn by a crash between create and write) is stale after this. */
const UNOWNED_STALE_MS = 5_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function codeOf(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

function isStale(path: string): boolean {
  try {
    const owner = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(owner) && owner > 0) return owner !== process.pid && !isAlive(owner);
    return Date.now() - statSync(path).mtimeMs > UNOWNED_STALE_MS;
  } catch (error) {
    // Released between our attempt and this look: not stale, just try again.
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

function release(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

/** Re-entrant within one object: a locked section may call another (they run synchronously). */
export class FileLock {
  private depth = 0;

  constructor(readonly path: string) {}

  run<T>(work: () => T): T {
    if (this.depth > 0) return this.nested(work);
    const deadline = Date.now() + WAIT_MS;
    while (!tryCreate(this.path)) {
      if (isStale(this.path)) {
        release(this.path);
        continue;
      }
      if (Date.now() > deadline) {
        throw new UserFacingError(
          'STORAGE_BUSY',
          `Another Premia process has held the profile registry lock (${this.path}) for ${WAIT_MS / 1000} seconds. Try again; if it stays, close other Premia windows and commands.`,
        );
      }
      sleep(POLL_MS);
    }
    try {
      return this.nested(work);
    } finally {
      release(this.path);
    }
  }

  private nested<T>(work: () => T): T {
    this.depth += 1;
    try {
      return work();
    } finally {
      this.depth -= 1;
    }
  }
}
