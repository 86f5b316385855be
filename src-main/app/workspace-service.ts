import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import {
  listOwnBackups,
  ownBackupPath,
  RETENTION_DAYS_SETTING,
  type OwnBackup,
  type Storage,
} from '../storage';
import type { FileDialogs } from './dialogs';
import type { Vault } from '../vault/vault';
import { profileLogPath } from './file-logger';

const RetentionSchema = z.number().int().positive();

/**
 * A profile's workspace as the trader manages it: disk usage against the quota, backups,
 * restore, retention of old runs; and, for the owner, every profile's sizes. The IPC handlers
 * and the CLI both call this.
 */
export class WorkspaceService {
  constructor(
    private readonly storage: Storage,
    private readonly vault: Vault,
    private readonly dialogs?: FileDialogs,
  ) {}

  async usage(profileId: ProfileId) {
    this.vault.requireUnlocked(profileId);
    return {
      usage: await this.storage.usage(profileId),
      logFile: profileLogPath(this.storage.dataDir, profileId),
      quotaBytes: this.vault.quotas(profileId).workspaceBytes,
      retentionDays:
        (await this.storage.getSetting(profileId, RETENTION_DAYS_SETTING, RetentionSchema)) ?? null,
      agents: await this.storage.agents.storageReport(profileId),
    };
  }

  /** Sizes only, never content: the owner keeps an eye on the shared disk. */
  async usageAll(requesterId: ProfileId) {
    this.vault.requireUnlocked(requesterId);
    if (this.vault.profiles.summary(requesterId).role !== 'owner') {
      throw new UserFacingError(
        'NOT_ALLOWED',
        "Only the workstation's owner sees every profile's disk usage.",
      );
    }
    const profiles = new Map(
      this.vault.profiles.list().map((profile) => [profile.id as string, profile]),
    );
    return (await this.storage.usageAll()).flatMap((entry) => {
      const profile = profiles.get(entry.profileId);
      return profile === undefined
        ? []
        : [
            {
              ...entry,
              name: profile.name,
              quotaBytes: this.vault.quotas(profile.id).workspaceBytes,
            },
          ];
    });
  }

  async backup(profileId: ProfileId) {
    this.vault.requireUnlocked(profileId);
    const backup = await this.storage.backup(profileId);
    await this.vault.audit.record(profileId, {
      action: 'workspace-backup',
      outcome: 'success',
      detail: `Backup written to ${backup.path}.`,
    });
    return backup;
  }

  /** This profile's own backups, newest first; the renderer restores one by its id. */
  async listBackups(profileId: ProfileId): Promise<OwnBackup[]> {
    this.vault.requireUnlocked(profileId);
    return listOwnBackups(this.storage.paths(profileId).backups);
  }

  /** One of this profile's own backups, chosen from listBackups by id. */
  async restoreBackup(profileId: ProfileId, backupId: string) {
    const path = ownBackupPath(this.storage.paths(profileId).backups, backupId);
    return this.restoreFrom(profileId, path, true);
  }

  /**
   * A file the trader picks in a dialog of the main process (the renderer never names a path).
   * Resolves null if the dialog is cancelled. Without a window (CLI, tests) there is no dialog.
   */
  async restoreFromChosenFile(profileId: ProfileId) {
    this.vault.requireUnlocked(profileId);
    if (this.dialogs === undefined) {
      throw new UserFacingError(
        'NOT_ALLOWED',
        'Choosing a backup file needs the Premia window. On the command line use: premia workspace restore FILE --profile NAME',
      );
    }
    const path = await this.dialogs.chooseFileToOpen({
      title: 'Restore a Premia backup of this profile',
      filters: [{ name: 'Premia backup', extensions: ['db'] }],
    });
    return path === null ? null : this.restoreFrom(profileId, path, false);
  }

  /** A file named on the command line (the trader typed it, with the profile's password). */
  restoreFile(profileId: ProfileId, path: string) {
    const inOwnBackups = dirname(resolve(path)) === resolve(this.storage.paths(profileId).backups);
    return this.restoreFrom(profileId, path, inOwnBackups);
  }

  private async restoreFrom(profileId: ProfileId, path: string, ownBackup: boolean) {
    this.vault.requireUnlocked(profileId);
    const maxBytes = this.vault.quotas(profileId).workspaceBytes;
    try {
      const restored = await this.storage.restore(profileId, path, { ownBackup, maxBytes });
      await this.vault.audit.record(profileId, {
        action: 'workspace-restore',
        outcome: 'success',
        detail: `Database restored from ${path}.${restored.safetyCopy === null ? '' : ` The replaced one is kept at ${restored.safetyCopy}.`}`,
      });
      return restored;
    } catch (error) {
      await this.vault.audit.record(profileId, {
        action: 'workspace-restore',
        outcome: 'failure',
        detail: `Restore from ${path} refused: ${error instanceof Error ? error.message : String(error)}`,
      });
      throw error;
    }
  }

  /** Saves the retention setting and applies it at once; null keeps every run. */
  async setRetention(profileId: ProfileId, days: number | null) {
    this.vault.requireUnlocked(profileId);
    await this.storage.setSetting(profileId, RETENTION_DAYS_SETTING, days);
    if (days === null) return { retentionDays: null, runsDeleted: 0, bytesFreed: 0 };
    const report = await this.storage.applyRetention(profileId, { olderThanDays: days });
    return {
      retentionDays: days,
      runsDeleted: report.runsDeleted,
      bytesFreed: Math.max(0, report.bytesBefore - report.bytesAfter),
    };
  }
}
