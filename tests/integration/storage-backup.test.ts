import type { ProfileId } from '../../src-preload/contract';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../src-main/storage/migrations';
import { PREMIA_APPLICATION_ID } from '../../src-main/storage/sqlite';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows } from '../support/result-fixtures';
import { ALICE, BOB, openTestStorage, startScan, userError } from './support/storage-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness() {
  const opened = await openTestStorage({ rowsPerTransaction: 250 });
  cleanups.push(opened.cleanup);
  return opened;
}

async function finishedScan(storage: Storage, profileId: ProfileId, rows: number) {
  const runId = await startScan(storage, profileId);
  await storage.appendResults(profileId, runId, makeResultRows(0, rows));
  await storage.finishRun(profileId, runId, { status: 'completed' });
  return runId;
}

function inspect(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      applicationId: db.pragma('application_id', { simple: true }),
      runs: db
        .prepare('SELECT id, status, rows_written AS rowsWritten FROM runs ORDER BY id')
        .all() as {
        id: number;
        status: string;
        rowsWritten: number;
      }[],
      counted: db
        .prepare(
          'SELECT run_id AS id, count(*) AS rows FROM results GROUP BY run_id ORDER BY run_id',
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

describe('Storage backup and restore', () => {
  it('backs up while a scan writes (writes wait, none are lost) and restores that backup', async () => {
    const { storage } = await harness();
    const earlier = await finishedScan(storage, ALICE, 1_000);
    const scan = await startScan(storage, ALICE);
    let backup: Promise<Awaited<ReturnType<Storage['backup']>>> | null = null;
    for (let batch = 0; batch < 40; batch += 1) {
      const write = storage.appendResults(ALICE, scan, makeResultRows(batch * 250, 250));
      if (batch === 10) backup = storage.backup(ALICE);
      await write;
    }
    if (backup === null) throw new Error('backup was not started');
    const taken = await backup;
    await storage.finishRun(ALICE, scan, { status: 'completed' });
    expect((await storage.getRun(ALICE, scan)).rowsWritten).toBe(10_000);

    expect(taken.path.startsWith(join(storage.paths(ALICE).backups, 'premia-'))).toBe(true);
    const snapshot = inspect(taken.path);
    expect(snapshot.integrity).toBe('ok');
    expect(snapshot.applicationId).toBe(PREMIA_APPLICATION_ID);
    // A consistent snapshot: every run's counter matches its rows, taken mid-scan.
    const inBackup = snapshot.runs.find((run) => run.id === scan);
    expect(inBackup?.status).toBe('running');
    expect(inBackup?.rowsWritten).toBeGreaterThanOrEqual(10 * 250);
    expect(inBackup?.rowsWritten).toBeLessThan(10_000);
    expect(snapshot.counted).toEqual(
      snapshot.runs.map((run) => ({ id: run.id, rows: run.rowsWritten })),
    );

    const reading = storage.listRuns(ALICE);
    const restored = await storage.restore(ALICE, taken.path);
    await expect(reading).resolves.toBeDefined();
    expect(restored.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(restored.safetyCopy).not.toBeNull();
    expect((await storage.getRun(ALICE, earlier)).rowsWritten).toBe(1_000);
    // The scan that was running in the backup comes back as interrupted with what it had.
    expect(await storage.getRun(ALICE, scan)).toMatchObject({
      status: 'interrupted',
      rowsWritten: inBackup?.rowsWritten,
    });

    // The database that was replaced was kept; restoring it undoes the restore.
    await storage.restore(ALICE, restored.safetyCopy ?? '');
    expect(await storage.getRun(ALICE, scan)).toMatchObject({
      status: 'completed',
      rowsWritten: 10_000,
    });
    await expect(finishedScan(storage, ALICE, 10)).resolves.toBeGreaterThan(scan);
  });

  it('refuses files that are not Premia backups, damaged or from a newer Premia, and changes nothing', async () => {
    const { storage, dataDir } = await harness();
    const runId = await finishedScan(storage, ALICE, 300);
    const dir = join(dataDir, 'candidates');
    mkdirSync(dir);

    writeFileSync(join(dir, 'notes.txt'), 'strike,premium\n100,2.5\n');
    const foreign = new Database(join(dir, 'other-app.db'));
    foreign.exec('CREATE TABLE t (x INTEGER)');
    foreign.close();
    const future = new Database(join(dir, 'future.db'));
    future.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY)');
    future.pragma(`application_id = ${PREMIA_APPLICATION_ID}`);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    const good = await storage.backup(ALICE);
    const damaged = readFileSync(good.path);
    for (let index = 3 * 4096; index < damaged.length; index += 1) damaged[index] = index & 0xff;
    writeFileSync(join(dir, 'damaged.db'), damaged);

    const cases: [string, string, RegExp][] = [
      ['notes.txt', 'STORAGE_CORRUPT', /"notes.txt" is not a Premia backup/],
      ['other-app.db', 'STORAGE_CORRUPT', /"other-app.db" is not a Premia backup/],
      ['future.db', 'STORAGE_TOO_NEW', /newer version of Premia/],
      ['damaged.db', 'STORAGE_CORRUPT', /"damaged.db" is damaged/],
      ['missing.db', 'NOT_FOUND', /was not found/],
    ];
    for (const [file, code, message] of cases) {
      const error = await userError(storage.restore(ALICE, join(dir, file)));
      expect({ file, code: error.code }).toEqual({ file, code });
      expect(error.message).toMatch(message);
    }
    expect((await storage.getRun(ALICE, runId)).rowsWritten).toBe(300);
    await expect(finishedScan(storage, ALICE, 5)).resolves.toBeGreaterThan(runId);
    expect(existsSync(`${storage.paths(ALICE).database}.restoring`)).toBe(false);
  });

  it('brings back a profile whose database was damaged, keeping the damaged file aside', async () => {
    const first = await harness();
    const runId = await finishedScan(first.storage, ALICE, 200);
    await finishedScan(first.storage, BOB, 20);
    const taken = await first.storage.backup(ALICE);
    await first.storage.close();
    const live = join(first.dataDir, 'profiles', ALICE, 'premia.db');
    const garbage = Buffer.alloc(32 * 1024, 0x5a);
    writeFileSync(live, garbage);

    const { storage } = await openTestStorage({ dataDir: first.dataDir });
    cleanups.push(() => storage.close());
    expect((await userError(storage.listRuns(ALICE))).code).toBe('STORAGE_CORRUPT');
    const restored = await storage.restore(ALICE, taken.path);
    expect((await storage.getRun(ALICE, runId)).rowsWritten).toBe(200);
    expect(readFileSync(restored.safetyCopy ?? '').equals(garbage)).toBe(true);
  });

  it('will not overwrite an existing file with a backup', async () => {
    const { storage, dataDir } = await harness();
    await finishedScan(storage, ALICE, 10);
    const target = join(dataDir, 'taken.db');
    writeFileSync(target, 'keep me');
    const error = await userError(storage.backup(ALICE, { destination: target }));
    expect(error.code).toBe('CONFLICT');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });
});
