import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageFailure } from '../../src-main/storage/errors';
import { migrate } from '../../src-main/storage/migrate';
import { LATEST_SCHEMA_VERSION, type Migration } from '../../src-main/storage/migrations';
import { PREMIA_APPLICATION_ID } from '../../src-main/storage/sqlite';
import { ALICE, openTestStorage, tempDataDir, userError } from './support/storage-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratchDatabase(): Database.Database {
  const dir = tempDataDir();
  const db = new Database(join(dir, 'scratch.db'));
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

const step = (version: number, sql: string): Migration => ({
  version,
  name: `step${version}`,
  up: (db) => db.exec(sql),
});

describe('Storage migrations', () => {
  it('builds the whole schema in an empty database: STRICT tables, indexes, Premia id, WAL', async () => {
    const opened = await openTestStorage();
    cleanups.push(opened.cleanup);
    await opened.storage.listRuns(ALICE);
    const opening = opened.logger.entries.find((entry) => entry.event === 'storage.writer.opened');
    expect(opening?.fields).toMatchObject({
      migratedFrom: 0,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });

    const path = join(opened.dataDir, 'profiles', ALICE, 'premia.db');
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(PREMIA_APPLICATION_ID);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      const tables = db.pragma('table_list') as {
        name: string;
        type: string;
        strict: number;
        schema: string;
      }[];
      const ours = tables.filter(
        (table) =>
          table.schema === 'main' && table.type === 'table' && !table.name.startsWith('sqlite_'),
      );
      expect(ours.map((table) => table.name).sort()).toEqual([
        'agent_baselines',
        'agent_matches',
        'agent_run_scans',
        'agent_runs',
        'agent_snapshots',
        'agents',
        'alerts',
        'audit_log',
        'instruments',
        'journal_account',
        'journal_imports',
        'kite_orders',
        'position_snapshots',
        'result_chains',
        'result_rows',
        'result_texts',
        'run_facets',
        'runs',
        'settings',
        'settlements',
        'trades',
      ]);
      expect(ours.every((table) => table.strict === 1)).toBe(true);
      const cascade = db.pragma('foreign_key_list(result_rows)') as {
        table: string;
        on_delete: string;
      }[];
      expect(cascade).toContainEqual(
        expect.objectContaining({ table: 'runs', on_delete: 'CASCADE' }),
      );
      // Migration 005: results is a view over the compact result_rows.
      const views = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'view'").pluck().all();
      expect(views).toEqual(['results']);
      const indexes = db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'result_rows' AND sql IS NOT NULL",
        )
        .pluck()
        .all();
      for (const column of [
        'annualized_yield_pct',
        'yield_pct',
        'otm_pct',
        'strike',
        'premium',
        'oi',
        'iv',
        'annualized_rom_pct',
      ]) {
        expect(indexes).toContain(`result_rows_run_pass_${column}`);
      }
      expect(indexes).toContain('result_rows_run_underlying');
      expect(indexes).toContain('result_rows_tradingsymbol');
    } finally {
      db.close();
    }
  });

  it('does not migrate again when the database is already current', async () => {
    const dataDir = tempDataDir();
    const first = await openTestStorage({ dataDir });
    await first.storage.listRuns(ALICE);
    await first.storage.close();
    const second = await openTestStorage({ dataDir });
    cleanups.push(second.cleanup);
    await second.storage.listRuns(ALICE);
    const opening = second.logger.entries.find((entry) => entry.event === 'storage.writer.opened');
    expect(opening?.fields).toMatchObject({ migratedFrom: LATEST_SCHEMA_VERSION });
  });

  it('runs numbered steps in order, one transaction each, and keeps the last good version', () => {
    const db = scratchDatabase();
    const steps = [
      step(
        1,
        `CREATE TABLE a (x INTEGER) STRICT; PRAGMA application_id = ${PREMIA_APPLICATION_ID};`,
      ),
      step(2, 'ALTER TABLE a ADD COLUMN y TEXT;'),
    ];
    expect(migrate(db, steps)).toEqual({ from: 0, to: 2 });
    // Already current: nothing runs (a repeated ALTER would fail).
    expect(migrate(db, steps)).toEqual({ from: 2, to: 2 });

    const broken = [
      ...steps,
      step(3, 'CREATE TABLE b (z INTEGER) STRICT; INSERT INTO nowhere VALUES (1);'),
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'b'").pluck().get()).toBe(0);

    expect(() => migrate(db, [step(1, ''), step(3, '')])).toThrow(/out of order/);
  });

  it('refuses a database written by a newer Premia, with a clear message, and leaves it untouched', async () => {
    const dataDir = tempDataDir();
    const root = join(dataDir, 'profiles', ALICE);
    mkdirSync(root, { recursive: true });
    const future = new Database(join(root, 'premia.db'));
    future.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY, from_the_future TEXT) STRICT;');
    future.pragma(`application_id = ${PREMIA_APPLICATION_ID}`);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    const before = readFileSync(join(root, 'premia.db'));

    const opened = await openTestStorage({ dataDir });
    cleanups.push(opened.cleanup);
    const error = await userError(opened.storage.listRuns(ALICE));
    expect(error.code).toBe('STORAGE_TOO_NEW');
    expect(error.message).toContain(`database version ${LATEST_SCHEMA_VERSION + 1}`);
    expect(error.message).toMatch(/Update Premia/);
    expect(readFileSync(join(root, 'premia.db')).equals(before)).toBe(true);
  });

  it('refuses the same way when called directly, with the kind too_new', () => {
    const db = scratchDatabase();
    db.pragma(`application_id = ${PREMIA_APPLICATION_ID}`);
    db.pragma('user_version = 99');
    let thrown: unknown;
    try {
      migrate(db);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageFailure);
    expect(thrown).toMatchObject({ kind: 'too_new' });
  });
});
