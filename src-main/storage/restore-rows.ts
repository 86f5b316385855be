import Database from 'better-sqlite3';
import { classifyError, StorageFailure } from './errors';
import { migrate, tooNewMessage } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { PAISE_COLUMNS } from './migrations/006_chains';
import { runFacetsMigration } from './migrations/007_run_facets';
import { recountAllFacets } from './run-facets';
import {
  applicationId,
  hardenConnection,
  integrityProblems,
  openWritable,
  PREMIA_APPLICATION_ID,
  userVersion,
  type SqliteDatabase,
} from './sqlite';

/**
 * Restore never adopts a backup file as the profile's database. The file is opened read-only
 * (its own connection: better-sqlite3 is built without URI filenames, so `ATTACH ... mode=ro` is
 * not available), its schema must be exactly what Premia's migrations create for its version —
 * a trigger, view or any other object a backup never has is refused — and its rows are copied
 * into a fresh database built by the migrations. What comes back is data, never code.
 */

/** The settings key naming the profile a database (and so each backup of it) belongs to. */
export const PROFILE_ID_SETTING = 'premia.profileId';

/** SQLite's own objects a genuine backup may carry (ANALYZE statistics, autoindexes). */
const INTERNAL_TABLES = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);

interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

export interface InspectedSource {
  readonly version: number;
  /** The profile the database says it belongs to; null for one made before profiles were recorded. */
  readonly owner: string | null;
}

function normalizedSql(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim();
}

function schemaOf(db: SqliteDatabase): SchemaObject[] {
  return db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid')
    .all() as SchemaObject[];
}

/** What the migrations create up to `version`, built in memory. */
function expectedSchema(version: number): SchemaObject[] {
  const db = new Database(':memory:');
  try {
    hardenConnection(db);
    migrate(db, MIGRATIONS.slice(0, version));
    return schemaOf(db);
  } finally {
    db.close();
  }
}

function notPremia(label: string, detail: string): StorageFailure {
  return new StorageFailure(
    'corrupt',
    `restore source ${label}: ${detail}`,
    `"${label}" is not a Premia backup, so nothing was restored. Choose a file made by Premia's backup.`,
  );
}

function damaged(label: string, detail: string): StorageFailure {
  return new StorageFailure(
    'corrupt',
    `restore source damaged: ${detail}`,
    `"${label}" is damaged, so nothing was restored. Try another backup.`,
  );
}

function isInternal(object: SchemaObject): boolean {
  if (!object.name.startsWith('sqlite_')) return false;
  if (object.type === 'table') return INTERNAL_TABLES.has(object.name);
  return object.type === 'index' && object.sql === null;
}

/** Every object of the source must be one the migrations make, with the same definition. */
function checkSchema(db: SqliteDatabase, version: number, label: string): void {
  const expected = new Map(expectedSchema(version).map((object) => [object.name, object]));
  const found = schemaOf(db);
  for (const object of found) {
    if (isInternal(object)) continue;
    const wanted = expected.get(object.name);
    if (
      wanted === undefined ||
      wanted.type !== object.type ||
      wanted.tbl_name !== object.tbl_name ||
      normalizedSql(wanted.sql) !== normalizedSql(object.sql)
    ) {
      throw new StorageFailure(
        'corrupt',
        `restore source has unexpected ${object.type} ${object.name}`,
        `"${label}" contains a ${object.type} ("${object.name}") that no Premia backup has, so it was not restored: it could change your data when used. Choose a backup made by Premia.`,
      );
    }
  }
  const names = new Set(found.map((object) => object.name));
  const missing = [...expected.keys()].filter((name) => !names.has(name));
  if (missing.length > 0) throw damaged(label, `missing ${missing.join(', ')}`);
}

function openSource(path: string, label: string): SqliteDatabase {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    hardenConnection(db);
    return db;
  } catch (error) {
    throw notPremia(label, error instanceof Error ? error.message : String(error));
  }
}

function readOwner(db: SqliteDatabase): string | null {
  const json = db
    .prepare('SELECT value_json FROM settings WHERE key = ?')
    .pluck()
    .get(PROFILE_ID_SETTING) as string | undefined;
  if (json === undefined) return null;
  const owner: unknown = JSON.parse(json);
  return typeof owner === 'string' ? owner : '(unreadable)';
}

function inspectOpen(db: SqliteDatabase, label: string): InspectedSource {
  if (applicationId(db) !== PREMIA_APPLICATION_ID) throw notPremia(label, 'application_id differs');
  const version = userVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StorageFailure(
      'too_new',
      `restore source user_version ${version} > ${LATEST_SCHEMA_VERSION}`,
      tooNewMessage(version, LATEST_SCHEMA_VERSION),
    );
  }
  if (version < 1) throw notPremia(label, 'no schema version');
  let problems: string[];
  try {
    problems = integrityProblems(db, true);
  } catch (error) {
    const classified = classifyError(error);
    if (classified.kind !== 'corrupt') throw error;
    problems = [classified.message];
  }
  if (problems.length > 0) throw damaged(label, problems.slice(0, 3).join('; '));
  checkSchema(db, version, label);
  return { version, owner: readOwner(db) };
}

/**
 * Folds a WAL that came with the copy (a live database rather than a backup) into the copy, so
 * it can be read on a read-only connection. A checkpoint moves pages; no statement of the file's
 * schema runs. The copy is Premia's own private file in the workspace.
 */
export function foldCopiedWal(path: string, label: string): void {
  try {
    const db = new Database(path, { fileMustExist: true });
    try {
      hardenConnection(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
  } catch (error) {
    throw notPremia(label, error instanceof Error ? error.message : String(error));
  }
}

/** Checks a copied backup read-only: Premia's id, a version we know, intact, exact schema. */
export function inspectRestoreSource(path: string, label: string): InspectedSource {
  const db = openSource(path, label);
  try {
    return inspectOpen(db, label);
  } catch (error) {
    if (error instanceof StorageFailure) throw error;
    const classified = classifyError(error);
    if (classified.kind === 'corrupt') throw notPremia(label, classified.message);
    throw error;
  } finally {
    db.close();
  }
}

function columnsOf(db: SqliteDatabase, table: string): string {
  const names = db
    .prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid')
    .pluck()
    .all(table) as string[];
  return names.map((name) => `"${name}"`).join(', ');
}

/** Copies every table's rows, in one transaction; the schema's own constraints check each row. */
function copyRows(source: SqliteDatabase, target: SqliteDatabase, label: string): void {
  const tables = schemaOf(target).filter(
    (object) => object.type === 'table' && !object.name.startsWith('sqlite_'),
  );
  target.pragma('foreign_keys = OFF');
  try {
    target
      .transaction(() => {
        for (const { name } of tables) {
          const columns = columnsOf(target, name);
          const slots = columns.split(', ').map(() => '?');
          const select = source.prepare(`SELECT ${columns} FROM "${name}"`).raw().safeIntegers();
          const insert = target.prepare(
            `INSERT INTO "${name}" (${columns}) VALUES (${slots.join(', ')})`,
          );
          // A migration may seed rows; the backup's rows at that version are the truth.
          target.prepare(`DELETE FROM "${name}"`).run();
          for (const row of select.iterate()) insert.run(row as unknown[]);
        }
      })
      .immediate();
  } catch (error) {
    throw damaged(label, error instanceof Error ? error.message : String(error));
  }
  const orphans = target.pragma('foreign_key_check') as unknown[];
  if (orphans.length > 0) throw damaged(label, `${orphans.length} rows without their scan`);
  const unchained = rowsWithoutChain(target);
  if (unchained > 0) throw damaged(label, `${unchained} option rows without their chain or price`);
  target.pragma('foreign_keys = ON');
}

/**
 * Option rows whose chain (migration 006) is missing or belongs to another run, or whose price
 * is not a number. Neither is a constraint of the schema (see 006_chains.ts), so both are
 * checked here: the view would show such a row without its expiry, or with text for a price.
 */
function rowsWithoutChain(target: SqliteDatabase): number {
  const chained = target
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'result_chains'")
    .get();
  if (chained === undefined) return 0;
  return target
    .prepare(
      `SELECT count(*) FROM result_rows r WHERE NOT EXISTS
         (SELECT 1 FROM result_chains c WHERE c.id = r.chain_id AND c.run_id = r.run_id)
         OR ${PAISE_COLUMNS.map((name) => `typeof(r.${name}) IN ('text', 'blob')`).join(' OR ')}`,
    )
    .pluck()
    .get() as number;
}

/**
 * Builds `staging`: a fresh database migrated to the source's version, the source's rows copied
 * in, stamped as `profileId`'s, then migrated to the latest version. The caller removes
 * `staging` if this throws.
 */
export function buildRestoredDatabase(
  sourcePath: string,
  staging: string,
  inspected: InspectedSource,
  profileId: string,
  label: string,
): void {
  const source = openSource(sourcePath, label);
  try {
    const target = openWritable(staging, { busyTimeoutMs: 0 });
    try {
      migrate(target, MIGRATIONS.slice(0, inspected.version));
      copyRows(source, target, label);
      target
        .prepare(
          `INSERT INTO settings (key, value_json) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
        )
        .run(PROFILE_ID_SETTING, JSON.stringify(profileId));
      migrate(target);
      // A backup from before run_facets had its counts made from its rows by that migration just
      // now; a later backup's run_facets came across as a copied tally, so it is recounted.
      if (inspected.version >= runFacetsMigration.version) recountAllFacets(target);
      target.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}
