/**
 * Kite's rate limits are per API key, not per process: the desktop app, `premia agents serve` and
 * a CLI scan on one key share one budget. This paces them together through a small SQLite file in
 * Premia's data root holding, per (hash of API key, endpoint class), the next free slot and the
 * time of the last request actually sent, on a clock every process of the machine shares.
 *
 * Why this design:
 * - A SQLite file with `BEGIN IMMEDIATE` is an atomic read-modify-write across processes on every
 *   platform Premia ships on, with no daemon to start or find, and its locks are the operating
 *   system's, released when a process dies: a crashed or killed Premia never leaves the file
 *   locked (a lock file or a lock server would need stale-lock detection). A slot it reserved and
 *   never used costs the others one interval at most.
 * - Virtual scheduling (GCRA without burst): a process reserves the next free slot and sleeps
 *   until it, so processes are served in the order they asked, and each process has at most one
 *   reservation per class outstanding (only the head of its own queue reserves), so the schedule
 *   never runs further ahead than one interval per waiting process.
 * - On waking, the process confirms against the last request actually sent by anyone: a process
 *   that woke late (a busy machine) pushes the next sender back instead of both arriving together.
 *   So spacing is kept between sends, not merely between reservations.
 * - Time is the monotonic clock (process.hrtime: CLOCK_MONOTONIC on Linux, mach_absolute_time on
 *   macOS, QueryPerformanceCounter on Windows), one clock for every process of the machine that
 *   no NTP step or manual change of the date can move. After a reboot it starts again near zero:
 *   stored times far in the future are then recognised (more than a plausible queue ahead) and
 *   discarded, so nobody waits for a slot of a previous boot.
 * - The file's transactions are microseconds long (about 60 µs with the commit, bench:market),
 *   on the calling thread: a round trip to the storage writer thread would cost more than the
 *   work, and this file is not a profile database (no results, nothing a trader needs). A locked
 *   file blocks the thread for at most 20 ms, then the request asks again on a timer; a lock held
 *   for seconds (a process stopped mid-transaction) lets the request go on its own process's
 *   pacing. `synchronous=NORMAL` in WAL: a power cut may lose the last reservations, which are
 *   worthless seconds later anyway.
 * - Spacing is measured between sends on the client. What Kite (or the loopback server) stamps
 *   also includes how long each process took to be scheduled and write its request, which no
 *   client bounds; guaranteeing the spacing at the server would mean waiting for each answer
 *   before the next interval starts, a round trip lost per request. Premia does not do that.
 * - The API key is never written: rows are keyed by a SHA-256 of it. The file is created 0600
 *   (SQLite gives its -wal and -shm files the same mode).
 * - When the file cannot be used (unreadable, corrupted, another program's, from a newer Premia,
 *   no permission) Premia falls back to pacing each process on its own, with one warning in the
 *   log naming the file. It does not stop scans: the file holds nothing a trader needs, the
 *   per-process limiter still keeps each process within Kite's limits, and a 429 caused by two
 *   processes together is retried with backoff. It does not delete or replace the file either:
 *   another Premia may be using it, and replacing it would split the machine into two groups
 *   that pace separately without anyone noticing. The warning says to delete it while no Premia
 *   runs.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../app/logger';
import { hardenConnection, type SqliteDatabase } from '../storage/sqlite';
import {
  LocalSchedule,
  type EndpointClass,
  type MachineWidePacing,
  type SlotSchedule,
} from './rate-limiter';

/** The pacing file's name in Premia's data root. */
export const KITE_PACING_FILE = 'kite-pacing.sqlite';
/** `PRAGMA application_id` of the pacing file: ASCII "PrPa" (not a profile database's "Prem"). */
export const PACING_APPLICATION_ID = 0x50725061;
const SCHEMA_VERSION = 1;
/**
 * Transactions here last microseconds. A process that finds the file locked waits this long on
 * its own thread (SQLite's busy handler), then frees its thread and asks again a little later.
 */
const BUSY_TIMEOUT_MS = 20;
const LOCKED_RETRY_MS = 10;
/**
 * A lock held this long means a process stopped in the middle of a transaction (suspended in a
 * debugger, SIGSTOP): the waiting request is then paced by its own process instead.
 */
const MAX_LOCKED_MS = 2_000;
/** SQLITE_PROTOCOL: WAL's lock race between connections, which SQLite itself retries first. */
const LOCKED = /^SQLITE_(BUSY|LOCKED|PROTOCOL)/;
/**
 * Failures that pass (a full disk, an I/O error): the request is paced locally and the file tried
 * again next time. Anything else (not a database, corrupt, no permission, read-only) will not
 * mend while Premia runs: it falls back to per-process pacing for good.
 */
const TRANSIENT = /^SQLITE_(FULL|IOERR)/;
/** Stored times further ahead than this are from another boot (or a broken clock): discarded. */
const MAX_AHEAD_MS = 60_000;

/** Milliseconds on the machine's monotonic clock, the same in every process. */
export function machineMonotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** What the file stores instead of the API key. */
export function apiKeyDigest(apiKey: string): string {
  return createHash('sha256').update(`premia kite pacing\0${apiKey}`).digest('hex');
}

interface PaceRow {
  readonly next_slot_ms: number;
  readonly last_sent_ms: number;
}

/** The outcome of one transaction: send now, or sleep and ask again holding `reservedSlot`. */
type Step = { readonly waitMs: 0 } | { readonly waitMs: number; readonly reservedSlot: number };

/** Thrown when the file is ours to refuse (another program's, a newer Premia's). */
class UnusablePacingFile extends Error {}

function createPrivately(file: string): void {
  // Created (or narrowed) before SQLite opens it: SQLite would create it with the umask's mode.
  closeSync(openSync(file, 'a', 0o600));
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** Refuses a file that is not ours (or a newer Premia's); makes the table in a new one. */
function claimPacingFile(db: SqliteDatabase): void {
  const appId = db.pragma('application_id', { simple: true });
  const version = db.pragma('user_version', { simple: true });
  const tables = db.prepare('select count(*) from sqlite_schema').pluck().get();
  if (tables !== 0 && appId !== PACING_APPLICATION_ID) {
    throw new UnusablePacingFile('it is not a Premia pacing file');
  }
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new UnusablePacingFile(`it was written by a newer Premia (version ${version})`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS pace (
      key_digest TEXT NOT NULL,
      endpoint TEXT NOT NULL CHECK (endpoint IN ('quote', 'other')),
      next_slot_ms REAL NOT NULL,
      last_sent_ms REAL NOT NULL,
      PRIMARY KEY (key_digest, endpoint)
    ) STRICT, WITHOUT ROWID;
    PRAGMA application_id = ${PACING_APPLICATION_ID};
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
}

function openPacingDatabase(file: string): SqliteDatabase {
  createPrivately(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    hardenConnection(db);
    // Checked and created under the write lock, in one transaction: several processes open a
    // new file at once, and one that read between another's CREATE TABLE and its application_id
    // took the file for some other program's.
    db.transaction(() => claimPacingFile(db)).immediate();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

export interface SharedPacingOptions {
  /** The pacing file, normally `<data root>/kite-pacing.sqlite`. */
  readonly file: string;
  readonly logger: Logger;
  /** The machine-wide clock in ms; tests pass a fake one. */
  readonly now?: () => number;
  /** How long a request waits for a locked file before pacing alone (default MAX_LOCKED_MS). */
  readonly maxLockedMs?: number;
}

interface StepRequest {
  readonly key: string;
  readonly endpoint: EndpointClass;
  readonly intervalMs: number;
  /** The slot this queue reserved earlier and now wakes for; null = reserve one. */
  readonly held: number | null;
}

/** The file's statements, prepared once per connection. */
function prepare(db: SqliteDatabase, now: () => number) {
  const read = db.prepare<[string, string], PaceRow>(
    'SELECT next_slot_ms, last_sent_ms FROM pace WHERE key_digest = ? AND endpoint = ?',
  );
  const write = db.prepare<[number, number, string, string]>(
    'INSERT OR REPLACE INTO pace (next_slot_ms, last_sent_ms, key_digest, endpoint) VALUES (?, ?, ?, ?)',
  );
  const forget = db.prepare<[string, string]>(
    'DELETE FROM pace WHERE key_digest = ? AND endpoint = ?',
  );
  const giveBack = db.prepare<[number, string, string, number]>(
    'UPDATE pace SET next_slot_ms = ? WHERE key_digest = ? AND endpoint = ? AND next_slot_ms = ?',
  );
  const step = db.transaction(({ key, endpoint, intervalMs, held }: StepRequest): Step => {
    const time = now();
    let row = read.get(key, endpoint);
    if (row !== undefined && (row.next_slot_ms > time + MAX_AHEAD_MS || row.last_sent_ms > time)) {
      // From a previous boot, or a clock that went back: none of its slots is real any more.
      forget.run(key, endpoint);
      row = undefined;
    }
    const nextSlot = row?.next_slot_ms ?? Number.NEGATIVE_INFINITY;
    const lastSent = row?.last_sent_ms ?? Number.NEGATIVE_INFINITY;
    const slot = held ?? Math.max(time, nextSlot, lastSent + intervalMs);
    // A late sender pushes everyone after it back: spacing holds between actual sends.
    const goAt = Math.max(slot, lastSent + intervalMs);
    if (time < goAt) {
      if (held === null) write.run(slot + intervalMs, lastSent, key, endpoint);
      return { waitMs: goAt - time, reservedSlot: slot };
    }
    write.run(Math.max(nextSlot, time + intervalMs), time, key, endpoint);
    return { waitMs: 0 };
  });
  return {
    step: (request: StepRequest): Step => step.immediate(request),
    giveBack: (key: string, endpoint: EndpointClass, intervalMs: number, slot: number): void =>
      void giveBack.run(slot, key, endpoint, slot + intervalMs),
  };
}

/**
 * The machine-wide pacing of one Premia process. The file is opened on first use (a profile on
 * the simulator never creates it) and closed with Premia.
 */
export class SharedPacing implements MachineWidePacing {
  private db: SqliteDatabase | null = null;
  private statements: ReturnType<typeof prepare> | null = null;
  /** Set once the file proved unusable: from then on every limiter paces this process only. */
  private unusable = false;
  readonly maxLockedMs: number;
  private readonly warned = new Set<string>();
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: SharedPacingOptions) {
    this.now = options.now ?? machineMonotonicMs;
    this.maxLockedMs = options.maxLockedMs ?? MAX_LOCKED_MS;
  }

  /** False once Premia paces each process on its own (the file was unusable). */
  get shared(): boolean {
    return !this.unusable;
  }

  schedule(apiKey: string, endpoint: EndpointClass, intervalMs: number): SlotSchedule {
    return new SharedSchedule(this, apiKeyDigest(apiKey), endpoint, intervalMs, this.now);
  }

  /** Closes the file; a request still queued after this is paced by this process alone. */
  close(): void {
    this.closed = true;
    this.release();
  }

  private release(): void {
    this.db?.close();
    this.db = null;
    this.statements = null;
  }

  /**
   * One atomic step for the head of a queue: reserve a slot (or confirm one held) and say whether
   * to send now. 'locked' when another process holds the file; null when the file cannot be
   * used: the caller paces locally.
   */
  step(request: StepRequest): Step | 'locked' | null {
    if (this.unusable || this.closed) return null;
    try {
      return this.open().step(request);
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Gives back a reserved slot nobody will use, if nobody reserved one after it. */
  giveBack(key: string, endpoint: EndpointClass, intervalMs: number, slot: number): void {
    if (this.unusable || this.closed) return;
    try {
      this.open().giveBack(key, endpoint, intervalMs, slot);
    } catch (error) {
      // Locked: the slot stays spent, one interval lost.
      this.failed(error);
    }
  }

  /** Called when a request stopped waiting for a lock held for maxLockedMs. */
  lockedTooLong(): void {
    this.warnOnce(
      'kite.pacing.locked',
      `Another process held the Kite pacing file locked for over ${this.maxLockedMs} ms; a request was paced by this process alone. Later ones use the file again; this is logged once.`,
    );
  }

  private open(): ReturnType<typeof prepare> {
    if (this.statements !== null) return this.statements;
    const db = openPacingDatabase(this.options.file);
    try {
      this.statements = prepare(db, this.now);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    return this.statements;
  }

  private failed(error: unknown): 'locked' | null {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && LOCKED.test(code)) return 'locked';
    if (typeof code === 'string' && TRANSIENT.test(code)) {
      this.warnOnce(
        'kite.pacing.skipped',
        `Premia could not write the Kite pacing file just now (${describe(error)}); a request was paced by this process alone. Later ones try the file again; this is logged once.`,
      );
      return null;
    }
    this.giveUp(error);
    return null;
  }

  private warnOnce(event: string, detail: string): void {
    if (this.warned.has(event)) return;
    this.warned.add(event);
    this.options.logger.warn(event, { file: this.options.file, detail });
  }

  private giveUp(error: unknown): void {
    this.unusable = true;
    this.release();
    this.options.logger.warn('kite.pacing.unusable', {
      file: this.options.file,
      reason: describe(error),
      detail:
        'Premia cannot use its Kite pacing file, so each Premia process now paces its own Kite requests: two processes using one API key at once may be refused by Kite (HTTP 429) and retry. Delete the file while no Premia is running; it is recreated.',
    });
  }
}

/** The schedule of one limiter (one API key, one endpoint class) of this process. */
class SharedSchedule implements SlotSchedule {
  private held: number | null = null;
  private grantedAlone = false;
  /** When this queue's head first found the file locked, on the machine's clock. */
  private lockedSince: number | null = null;
  private readonly local: LocalSchedule;

  constructor(
    private readonly pacing: SharedPacing,
    private readonly key: string,
    private readonly endpoint: EndpointClass,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {
    this.local = new LocalSchedule(intervalMs, now);
  }

  tryTake(): number {
    // A grant this process made alone (while the file was unavailable) is not in the file: it
    // still counts against the next request.
    if (this.grantedAlone) {
      const localWaitMs = this.local.waitMs();
      if (localWaitMs > 0) return localWaitMs;
      this.grantedAlone = false;
    }
    const { key, endpoint, intervalMs, held } = this;
    let step = this.pacing.step({ key, endpoint, intervalMs, held });
    if (step === 'locked') {
      const now = this.now();
      this.lockedSince ??= now;
      if (now - this.lockedSince < this.pacing.maxLockedMs) return LOCKED_RETRY_MS;
      this.pacing.lockedTooLong();
      step = null;
    }
    this.lockedSince = null;
    if (step === null) {
      this.held = null;
      const waitMs = this.local.tryTake();
      if (waitMs === 0) this.grantedAlone = true;
      return waitMs;
    }
    if ('reservedSlot' in step) {
      this.held = step.reservedSlot;
      return step.waitMs;
    }
    this.held = null;
    // Should the file fail later, local pacing carries on from this grant.
    this.local.recordGrant();
    return 0;
  }

  abandon(): void {
    if (this.held === null) return;
    this.pacing.giveBack(this.key, this.endpoint, this.intervalMs, this.held);
    this.held = null;
  }
}
