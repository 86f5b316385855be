import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import { RETENTION_DAYS_SETTING, type Storage } from '../storage';
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
  ) {}

  async usage(profileId: ProfileId) {
    this.vault.requireUnlocked(profileId);
    return {
      usage: await this.storage.usage(profileId),
      logFile: profileLogPath(this.storage.dataDir, profileId),
      quotaBytes: this.vault.quotas(profileId).workspaceBytes,
      retentionDays:
        (await this.storage.getSetting(profileId, RETENTION_DAYS_SETTING, RetentionSchema)) ?? null,
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

  async restore(profileId: ProfileId, path: string) {
    this.vault.requireUnlocked(profileId);
    const restored = await this.storage.restore(profileId, path);
    await this.vault.audit.record(profileId, {
      action: 'workspace-restore',
      outcome: 'success',
      detail: `Database restored from ${path}.${restored.safetyCopy === null ? '' : ` The replaced one is kept at ${restored.safetyCopy}.`}`,
    });
    return restored;
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
