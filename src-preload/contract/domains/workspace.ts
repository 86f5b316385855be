import { z } from 'zod';
import { method } from '../define';
import { AgentStorageSchema } from './agents';

export const WorkspaceUsageSchema = z.object({
  profileId: z.string(),
  databaseBytes: z.number().int(),
  exportsBytes: z.number().int(),
  backupsBytes: z.number().int(),
  logsBytes: z.number().int(),
  totalBytes: z.number().int(),
});
export type WorkspaceUsageView = z.infer<typeof WorkspaceUsageSchema>;

const RestoreOutcomeSchema = z.object({
  schemaVersion: z.number().int(),
  safetyCopy: z.string().nullable(),
});

/** The active profile's workspace: disk usage, backup and restore, retention of old runs. */
export const workspaceDomain = {
  usage: method(
    z.undefined(),
    z.object({
      usage: WorkspaceUsageSchema,
      /** This profile's own log (events that name it); the app's log holds everything. */
      logFile: z.string(),
      quotaBytes: z.number().int(),
      retentionDays: z.number().int().nullable(),
      agents: AgentStorageSchema,
    }),
  ),
  /** Owner only: every profile's usage and quota, sizes only (no content). */
  usageAll: method(
    z.undefined(),
    z
      .array(WorkspaceUsageSchema.extend({ name: z.string(), quotaBytes: z.number().int() }))
      .readonly(),
  ),
  backup: method(
    z.undefined(),
    z.object({ path: z.string(), bytes: z.number().int(), at: z.string() }),
  ),
  /** This profile's own backups (its backups folder), newest first. */
  listBackups: method(
    z.undefined(),
    z.array(z.object({ id: z.string(), at: z.string(), bytes: z.number().int() })).readonly(),
  ),
  /**
   * Replaces the profile's database with one of its own backups, named by id from listBackups;
   * the replaced one is kept in backups/. Never a path: the renderer cannot name another
   * profile's file.
   */
  restore: method(z.strictObject({ backupId: z.string().min(1).max(200) }), RestoreOutcomeSchema),
  /**
   * Restores a backup file the trader picks in a dialog of the main process; null if cancelled.
   * The file must be a backup of this profile.
   */
  restoreFromFile: method(z.undefined(), RestoreOutcomeSchema.nullable()),
  /** Runs older than this many days are deleted (null keeps everything); applied at once. */
  setRetention: method(
    z.object({ days: z.number().int().min(1).max(3650).nullable() }),
    z.object({
      retentionDays: z.number().int().nullable(),
      runsDeleted: z.number().int(),
      bytesFreed: z.number().int(),
    }),
  ),
};
