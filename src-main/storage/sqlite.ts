import Database from 'better-sqlite3';
import { StorageFailure } from './errors';

export type SqliteDatabase = Database.Database;

/** Written into every Premia database header (`PRAGMA application_id`): ASCII "Prem". */
export const PREMIA_APPLICATION_ID = 0x5072656d;

const WAL_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * Every Premia connection refuses to let a database file's own schema run code: with
 * trusted_schema off, SQL functions with side effects and virtual tables cannot be used from
 * triggers, views or CHECK constraints stored in the file. better-sqlite3 already opens every
 * connection with SQLITE_DBCONFIG_DEFENSIVE on (no writable_schema, no shadow-table writes, no
 * corrupting pragmas) and Premia never calls unsafeMode(), which is the only way to turn it off.
 */
export function hardenConnection(db: SqliteDatabase): void {
  db.pragma('trusted_schema = OFF');
}

export interface WritableOptions {
  readonly busyTimeoutMs: number;
  /** Hard cap on the database size in pages (PRAGMA max_page_count); unset means no cap. */
  readonly maxPages?: number;
}

function tableCount(db: SqliteDatabase): number {
  return db
    .prepare("select count(*) from sqlite_schema where type = 'table'")
    .pluck()
    .get() as number;
}

/**
 * Opens (creating if needed) a database for writing, the way only the writer thread may:
 * - WAL, so readers in main never wait for the writer and the writer never waits for them;
 * - synchronous=NORMAL: in WAL mode a crash of Premia (or of the OS, with a battery-backed disk)
 *   loses nothing committed, and a power cut can lose at most the last transactions but never
 *   corrupts. Writes that must survive a power cut switch to FULL for their own transaction
 *   (see ProfileWriter.durably: audit log, settings, scan start/finish, deletes);
 * - foreign_keys=ON (results cascade with their run), busy_timeout for a second Premia process;
 * - auto_vacuum=INCREMENTAL on a new file, so retention can give disk space back in small steps.
 * `acceptBeforeWriting` may refuse the file (not ours, too new) before any pragma changes it;
 * reading the schema makes a garbage file fail here too (SQLITE_NOTADB).
 */
export function openWritable(
  path: string,
  options: WritableOptions,
  acceptBeforeWriting: (db: SqliteDatabase) => void = () => undefined,
): SqliteDatabase {
  const db = new Database(path, { timeout: options.busyTimeoutMs });
  try {
    hardenConnection(db);
    acceptBeforeWriting(db);
    if (tableCount(db) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StorageFailure('internal', `journal_mode stayed ${String(mode)} instead of wal`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache: a scan's index pages stay hot between 2,000-row transactions.
    db.pragma('cache_size = -65536');
    // Each 2,000-row commit dirties most index pages of its run; checkpointing every 4 MiB
    // (the default) copied them to the database file and synced it after nearly every commit,
    // halving throughput. At 64 MiB a checkpoint writes each page once for many commits.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_AUTOCHECKPOINT_PAGES * 4096}`);
    if (options.maxPages !== undefined)
      db.pragma(`max_page_count = ${Math.floor(options.maxPages)}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A read-only handle for main. The file must exist: the writer creates and migrates it first. */
export function openReadOnly(path: string, busyTimeoutMs: number): SqliteDatabase {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  hardenConnection(db);
  db.pragma('cache_size = -16384');
  return db;
}

export function userVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function applicationId(db: SqliteDatabase): number {
  return db.pragma('application_id', { simple: true }) as number;
}

/**
 * A file is ours if it carries Premia's application id, or if it is a brand-new empty database
 * (no tables yet, id 0) that the first migration is about to claim.
 */
export function isPremiaDatabase(db: SqliteDatabase): boolean {
  const id = applicationId(db);
  if (id === PREMIA_APPLICATION_ID) return true;
  return id === 0 && tableCount(db) === 0;
}

export function integrityProblems(db: SqliteDatabase, quick: boolean): string[] {
  const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as Record<string, unknown>[];
  const lines = rows.map((row) => String(Object.values(row)[0]));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}
