import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { Clock } from '../app/clock';
import { UserFacingError } from '../domain/errors';
import { formatBytes } from './disk';
import { writeRunExport, type ExportFormat, type ExportOptions } from './export';
import type { ProfileReader } from './reader';
import type { RunSummary } from './records';
import {
  listWorkspaceIds,
  workspacePaths,
  workspaceUsage,
  type WorkspacePaths,
  type WorkspaceUsage,
} from './workspace';

export interface BackupInfo {
  readonly path: string;
  readonly bytes: number;
  /** ISO time the backup was taken. */
  readonly at: string;
}

export interface RestoreInfo {
  readonly schemaVersion: number;
  /** Where the database that was replaced now lives (null if the profile had none). */
  readonly safetyCopy: string | null;
}

export interface ExportInfo {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface RetentionReport {
  readonly olderThanDays: number | null;
  readonly runsDeleted: number;
  readonly resultsDeleted: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const RetentionDaysSchema = z.number().int().min(1).max(36_500);

/** Bytes one stored result row takes on average, indexes included (bench:storage measures 375). */
export const BYTES_PER_RESULT_ROW = 400;

/** A rough size of a scan before it runs, for assertWithinQuota's expectedBytes. */
export function estimateRunBytes(options: number): number {
  return options * BYTES_PER_RESULT_ROW;
}

/** The file-level parts of Storage: sizes, quota, file names, exports and retention. */
export class StorageFiles {
  constructor(
    private readonly dataDir: string,
    private readonly clock: Clock,
  ) {}

  usage(profileId: ProfileId): Promise<WorkspaceUsage> {
    return workspaceUsage(workspacePaths(this.dataDir, profileId));
  }

  /** Every profile's workspace size (for the owner): sizes only, nothing is opened or read. */
  async usageAll(): Promise<WorkspaceUsage[]> {
    const ids = await listWorkspaceIds(this.dataDir);
    return Promise.all(ids.map((id) => this.usage(id)));
  }

  async assertWithinQuota(
    profileId: ProfileId,
    quotaBytes: number,
    expectedBytes: number,
  ): Promise<void> {
    const { totalBytes } = await this.usage(profileId);
    if (totalBytes + expectedBytes <= quotaBytes) return;
    const needs =
      expectedBytes > 0 ? ` and this scan needs about ${formatBytes(expectedBytes)} more` : '';
    throw new UserFacingError(
      'QUOTA_EXCEEDED',
      `This profile uses ${formatBytes(totalBytes)} of its ${formatBytes(quotaBytes)} storage quota${needs}. ` +
        'Delete old scans or exports, or ask the owner for a larger quota, before starting a new scan.',
    );
  }

  absolute(path: string): string {
    return resolve(path);
  }

  /** `<folder>/<prefix>-2024-05-01T09-15-00-000Z.<ext>`, with a counter if that name is taken. */
  stampedPath(folder: string, prefix: string, extension: string): string {
    const stamp = this.clock.now().toISOString().replaceAll(':', '-').replaceAll('.', '-');
    let candidate = join(folder, `${prefix}-${stamp}.${extension}`);
    for (let counter = 2; existsSync(candidate); counter += 1) {
      candidate = join(folder, `${prefix}-${stamp}-${counter}.${extension}`);
    }
    return candidate;
  }

  backupPath(paths: WorkspacePaths, destination: string | undefined): string {
    if (destination === undefined) return this.stampedPath(paths.backups, 'premia', 'db');
    const path = resolve(destination);
    if (existsSync(path)) {
      throw new UserFacingError(
        'CONFLICT',
        `"${path}" already exists. Choose a new file name for the backup.`,
      );
    }
    return path;
  }

  async describeBackup(path: string): Promise<BackupInfo> {
    return { path, bytes: (await stat(path)).size, at: this.clock.now().toISOString() };
  }

  async exportRun(
    paths: WorkspacePaths,
    reader: ProfileReader,
    run: RunSummary,
    format: ExportFormat,
    options: ExportOptions = {},
  ): Promise<ExportInfo> {
    const path =
      options.destination === undefined
        ? this.stampedPath(paths.exports, `run-${run.id}`, format)
        : resolve(options.destination);
    // A save dialog has asked about replacing a file; a path typed on the command line has not.
    if (options.destination !== undefined && options.replace !== true && existsSync(path)) {
      throw new UserFacingError(
        'CONFLICT',
        `"${path}" already exists. Choose a new file name for the export.`,
      );
    }
    const { rows, bytes } = await writeRunExport(reader, run, format, path, options.query);
    return { path, rows, bytes };
  }

  async applyRetention(
    paths: WorkspacePaths,
    /** An explicit age, or the profile's stored setting (JSON text), or nothing. */
    olderThan: number | string | undefined,
    deleteBefore: (cutoff: string) => Promise<{ runsDeleted: number; resultsDeleted: number }>,
  ): Promise<RetentionReport> {
    const bytesBefore = (await workspaceUsage(paths)).databaseBytes;
    const fromSetting =
      typeof olderThan === 'string' ? RetentionDaysSchema.safeParse(JSON.parse(olderThan)) : null;
    const days =
      typeof olderThan === 'number'
        ? olderThan
        : fromSetting?.success
          ? fromSetting.data
          : undefined;
    if (days === undefined) {
      return {
        olderThanDays: null,
        runsDeleted: 0,
        resultsDeleted: 0,
        bytesBefore,
        bytesAfter: bytesBefore,
      };
    }
    if (!RetentionDaysSchema.safeParse(days).success) {
      throw new UserFacingError('BAD_INPUT', 'Keep scans for 1 to 36,500 days.');
    }
    const cutoff = new Date(this.clock.now().getTime() - days * DAY_MS).toISOString();
    const deleted = await deleteBefore(cutoff);
    const bytesAfter = (await workspaceUsage(paths)).databaseBytes;
    return { olderThanDays: days, ...deleted, bytesBefore, bytesAfter };
  }
}
