import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openWritable } from '../../src-main/storage/sqlite';
import type { Storage } from '../../src-main/storage/storage';
import type { ProfileId } from '../../src-preload/contract';
import { makeResultRows } from '../support/result-fixtures';
import { ALICE, BOB, openTestStorage, startScan, userError } from './support/storage-harness';

/** The storage layer as both the app and the CLI reach it: restore(profile, file). */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness() {
  const opened = await openTestStorage();
  cleanups.push(opened.cleanup);
  return opened;
}

async function aliceWithHistory(storage: Storage) {
  const runId = await startScan(storage, ALICE);
  await storage.appendResults(ALICE, runId, makeResultRows(0, 120));
  await storage.finishRun(ALICE, runId, { status: 'completed' });
  await storage.appendAudit(ALICE, { action: 'login', outcome: 'success', detail: 'Signed in.' });
  return runId;
}

async function snapshot(storage: Storage, profileId: ProfileId) {
  return {
    runs: (await storage.listRuns(profileId)).runs.map((run) => [run.id, run.rowsWritten]),
    audit: (await storage.listAudit(profileId, { limit: 500 })).entries.map((entry) => entry.id),
  };
}

describe('attack: a crafted backup runs code on restore (storage level)', () => {
  it('refuses a backup whose trigger would erase the audit log; the log keeps every entry', async () => {
    const { storage, dataDir } = await harness();
    await aliceWithHistory(storage);
    const backup = await storage.backup(ALICE);
    const evil = join(dataDir, 'evil.db');
    copyFileSync(backup.path, evil);
    const db = new Database(evil);
    db.exec('CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END');
    db.close();

    const refused = await userError(storage.restore(ALICE, evil));
    expect(refused.code).toBe('STORAGE_CORRUPT');
    expect(refused.message).toContain('contains a trigger ("wipe")');
    await storage.appendAudit(ALICE, { action: 'lock', outcome: 'success', detail: 'Locked.' });
    const entries = (await storage.listAudit(ALICE, { limit: 50 })).entries;
    expect(entries.map((entry) => entry.action)).toEqual(['lock', 'login']);
  });

  it("refuses another profile's backup, and a backup that names no profile from outside its folder", async () => {
    const { storage, dataDir } = await harness();
    await aliceWithHistory(storage);
    await startScan(storage, BOB);
    const aliceBackup = await storage.backup(ALICE);
    const before = await snapshot(storage, BOB);
    const refused = await userError(storage.restore(BOB, aliceBackup.path));
    expect(refused).toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringContaining('is a backup of another profile'),
    });
    expect(await snapshot(storage, BOB)).toEqual(before);

    const anonymous = join(dataDir, 'anonymous.db');
    copyFileSync(aliceBackup.path, anonymous);
    const db = new Database(anonymous);
    db.prepare("DELETE FROM settings WHERE key = 'premia.profileId'").run();
    db.close();
    expect((await userError(storage.restore(ALICE, anonymous))).message).toContain(
      "only from this profile's own backups",
    );
    // The same file in Alice's own backups folder is hers: it is accepted.
    const own = join(storage.paths(ALICE).backups, 'premia-older.db');
    copyFileSync(anonymous, own);
    await expect(storage.restore(ALICE, own, { ownBackup: true })).resolves.toMatchObject({
      schemaVersion: expect.any(Number),
    });
  });
});

describe('restore accepts only a regular file under the size cap; a refusal changes nothing', () => {
  it('refuses a symbolic link, a FIFO, a device and an oversized file', async () => {
    const { storage, dataDir } = await harness();
    await aliceWithHistory(storage);
    const backup = await storage.backup(ALICE);
    const before = await snapshot(storage, ALICE);
    const odd = join(dataDir, 'odd');
    mkdirSync(odd);
    symlinkSync(backup.path, join(odd, 'link.db'));
    execFileSync('mkfifo', [join(odd, 'pipe.db')]);

    const cases: [string, string, RegExp][] = [
      [join(odd, 'link.db'), 'STORAGE_CORRUPT', /is a symbolic link/],
      [join(odd, 'pipe.db'), 'STORAGE_CORRUPT', /is a named pipe/],
      ['/dev/zero', 'STORAGE_CORRUPT', /is a device/],
      [odd, 'STORAGE_CORRUPT', /is a folder/],
    ];
    for (const [path, code, message] of cases) {
      const refused = await userError(storage.restore(ALICE, path));
      expect({ path, code: refused.code }).toEqual({ path, code });
      expect(refused.message).toMatch(message);
    }
    const big = await userError(storage.restore(ALICE, backup.path, { maxBytes: 4096 }));
    expect(big).toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('quota') });

    expect(await snapshot(storage, ALICE)).toEqual(before);
    const database = storage.paths(ALICE).database;
    for (const leftover of ['.incoming', '.restoring', '.incoming-wal', '.restoring-wal']) {
      expect(existsSync(`${database}${leftover}`)).toBe(false);
    }
  });
});

describe('every connection is hardened', () => {
  it('has trusted_schema off and SQLite defensive mode on (no writable_schema edits)', async () => {
    const { dataDir } = await harness();
    const db = openWritable(join(dataDir, 'probe.db'), { busyTimeoutMs: 0 });
    try {
      db.exec('CREATE TABLE t (x INTEGER)');
      expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
      db.pragma('writable_schema = ON');
      expect(() => db.exec("UPDATE sqlite_schema SET sql = 'CREATE TABLE t (y)'")).toThrow(
        /may not be modified/,
      );
    } finally {
      db.close();
    }
  });
});
