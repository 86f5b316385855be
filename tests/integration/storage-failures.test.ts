import type { ProfileId } from '../../src-preload/contract';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows } from '../support/result-fixtures';
import { mountTmpfs, remountReadOnly, unmount } from './support/mounts';
import {
  ALICE,
  BOB,
  openTestStorage,
  startScan,
  tempDataDir,
  userError,
} from './support/storage-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(
  options: Parameters<typeof openTestStorage>[0] = {},
  beforeRemove?: () => void,
) {
  const opened = await openTestStorage(options, beforeRemove);
  cleanups.push(opened.cleanup);
  return opened;
}

/** A finished scan in `profileId`, to check later that nothing of it was lost. */
async function finishedScan(storage: Storage, profileId: ProfileId, rows: number) {
  const runId = await startScan(storage, profileId);
  await storage.appendResults(profileId, runId, makeResultRows(0, rows));
  await storage.finishRun(profileId, runId, { status: 'completed' });
  return runId;
}

describe('Storage when the disk or the file fails', () => {
  it('reports a full disk as STORAGE_FULL, keeps what was committed, and other profiles go on', async () => {
    const dataDir = tempDataDir();
    const aliceRoot = join(dataDir, 'profiles', ALICE);
    mkdirSync(aliceRoot, { recursive: true });
    // A real 1 MiB file system where we may mount one; otherwise SQLite's page cap (1.2 MiB).
    const mounted = mountTmpfs(aliceRoot, 1024 * 1024);
    const { storage, logger } = await harness(
      { dataDir, rowsPerTransaction: 1_000, ...(mounted ? {} : { maxDatabasePages: 300 }) },
      () => unmount(aliceRoot),
    );

    const bobRun = await finishedScan(storage, BOB, 200);
    const aliceRun = await startScan(storage, ALICE);
    let committedBatches = 0;
    let failure: unknown = null;
    for (let batch = 0; batch < 200 && failure === null; batch += 1) {
      try {
        await storage.appendResults(ALICE, aliceRun, makeResultRows(batch * 500, 500));
        committedBatches += 1;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({ code: 'STORAGE_FULL' });
    expect(String((failure as Error).message)).toMatch(/disk holding Premia data is full/);
    expect(committedBatches).toBeGreaterThan(0);
    expect(logger.entries.some((entry) => entry.fields.detail === 'database or disk is full')).toBe(
      true,
    );

    // What was committed before the disk filled is all there; the writer thread is still up.
    expect((await storage.getRun(ALICE, aliceRun)).rowsWritten).toBe(committedBatches * 500);
    const generation = storage.writerClient.generation;
    expect((await storage.getRun(BOB, bobRun)).rowsWritten).toBe(200);
    const bobNext = await finishedScan(storage, BOB, 50);
    expect((await storage.queryResults(BOB, { runId: bobNext })).total).toBe(50);
    expect(storage.writerClient.generation).toBe(generation);
  });

  it('reports a read-only profile folder as STORAGE_READ_ONLY and leaves other profiles writable', async () => {
    const dataDir = tempDataDir();
    const aliceRoot = join(dataDir, 'profiles', ALICE);
    mkdirSync(aliceRoot, { recursive: true });
    const mounted = mountTmpfs(aliceRoot, 16 * 1024 * 1024);
    const { storage: writer } = await harness({ dataDir }, () => unmount(aliceRoot));
    await finishedScan(writer, ALICE, 100);
    await writer.close();
    const before = readFileSync(join(aliceRoot, 'premia.db'));

    // root ignores permission bits, so as root the folder's file system is made read-only.
    if (mounted) remountReadOnly(aliceRoot);
    else {
      chmodSync(join(aliceRoot, 'premia.db'), 0o444);
      chmodSync(aliceRoot, 0o555);
    }
    const { storage } = await harness({ dataDir }, () => {
      unmount(aliceRoot);
      if (!mounted) chmodSync(aliceRoot, 0o755);
    });
    const refused = await userError(
      storage.createRun(ALICE, { source: 'kite', symbols: [], expiry: null, filters: {} }),
    );
    expect(refused.code).toBe('STORAGE_READ_ONLY');
    expect(refused.message).toContain(aliceRoot);
    expect(refused.message).toMatch(/cannot write/);
    await expect(finishedScan(storage, BOB, 30)).resolves.toBeGreaterThan(0);

    // The file itself was not touched.
    expect(readFileSync(join(aliceRoot, 'premia.db')).equals(before)).toBe(true);
  });

  it('reports a garbage database file as STORAGE_CORRUPT without crashing or touching others', async () => {
    const { storage, dataDir } = await harness();
    const bobRun = await finishedScan(storage, BOB, 40);
    const alicePath = join(dataDir, 'profiles', ALICE, 'premia.db');
    mkdirSync(join(dataDir, 'profiles', ALICE), { recursive: true });
    const garbage = Buffer.alloc(64 * 1024);
    for (let index = 0; index < garbage.length; index += 1)
      garbage[index] = (index * 7919 + 13) & 0xff;
    writeFileSync(alicePath, garbage);

    const generation = storage.writerClient.generation;
    for (const attempt of [() => storage.listRuns(ALICE), () => startScan(storage, ALICE)]) {
      const error = await userError(attempt());
      expect(error.code).toBe('STORAGE_CORRUPT');
      expect(error.message).toMatch(/damaged.*Restore it from a backup/);
    }
    expect(readFileSync(alicePath).equals(garbage)).toBe(true);
    expect(storage.writerClient.generation).toBe(generation);
    expect((await storage.getRun(BOB, bobRun)).rowsWritten).toBe(40);
  });

  it('reports damaged pages inside a real database as STORAGE_CORRUPT', async () => {
    const { storage: writer, dataDir } = await harness();
    const runId = await finishedScan(writer, ALICE, 3_000);
    await writer.close();
    const path = join(dataDir, 'profiles', ALICE, 'premia.db');
    const bytes = readFileSync(path);
    // Keep the header and schema page; scramble everything after them.
    for (let index = 2 * 4096; index < bytes.length; index += 1) bytes[index] = (index * 31) & 0xff;
    writeFileSync(path, bytes);

    const { storage } = await harness({ dataDir });
    const error = await userError(storage.queryResults(ALICE, { runId }));
    expect(error.code).toBe('STORAGE_CORRUPT');
  });

  it("refuses another program's SQLite database instead of migrating it", async () => {
    const { storage, dataDir } = await harness();
    const root = join(dataDir, 'profiles', ALICE);
    mkdirSync(root, { recursive: true });
    const foreign = new Database(join(root, 'premia.db'));
    foreign.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ravi');");
    foreign.close();
    const error = await userError(storage.listRuns(ALICE));
    expect(error.code).toBe('STORAGE_CORRUPT');
    expect(error.message).toMatch(/some other program/);
    const check = new Database(join(root, 'premia.db'), { readonly: true });
    try {
      expect(
        check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all(),
      ).toEqual(['contacts']);
    } finally {
      check.close();
    }
  });
});
