import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../src-preload/contract';
import {
  call,
  createAndLogin,
  errorCode,
  premiaScope,
  STRONG,
  STRONG_B,
  value,
} from '../support/vault-fixtures';

const { setup } = premiaScope();

interface Usage {
  usage: { totalBytes: number; databaseBytes: number };
  quotaBytes: number;
  retentionDays: number | null;
}

describe('the workspace domain', () => {
  it('reports usage against the quota, backs up, restores, and keeps runs for the days set', async () => {
    const { premia, clock } = await setup(new Date('2026-11-20T05:00:00Z'));
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    const first = await (
      await premia.scans.start(asha.id, { symbols: ['TCS', 'INFY'], expiry: 'nearest' })
    ).done;
    const usage = await value<Usage>(premia, 'workspace.usage');
    expect(usage.usage.databaseBytes).toBeGreaterThan(0);
    expect(usage.quotaBytes).toBe(2 * 1024 ** 3);
    expect(usage.retentionDays).toBeNull();

    const backup = await value<{ path: string }>(premia, 'workspace.backup');
    expect(existsSync(backup.path)).toBe(true);
    await premia.scans
      .start(asha.id, { symbols: ['SBIN'], expiry: 'nearest' })
      .then((started) => started.done);
    const backups = await value<{ id: string }[]>(premia, 'workspace.listBackups');
    expect(backups.map((item) => item.id)).toEqual([basename(backup.path)]);
    const restored = await value<{ safetyCopy: string | null }>(premia, 'workspace.restore', {
      backupId: basename(backup.path),
    });
    expect(restored.safetyCopy).not.toBeNull();
    const runs = await value<{ runs: { id: number }[] }>(premia, 'runs.list', { limit: 10 });
    expect(runs.runs.map((run) => run.id)).toEqual([first.id]);

    clock.advance(40 * 86_400_000);
    const retention = await value<{ runsDeleted: number }>(premia, 'workspace.setRetention', {
      days: 30,
    });
    expect(retention.runsDeleted).toBe(1);
    expect((await value<Usage>(premia, 'workspace.usage')).retentionDays).toBe(30);
    // The audit log lives in the database: a restore brings back the log as it was at the backup.
    const audit = await value<{ action: string }[]>(premia, 'audit.list', { limit: 50 });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['workspace-restore', 'scan-run']),
    );
  });

  it('refuses a restore from a file that is not a Premia database', async () => {
    const { premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    writeFileSync(join(premia.storage.paths(asha.id).backups, 'not-a-database.db'), 'hello');
    expect(await errorCode(premia, 'workspace.restore', { backupId: 'not-a-database.db' })).toBe(
      'STORAGE_CORRUPT',
    );
  });

  it("shows every profile's sizes to the owner only", async () => {
    const { premia } = await setup();
    await createAndLogin(premia, 'Asha', STRONG);
    const bharat = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Bharat',
      password: STRONG_B,
    });
    const all = await value<{ name: string }[]>(premia, 'workspace.usageAll');
    expect(all.map((row) => row.name).sort()).toEqual(['Asha', 'Bharat']);
    await value(premia, 'session.login', { profileId: bharat.id, password: STRONG_B });
    expect(await errorCode(premia, 'workspace.usageAll')).toBe('NOT_ALLOWED');
    const usage = await call(premia, 'workspace.usage');
    expect(usage.ok).toBe(true);
  });
});
