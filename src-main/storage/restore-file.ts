import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename } from 'node:path';
import { formatBytes } from './disk';
import { StorageFailure } from './errors';

const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;
const CHUNK_BYTES = 1024 * 1024;

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

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function notRegular(source: string, what: string): StorageFailure {
  return new StorageFailure(
    'corrupt',
    `restore source ${source} is ${what}`,
    `"${basename(source)}" is ${what}, not a backup file, so nothing was restored. Choose a file made by Premia's backup.`,
  );
}

function errnoOf(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

/**
 * Opens the chosen file without following a symbolic link and without blocking on a FIFO, and
 * checks what it is on that same descriptor, so it cannot be swapped between check and copy.
 */
function openSource(source: string): number {
  // O_NOFOLLOW and O_NONBLOCK are POSIX; Windows has neither link tricks nor FIFOs to fear here.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  try {
    return openSync(source, flags);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') {
      throw new StorageFailure(
        'not_found',
        `restore source ${source} missing`,
        `The backup file "${basename(source)}" was not found.`,
      );
    }
    if (code === 'ELOOP') throw notRegular(source, 'a symbolic link');
    if (code === 'ENXIO') throw notRegular(source, 'a socket');
    throw error;
  }
}

function tooLarge(source: string, maxBytes: number): StorageFailure {
  return new StorageFailure(
    'not_allowed',
    `restore source ${source} over ${maxBytes} bytes`,
    `"${basename(source)}" is larger than this profile's storage quota (${formatBytes(maxBytes)}), so it was not restored.`,
  );
}

/** Copies one checked file; returns the bytes copied. `label` names the file the trader chose. */
function copyChecked(source: string, target: string, budget: number, label: string): number {
  const input = openSource(source);
  try {
    const stats = fstatSync(input);
    if (!stats.isFile()) throw notRegular(source, kindOf(stats));
    if (stats.size > budget) throw tooLarge(label, budget);
    const output = openSync(target, 'wx', 0o600);
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      let copied = 0;
      for (;;) {
        const read = readSync(input, buffer, 0, buffer.length, null);
        if (read === 0) return copied;
        copied += read;
        if (copied > budget) throw tooLarge(label, budget);
        writeSync(output, buffer, 0, read);
      }
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}

/**
 * Copies a file chosen for restore into the workspace (`target`), with its WAL if it has one: a
 * regular file only (no FIFO, device, socket or symbolic link), together no larger than
 * `maxBytes`. SQLite never opens the original, so nothing can change it, and a file that grows
 * while it is copied is refused. Returns whether a WAL came along (the caller folds it in).
 */
export function copyRestoreSource(source: string, target: string, maxBytes: number): boolean {
  removeDatabaseFiles(target);
  const label = source;
  const main = copyChecked(source, target, maxBytes, label);
  try {
    copyChecked(`${source}-wal`, `${target}-wal`, maxBytes - main, label);
    return true;
  } catch (error) {
    if (error instanceof StorageFailure && error.kind === 'not_found') return false;
    throw error;
  }
}
