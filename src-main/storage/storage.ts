import { mkdir, rm } from 'node:fs/promises';
import type { z } from 'zod';
import { systemClock, type Clock } from '../app/clock';
import { whereDetailsAre, type Logger } from '../app/logger';
import type { WorkerScript } from '../app/worker-script';
import { UserFacingError } from '../domain/errors';
import { columnsFromInstruments } from '../market/instrument-columns';
import type { InstrumentColumns } from '../market/instruments';
import { asUserFacing } from './errors';
import type { ExportFormat, ExportOptions } from './export';
import {
  StorageFiles,
  type BackupInfo,
  type ExportInfo,
  type RestoreInfo,
  type RetentionReport,
} from './storage-files';
import { JournalStore } from './journal-store';
import { AgentStore } from './agent-store';
import { ProfileConnections } from './profile-connections';
import type { ChartQuery, InstrumentFilter, ProfileReader, ResultsPage } from './reader';
import {
  RETENTION_DAYS_SETTING,
  toRunId,
  type AuditEntry,
  type AuditInput,
  type InstrumentRow,
  type JsonValue,
  type RunFinish,
  type RunId,
  type RunStart,
  type RunSummary,
} from './records';
import type { ResultQuery } from './results-query';
import { runComparison, type RunComparison, type RunComparisonRequest } from './run-comparison';
import {
  assertBatchShape,
  estimateBatchBytes,
  isColumnar,
  transferablesOf,
  type ResultBatchInput,
} from './result-row';
import {
  pageOf,
  parseAudit,
  parsePage,
  parseSettingKey,
  parseTradingDay,
  runFinishRecord,
  runStartRecord,
  type Page,
} from './storage-input';
import { createWriterClient, type WriterClient } from './writer-client';
import { parseProfileId, type WorkspacePaths, type WorkspaceUsage } from './workspace';
import type { ProfileId } from '../../src-preload/contract';

function isInstrumentRows(
  instruments: readonly InstrumentRow[] | InstrumentColumns,
): instruments is readonly InstrumentRow[] {
  return Array.isArray(instruments);
}

export interface StorageOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The writer thread's entry; the Electron build passes its compiled chunk. */
  readonly writerScript?: WorkerScript;
  /** Result rows per write transaction when appends queue up (default 10,000). */
  readonly rowsPerTransaction?: number;
  /** Back-pressure bounds (default 10 transactions' worth of rows, 64 MiB). */
  readonly maxInFlightRows?: number;
  readonly maxInFlightBytes?: number;
  /** How long the writer waits on a lock held by another process (default 10 s). */
  readonly busyTimeoutMs?: number;
  /** Hard cap on each profile database, in 4 KiB pages (default: none). */
  readonly maxDatabasePages?: number;
  /**
   * A writer already made for this data directory by createWriterClient (the CLI starts its
   * thread before it loads the command, so the thread loads on the other core meanwhile).
   * Storage owns it from here on: close() stops it. Without one, Storage makes its own.
   */
  readonly writer?: WriterClient;
}

/** A restore source larger than this is refused unless the caller passes the profile's quota. */
const DEFAULT_RESTORE_MAX_BYTES = 2 * 1024 ** 3;

export interface AppendReceipt {
  readonly rowsWritten: number;
  readonly rowsPassing: number;
}

/**
 * Everything the app stores, per profile: scans and their result rows, the instrument cache,
 * the audit log, settings, backups and exports. Writes go through the one writer thread, reads
 * through read-only connections here in main. Every failure is a UserFacingError.
 */
export class Storage {
  private readonly files: StorageFiles;
  private readonly connections: ProfileConnections;
  private closed = false;
  /** The trade journal's tables, through this Storage's writer, readers and error handling. */
  readonly journal = new JournalStore({
    ready: (profileId) => this.connections.ready(profileId),
    call: (payload, transfer) => this.writer.call('journal', payload, null, transfer),
    read: (profileId, use) => this.connections.read(profileId, (reader) => reader.run(use)),
    guard: (operation, profileId, action) => this.guard(operation, profileId, action),
  });
  /** Agents, their runs and alerts, the same way. */
  readonly agents = new AgentStore({
    ready: (profileId) => this.connections.ready(profileId),
    call: (payload) => this.writer.call('agents', payload),
    read: (profileId, use) => this.connections.read(profileId, (reader) => reader.run(use)),
    guard: (operation, profileId, action) => this.guard(operation, profileId, action),
  });

  private constructor(
    private readonly options: StorageOptions,
    private readonly writer: WriterClient,
    private readonly clock: Clock,
  ) {
    this.files = new StorageFiles(options.dataDir, clock);
    this.connections = new ProfileConnections(options.dataDir, writer, clock, options.logger);
  }

  static async open(options: StorageOptions): Promise<Storage> {
    await mkdir(options.dataDir, { recursive: true });
    if (options.writer !== undefined && options.writer.dataDir !== options.dataDir) {
      throw new Error(
        `the writer given to Storage writes into ${options.writer.dataDir}, not ${options.dataDir}`,
      );
    }
    const writer = options.writer ?? createWriterClient(options);
    return new Storage(options, writer, options.clock ?? systemClock);
  }

  /**
   * Starts the writer thread ahead of the first write. A one-shot command calls it before it
   * asks for the password: the thread then loads while the key is derived, on another core.
   */
  prepareWriter(): void {
    if (!this.closed) this.writer.warm();
  }

  /**
   * Opens a profile's database (in the writer thread) and its reader ahead of their first use: a
   * one-shot command calls it before the sign-in, whose key derivation then overlaps the open. A
   * failure here is dropped: the first real use opens again and reports it.
   */
  prepareProfile(profileId: ProfileId): void {
    if (!this.closed) this.connections.ready(profileId).catch(() => undefined);
  }

  /** Runs `action`, turning any failure into a UserFacingError and logging the detail. */
  private async guard<T>(
    operation: string,
    profileId: ProfileId | null,
    action: () => Promise<T> | T,
  ): Promise<T> {
    if (this.closed) throw new UserFacingError('INTERNAL', 'Premia storage is closed.');
    try {
      return await action();
    } catch (error) {
      const root = profileId === null ? undefined : this.connections.rootOf(profileId);
      const userFacing = asUserFacing(error, root, whereDetailsAre(this.options.logger));
      this.options.logger.warn('storage.failed', {
        operation,
        profileId,
        code: userFacing.code,
        detail: error instanceof Error ? error.message : String(error),
      });
      throw userFacing;
    }
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** The profile's folders (for "show in folder"); does not create them. */
  paths(profileId: ProfileId): WorkspacePaths {
    return this.connections.paths(profileId);
  }

  /* --- scans ----------------------------------------------------------------------------- */

  createRun(profileId: ProfileId, meta: RunStart): Promise<RunId> {
    return this.guard('createRun', profileId, async () => {
      const run = runStartRecord(meta, this.clock);
      const paths = await this.connections.ready(profileId);
      const { runId } = await this.writer.call('createRun', { profileId: paths.profileId, run });
      return toRunId(runId);
    });
  }

  /**
   * Queues rows of a running scan for the writer and resolves once they are committed. Waits
   * first while too many rows are already in flight (back-pressure). With `transfer`, the typed
   * arrays of a columnar batch move to the writer thread and are unusable here afterwards.
   */
  appendResults(
    profileId: ProfileId,
    runId: RunId,
    batch: ResultBatchInput,
    options: { readonly transfer?: boolean } = {},
  ): Promise<AppendReceipt> {
    return this.guard('appendResults', profileId, async () => {
      if (isColumnar(batch)) assertBatchShape(batch);
      if (batch.length === 0) return { rowsWritten: 0, rowsPassing: 0 };
      const paths = await this.connections.ready(profileId);
      const transfer = options.transfer === true && isColumnar(batch) ? transferablesOf(batch) : [];
      return this.writer.call(
        'appendResults',
        { profileId: paths.profileId, runId: toRunId(runId), batch },
        { rows: batch.length, bytes: estimateBatchBytes(batch) },
        transfer,
      );
    });
  }

  /** Marks a scan completed, failed or cancelled; its rows become a finished run for readers. */
  finishRun(profileId: ProfileId, runId: RunId, summary: RunFinish): Promise<RunSummary> {
    return this.guard('finishRun', profileId, async () => {
      const finish = runFinishRecord(summary, this.clock);
      const paths = await this.connections.ready(profileId);
      await this.writer.call('finishRun', {
        profileId: paths.profileId,
        runId: toRunId(runId),
        finish,
      });
      return this.connections.read(profileId, (reader) => reader.requireRun(toRunId(runId)));
    });
  }

  getRun(profileId: ProfileId, runId: RunId): Promise<RunSummary> {
    return this.guard('getRun', profileId, async () =>
      this.connections.read(profileId, (reader) => reader.requireRun(toRunId(runId))),
    );
  }

  /** Newest first, `limit` per page (default 50); pass `nextBefore` back as `before`. */
  listRuns(
    profileId: ProfileId,
    page?: Page,
  ): Promise<{ runs: RunSummary[]; nextBefore: RunId | null }> {
    return this.guard('listRuns', profileId, async () => {
      const { limit, before } = parsePage(page);
      const fetched = await this.connections.read(profileId, (reader) =>
        reader.listRuns(limit + 1, before),
      );
      const { items, nextBefore } = pageOf(fetched, limit);
      return { runs: items, nextBefore: nextBefore === null ? null : toRunId(nextBefore) };
    });
  }

  /** A page of a finished scan's rows, sorted, filtered and paged by the database's indexes. */
  queryResults(
    profileId: ProfileId,
    query: ResultQuery,
  ): Promise<ResultsPage & { run: RunSummary }> {
    return this.guard('queryResults', profileId, async () => {
      return this.connections.read(profileId, (reader) => {
        const run = reader.requireFinished(toRunId(query.runId));
        return { run, ...reader.queryResults(query) };
      });
    });
  }

  /** Two finished runs of this profile compared on one underlying (the first they share). */
  compareRuns(profileId: ProfileId, request: RunComparisonRequest): Promise<RunComparison> {
    return this.guard('compareRuns', profileId, async () =>
      this.connections.read(profileId, (reader) => runComparison(reader, request)),
    );
  }

  /** One underlying's strikes for the results chart (see ProfileReader.chartPoints). */
  chartPoints(
    profileId: ProfileId,
    query: ChartQuery,
  ): Promise<ReturnType<ProfileReader['chartPoints']>> {
    return this.guard('chartPoints', profileId, async () => {
      // The chart reads a whole chain; the table's page, asked for in the same moment, goes
      // first. Reads are synchronous, so a request whose await chain is still in the microtask
      // queue would otherwise wait for this one to finish.
      await new Promise((resolve) => setImmediate(resolve));
      return this.connections.read(profileId, (reader) => {
        reader.requireFinished(query.runId);
        return reader.chartPoints(query);
      });
    });
  }

  /** The expiry dates each run scanned, for runs of this profile (unknown ids are skipped). */
  runExpiries(
    profileId: ProfileId,
    runIds: readonly RunId[],
  ): Promise<{ runId: RunId; expiries: string[] }[]> {
    return this.guard('runExpiries', profileId, async () =>
      this.connections.read(profileId, (reader) =>
        runIds.map((runId) => ({ runId, expiries: reader.runExpiries(runId) })),
      ),
    );
  }

  deleteRun(profileId: ProfileId, runId: RunId): Promise<{ resultsDeleted: number }> {
    return this.guard('deleteRun', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      return this.writer.call('deleteRun', { profileId: paths.profileId, runId: toRunId(runId) });
    });
  }

  /* --- audit, settings, instruments ------------------------------------------------------ */

  appendAudit(profileId: ProfileId, input: AuditInput): Promise<AuditEntry> {
    return this.guard('appendAudit', profileId, async () => {
      const entry = parseAudit(input);
      const paths = await this.connections.ready(profileId);
      const at = this.clock.now().toISOString();
      const { id } = await this.writer.call('appendAudit', {
        profileId: paths.profileId,
        at,
        ...entry,
      });
      return { id, at, ...entry };
    });
  }

  /** Entries recorded elsewhere (the app security log), at their own times, plus a setting. */
  importAudit(
    profileId: ProfileId,
    entries: readonly (AuditInput & { readonly at: string })[],
    setting: { readonly key: string; readonly value: JsonValue },
  ): Promise<{ imported: number }> {
    return this.guard('importAudit', profileId, async () => {
      const parsed = entries.map((entry) => ({ at: entry.at, ...parseAudit(entry) }));
      const paths = await this.connections.ready(profileId);
      return this.writer.call('importAudit', {
        profileId: paths.profileId,
        entries: parsed,
        key: parseSettingKey(setting.key),
        valueJson: JSON.stringify(setting.value),
      });
    });
  }

  /** Newest first, `limit` per page (default 50); pass `nextBefore` back as `before`. */
  listAudit(
    profileId: ProfileId,
    page?: Page,
  ): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
    return this.guard('listAudit', profileId, async () => {
      const { limit, before } = parsePage(page);
      const fetched = await this.connections.read(profileId, (reader) =>
        reader.listAudit(limit + 1, before),
      );
      const { items, nextBefore } = pageOf(fetched, limit);
      return { entries: items, nextBefore };
    });
  }

  /** The stored value if it parses with `schema`; undefined when unset (or no longer valid). */
  getSetting<T>(profileId: ProfileId, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    return this.guard('getSetting', profileId, async () => {
      const name = parseSettingKey(key);
      const json = await this.connections.read(profileId, (reader) => reader.settingJson(name));
      if (json === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
      this.options.logger.warn('storage.setting-invalid', { profileId, key });
      return undefined;
    });
  }

  setSetting(profileId: ProfileId, key: string, value: JsonValue): Promise<void> {
    return this.guard('setSetting', profileId, async () => {
      const name = parseSettingKey(key);
      const paths = await this.connections.ready(profileId);
      const valueJson = JSON.stringify(value);
      await this.writer.call('setSetting', { profileId: paths.profileId, key: name, valueJson });
    });
  }

  /**
   * Replaces one trading day's instrument list atomically; keeps the 3 most recent days. The list
   * crosses to the writer as columns (typed arrays and one packed string, a few MB for Kite's
   * ~100k rows), not as 100k cloned objects.
   */
  replaceInstruments(
    profileId: ProfileId,
    tradingDay: string,
    instruments: readonly InstrumentRow[] | InstrumentColumns,
  ): Promise<{ rows: number }> {
    return this.guard('replaceInstruments', profileId, async () => {
      const day = parseTradingDay(tradingDay);
      const paths = await this.connections.ready(profileId);
      const columns = isInstrumentRows(instruments)
        ? columnsFromInstruments(instruments)
        : instruments;
      const { rows: written } = await this.writer.call('replaceInstruments', {
        profileId: paths.profileId,
        tradingDay: day,
        columns,
      });
      return { rows: written };
    });
  }

  /** A day's whole list as columns, read row by row from the database (no row objects held). */
  getInstrumentColumns(profileId: ProfileId, tradingDay: string): Promise<InstrumentColumns> {
    return this.guard('getInstrumentColumns', profileId, async () =>
      this.connections.read(profileId, (reader) =>
        reader.instrumentColumns(parseTradingDay(tradingDay)),
      ),
    );
  }

  getInstruments(
    profileId: ProfileId,
    tradingDay: string,
    filter: InstrumentFilter = {},
  ): Promise<InstrumentRow[]> {
    return this.guard('getInstruments', profileId, async () =>
      this.connections.read(profileId, (reader) =>
        reader.instruments(parseTradingDay(tradingDay), filter),
      ),
    );
  }

  hasInstruments(profileId: ProfileId, tradingDay: string): Promise<boolean> {
    return this.guard(
      'hasInstruments',
      profileId,
      async () =>
        (await this.connections.read(profileId, (reader) =>
          reader.instrumentCount(parseTradingDay(tradingDay)),
        )) > 0,
    );
  }

  /* --- files: usage, quota, backup, restore, export, retention, deletion ----------------- */

  usage(profileId: ProfileId): Promise<WorkspaceUsage> {
    return this.guard('usage', profileId, () => this.files.usage(parseProfileId(profileId)));
  }

  /** Every profile's workspace size (for the owner): sizes only, no content is read. */
  usageAll(): Promise<WorkspaceUsage[]> {
    return this.guard('usageAll', null, () => this.files.usageAll());
  }

  /** Throws QUOTA_EXCEEDED if the workspace plus `expectedBytes` would exceed `quotaBytes`. */
  assertWithinQuota(profileId: ProfileId, quotaBytes: number, expectedBytes = 0): Promise<void> {
    return this.guard('assertWithinQuota', profileId, () =>
      this.files.assertWithinQuota(parseProfileId(profileId), quotaBytes, expectedBytes),
    );
  }

  /** An online backup into the workspace's backups/ (or `destination`); writes wait, none are lost. */
  backup(
    profileId: ProfileId,
    options: { readonly destination?: string } = {},
  ): Promise<BackupInfo> {
    return this.guard('backup', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      const path = this.files.backupPath(paths, options.destination);
      await this.writer.call('backup', { profileId: paths.profileId, destination: path });
      return this.files.describeBackup(path);
    });
  }

  /**
   * Replaces the profile's database with the rows of a Premia backup of this profile (the current
   * one is kept in backups/). A file from outside the backups folder must name this profile.
   */
  restore(
    profileId: ProfileId,
    sourcePath: string,
    options: { readonly ownBackup?: boolean; readonly maxBytes?: number } = {},
  ): Promise<RestoreInfo> {
    return this.guard('restore', profileId, async () => {
      const outcome = await this.connections.exclusively(profileId, (id) =>
        this.writer.call('restore', {
          profileId: id,
          source: this.files.absolute(sourcePath),
          safetyCopy: this.files.stampedPath(this.paths(id).backups, 'pre-restore', 'db'),
          now: this.clock.now().toISOString(),
          ownBackup: options.ownBackup ?? false,
          maxBytes: options.maxBytes ?? DEFAULT_RESTORE_MAX_BYTES,
        }),
      );
      await this.connections.ready(profileId);
      return outcome;
    });
  }

  /**
   * Writes a finished scan as CSV or JSON: the rows `options.query` selects (all when absent) to
   * `options.destination` (a path the trader chose) or the workspace's exports/.
   */
  exportRun(
    profileId: ProfileId,
    runId: RunId,
    format: ExportFormat,
    options: ExportOptions = {},
  ): Promise<ExportInfo> {
    return this.guard('exportRun', profileId, async () => {
      // Its own connection: an export spans many turns, and a restore may close the shared one.
      const reader = await this.connections.dedicatedReader(profileId);
      try {
        const run = reader.requireFinished(toRunId(runId));
        return await this.files.exportRun(this.paths(profileId), reader, run, format, options);
      } finally {
        reader.close();
      }
    });
  }

  /**
   * Deletes finished scans older than `olderThanDays` (default: the profile's
   * `storage.retentionDays` setting; neither set means keep everything), then gives the space back.
   */
  applyRetention(
    profileId: ProfileId,
    options: { readonly olderThanDays?: number } = {},
  ): Promise<RetentionReport> {
    return this.guard('applyRetention', profileId, async () => {
      const stored = await this.connections.read(profileId, (reader) =>
        reader.settingJson(RETENTION_DAYS_SETTING),
      );
      const paths = this.paths(profileId);
      return this.files.applyRetention(paths, options.olderThanDays ?? stored, (cutoff) =>
        this.writer.call('applyRetention', { profileId: paths.profileId, cutoff }),
      );
    });
  }

  /** Closes the profile's connections and removes its whole workspace. */
  deleteProfileData(profileId: ProfileId): Promise<void> {
    return this.guard('deleteProfileData', profileId, async () => {
      await this.connections.exclusively(profileId, async (id) => {
        await this.writer.call('release', { profileId: id });
        await rm(this.paths(id).root, { recursive: true, force: true });
      });
    });
  }

  /** Flushes queued writes, checkpoints and closes every database, stops the writer thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connections.closeAll();
    await this.writer.close();
  }

  /** The writer client, for tests and the benchmark (in-flight rows, generation). */
  get writerClient(): WriterClient {
    return this.writer;
  }
}
