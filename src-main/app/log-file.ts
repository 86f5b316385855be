import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Clock } from './clock';

export interface RotatingLogFileOptions {
  /** The live file, e.g. <data dir>/logs/premia.log; older ones are premia.1.log, premia.2.log … */
  readonly path: string;
  readonly clock: Clock;
  /** Rotate before a line would take the live file past this size (default 5 MiB). */
  readonly maxBytes?: number;
  /** Files kept, the live one included (default 5): at most maxBytes × maxFiles on disk. */
  readonly maxFiles?: number;
  /**
   * Create the file's folder if missing (the app's logs/). A profile's logs/ is created only
   * while its workspace exists, so a late log line cannot resurrect a deleted profile's folder.
   */
  readonly createFolder?: boolean;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_MAX_FILES = 5;

/** The UTC calendar day: a file never spans two, so "yesterday's log" is one file to send. */
function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * A log destination that rotates by size and by day. Writes are synchronous (writeSync on an
 * append-only descriptor): a line logged just before a crash is on disk, and pino needs no worker
 * thread, which an Electron main bundle and the CLI would each have to locate. A failing write
 * (full disk, folder removed) loses log lines, never the caller's work: it never throws.
 */
export class RotatingLogFile {
  private fd: number | null = null;
  private size = 0;
  private day = '';
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  /** Lines that could not be written (disk full, folder gone): reported by `doctor`-style checks. */
  lost = 0;

  constructor(private readonly options: RotatingLogFileOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_LOG_MAX_FILES);
  }

  get path(): string {
    return this.options.path;
  }

  write(chunk: string): boolean {
    try {
      const bytes = Buffer.byteLength(chunk);
      const today = dayOf(this.options.clock.now());
      if (this.fd === null) this.open(today);
      if (this.size > 0 && (this.size + bytes > this.maxBytes || today !== this.day)) {
        this.rotate();
        this.open(today);
      }
      if (this.fd === null) return true;
      writeSync(this.fd, chunk);
      this.size += bytes;
    } catch {
      // Logging must never take Premia down; the count says lines were lost.
      this.lost += 1;
    }
    return true;
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by the OS (folder removed): nothing left to release.
    }
    this.fd = null;
  }

  private numbered(index: number): string {
    const { path } = this.options;
    const extension = extname(path);
    return join(dirname(path), `${basename(path, extension)}.${index}${extension}`);
  }

  private open(today: string): void {
    const { path } = this.options;
    if (this.options.createFolder === true)
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    else if (!existsSync(dirname(dirname(path)))) return;
    else mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (existsSync(path)) {
      const stats = statSync(path);
      this.size = stats.size;
      this.day = stats.size > 0 ? dayOf(stats.mtime) : today;
    } else {
      this.size = 0;
      this.day = today;
    }
    // 0600: log lines name profiles and symbols; only this OS account reads them.
    this.fd = openSync(path, 'a', 0o600);
  }

  private rotate(): void {
    this.close();
    rmSync(this.numbered(this.maxFiles - 1), { force: true });
    for (let index = this.maxFiles - 2; index >= 1; index -= 1) {
      const from = this.numbered(index);
      if (existsSync(from)) renameSync(from, this.numbered(index + 1));
    }
    if (this.maxFiles > 1) renameSync(this.options.path, this.numbered(1));
    else rmSync(this.options.path, { force: true });
  }
}
