import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { FileDialogs } from '../../src-main/app/dialogs';
import type { Premia } from '../../src-main/app/create-premia';
import type { AuditEntry, ProfileSummary } from '../../src-preload/contract';
import {
  call,
  createAndLogin,
  openTestPremia,
  premiaScope,
  STRONG,
  STRONG_B,
  tempDataDir,
  value,
} from '../support/vault-fixtures';

const { defer } = premiaScope();

/** The main-process file dialog as a test drives it: it "picks" whatever file is set. */
function scriptedDialogs(): FileDialogs & { chosen: string | null } {
  const dialogs = {
    chosen: null as string | null,
    chooseFileToOpen: async () => dialogs.chosen,
    chooseFileToSave: async () => null,
  };
  return dialogs;
}

async function openWithDialogs(): Promise<{
  premia: Premia;
  dialogs: ReturnType<typeof scriptedDialogs>;
}> {
  const { dir, cleanup } = tempDataDir();
  defer(cleanup);
  const dialogs = scriptedDialogs();
  const premia = await openTestPremia(dir, { dialogs });
  defer(() => premia.close());
  return { premia, dialogs };
}

async function errorOf(premia: Premia, channel: string, input?: unknown) {
  const result = await call(premia, channel, input);
  if (result.ok) throw new Error(`${channel} succeeded but should have been refused`);
  return result.error;
}

/** A copy of `backup` with extra SQL run in it: what an attacker would hand over. */
function crafted(backup: string, name: string, sql: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'premia-crafted-')), name);
  copyFileSync(backup, path);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

async function scanAndBackUp(premia: Premia, profile: ProfileSummary): Promise<string> {
  await (
    await premia.scans.start(profile.id, { symbols: ['TCS'], expiry: 'nearest' })
  ).done;
  return (await value<{ path: string }>(premia, 'workspace.backup')).path;
}

describe("attack: profile B restores profile A's data to read it", () => {
  it("refuses A's live database and A's backups, by path, by id or through the file dialog", async () => {
    const { premia, dialogs } = await openWithDialogs();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    const ashaBackup = await scanAndBackUp(premia, asha);
    const ashaDatabase = join(premia.storage.paths(asha.id).root, 'premia.db');
    await createAndLogin(premia, 'Bharat', STRONG_B);

    // The old contract took any path; now the renderer can only name an id from its own list.
    for (const path of [ashaDatabase, ashaBackup]) {
      expect((await errorOf(premia, 'workspace.restore', { path })).code).toBe('BAD_INPUT');
    }
    const escape = `../../${asha.id}/backups/${basename(ashaBackup)}`;
    expect((await errorOf(premia, 'workspace.restore', { backupId: escape })).code).toBe(
      'BAD_INPUT',
    );
    expect(
      (await errorOf(premia, 'workspace.restore', { backupId: basename(ashaBackup) })).code,
    ).toBe('NOT_FOUND');

    // Even a file picked in the main-process dialog must be a backup of this profile.
    for (const path of [ashaDatabase, ashaBackup]) {
      dialogs.chosen = path;
      const refused = await errorOf(premia, 'workspace.restoreFromFile');
      expect(refused).toMatchObject({
        code: 'NOT_ALLOWED',
        message: expect.stringContaining('is a backup of another profile'),
      });
    }
    expect(await value<{ runs: unknown[] }>(premia, 'runs.list', { limit: 10 })).toMatchObject({
      runs: [],
    });
    const bAudit = await value<AuditEntry[]>(premia, 'audit.list', { limit: 100 });
    expect(bAudit.some((entry) => entry.action === 'scan-run')).toBe(false);
    // Each refusal the service saw (one by id, two from the dialog) is in B's own audit log.
    expect(
      bAudit.filter((entry) => entry.action === 'workspace-restore').map((entry) => entry.outcome),
    ).toEqual(['failure', 'failure', 'failure']);
  });

  it('still restores its own backups, from the list or the dialog, and says when it is cancelled', async () => {
    const { premia, dialogs } = await openWithDialogs();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    const backup = await scanAndBackUp(premia, asha);
    const listed = await value<{ id: string }[]>(premia, 'workspace.listBackups');
    expect(listed.map((item) => item.id)).toEqual([basename(backup)]);
    await value(premia, 'workspace.restore', { backupId: basename(backup) });
    dialogs.chosen = backup;
    await value(premia, 'workspace.restoreFromFile');
    dialogs.chosen = null;
    expect(await value(premia, 'workspace.restoreFromFile')).toBeNull();
    const runs = await value<{ runs: unknown[] }>(premia, 'runs.list', { limit: 10 });
    expect(runs.runs).toHaveLength(1);
  });
});

describe('attack: a crafted backup carries code that runs after the restore', () => {
  it('refuses a backup with a trigger, a view or an unknown table; the audit log survives', async () => {
    const { premia, dialogs } = await openWithDialogs();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    const backup = await scanAndBackUp(premia, asha);
    const before = await value<AuditEntry[]>(premia, 'audit.list', { limit: 100 });
    const attacks: [string, string, RegExp][] = [
      [
        'wipe.db',
        'CREATE TRIGGER wipe_audit AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END;',
        /contains a trigger \("wipe_audit"\)/,
      ],
      ['view.db', 'CREATE VIEW peek AS SELECT * FROM settings;', /contains a view \("peek"\)/],
      ['table.db', 'CREATE TABLE stash (x TEXT);', /contains a table \("stash"\)/],
    ];
    for (const [name, sql, message] of attacks) {
      dialogs.chosen = crafted(backup, name, sql);
      const refused = await errorOf(premia, 'workspace.restoreFromFile');
      expect({ name, code: refused.code }).toEqual({ name, code: 'STORAGE_CORRUPT' });
      expect(refused.message).toMatch(message);
    }
    const after = await value<AuditEntry[]>(premia, 'audit.list', { limit: 100 });
    expect(after.slice(attacks.length).map((entry) => entry.id)).toEqual(
      before.map((entry) => entry.id),
    );
    expect(after.slice(0, attacks.length).map((entry) => entry.outcome)).toEqual([
      'failure',
      'failure',
      'failure',
    ]);
  });
});
