import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { z } from 'zod';
import { systemClock, type Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { resolveWorkerScript, type WorkerScript } from '../app/worker-script';
import { UserFacingError } from '../ipc/errors';
import { asUserFacing } from './errors';
import type { ExportFormat } from './export';
import { StorageFiles, type BackupInfo, type ExportInfo, type RestoreInfo } from './storage-files';
import { ProfileConnections } from './profile-connections';
import type { InstrumentFilter, ProfileReader, ResultsPage } from './reader';
import {
  RETENTION_DAYS_SETTING,
  SettingKeySchema,
  toRunId,
  TradingDaySchema,
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
import {
  assertBatchShape,
  estimateBatchBytes,
  isColumnar,
  transferablesOf,
  type ResultBatchInput,
} from './result-row';
import { WriterClient } from './writer-client';
import { parseProfileId, workspacePaths, type WorkspacePaths } from './workspace';

export interface StorageOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The writer thread's entry; the Electron build passes its compiled chunk. */
  readonly writerScript?: WorkerScript;
  /** Result rows per write transaction (default 2,000). */
  readonly rowsPerTransaction?: number;
  /** Back-pressure bounds (default 10 transactions' worth of rows, 64 MiB). */
  readonly maxInFlightRows?: number;
  readonly maxInFlightBytes?: number;
  /** How long the writer waits on a lock held by another process (default 10 s). */
  readonly busyTimeoutMs?: number;
  /** Hard cap on each profile database, in 4 KiB pages (default: none). */
  readonly maxDatabasePages?: number;
}

export interface AppendReceipt {
  readonly rowsWritten: number;
  readonly rowsPassing: number;
}

export interface Page {
  readonly limit?: number;
  /** The `nextBefore` of the previous page. */
  readonly before?: number | null;
}

const PageSchema = z.object({
  limit: z.number().int().min(1).max(500).default(50),
  before: z.number().int().positive().nullable().default(null),
});
const AuditInputSchema = z.object({
  action: z.string().min(1).max(200),
  outcome: z.enum(['success', 'failure']),
  detail: z.string().max(10_000).default(''),
});

function parsePage(page: Page | undefined): { limit: number; before: number | null } {
  const parsed = PageSchema.safeParse(page ?? {});
  if (!parsed.success)
    throw new UserFacingError('BAD_INPUT', 'The page size or position is not valid.');
  return parsed.data;
}

function parseTradingDay(value: string): string {
  const parsed = TradingDaySchema.safeParse(value);
  if (!parsed.success)
    throw new UserFacingError('BAD_INPUT', `"${value}" is not a trading day (YYYY-MM-DD).`);
  return parsed.data;
}

function isoTime(value: string | undefined, clock: Clock): string {
  const at = value === undefined ? clock.now() : new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new UserFacingError('BAD_INPUT', `"${value}" is not a valid time.`);
  return at.toISOString();
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
    const rowsPerTransaction = options.rowsPerTransaction ?? 2_000;
    if (!Number.isInteger(rowsPerTransaction) || rowsPerTransaction < 1) {
      throw new UserFacingError('BAD_INPUT', 'rowsPerTransaction must be a positive whole number.');
    }
    const writer = new WriterClient({
      script:
        options.writerScript ?? resolveWorkerScript(new URL('./writer-thread.ts', import.meta.url)),
      config: {
        dataDir: options.dataDir,
        ownerId: randomUUID(),
        rowsPerTransaction,
        busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
        ...(options.maxDatabasePages === undefined
          ? {}
          : { maxDatabasePages: options.maxDatabasePages }),
      },
      logger: options.logger,
      ...(options.maxInFlightRows === undefined
        ? {}
        : { maxInFlightRows: options.maxInFlightRows }),
      ...(options.maxInFlightBytes === undefined
        ? {}
        : { maxInFlightBytes: options.maxInFlightBytes }),
    });
    return new Storage(options, writer, options.clock ?? systemClock);
  }

  /** Runs `action`, turning any failure into a UserFacingError and logging the detail. */
  private async guard<T>(
    operation: string,
    profileId: string | null,
    action: () => Promise<T> | T,
  ): Promise<T> {
    if (this.closed) throw new UserFacingError('INTERNAL', 'Premia storage is closed.');
    try {
      return await action();
    } catch (error) {
      const root = profileId === null ? undefined : this.safeRoot(profileId);
      const userFacing = asUserFacing(error, root);
      this.options.logger.warn('storage.failed', {
        operation,
        profileId,
        code: userFacing.code,
        detail: error instanceof Error ? error.message : String(error),
      });
      throw userFacing;
    }
  }

  private safeRoot(profileId: string): string | undefined {
    try {
      return workspacePaths(this.options.dataDir, parseProfileId(profileId)).root;
    } catch {
      return undefined;
    }
  }

  /** The profile's folders (for "show in folder"); does not create them. */
  paths(profileId: string): WorkspacePaths {
    return this.connections.paths(profileId);
  }

  /* --- scans ----------------------------------------------------------------------------- */

  createRun(profileId: string, meta: RunStart): Promise<RunId> {
    return this.guard('createRun', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      const { runId } = await this.writer.call('createRun', {
        profileId: paths.profileId,
        run: {
          source: meta.source,
          symbolsJson: JSON.stringify(meta.symbols),
          expiry: meta.expiry,
          filtersJson: JSON.stringify(meta.filters),
          underlyingsTotal: meta.underlyingsTotal ?? 0,
          optionsTotal: meta.optionsTotal ?? 0,
          startedAt: isoTime(meta.startedAt, this.clock),
        },
      });
      return toRunId(runId);
    });
  }

  /**
   * Queues rows of a running scan for the writer and resolves once they are committed. Waits
   * first while too many rows are already in flight (back-pressure). With `transfer`, the typed
   * arrays of a columnar batch move to the writer thread and are unusable here afterwards.
   */
  appendResults(
    profileId: string,
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
  finishRun(profileId: string, runId: RunId, summary: RunFinish): Promise<RunSummary> {
    return this.guard('finishRun', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      const json = (value: unknown): string | null =>
        value === undefined ? null : JSON.stringify(value);
      await this.writer.call('finishRun', {
        profileId: paths.profileId,
        runId: toRunId(runId),
        finish: {
          status: summary.status,
          finishedAt: isoTime(summary.finishedAt, this.clock),
          underlyingsTotal: summary.underlyingsTotal ?? null,
          optionsTotal: summary.optionsTotal ?? null,
          apiCalls: summary.apiCalls ?? null,
          unmatchedJson: json(summary.unmatched),
          errorsJson: json(summary.errors),
          durationsJson: json(summary.durations),
          errorSummary: summary.errorSummary ?? null,
        },
      });
      return this.connections.read(profileId, (reader) => this.requireRun(reader, runId));
    });
  }

  private requireRun(reader: ProfileReader, runId: RunId): RunSummary {
    const run = reader.getRun(toRunId(runId));
    if (run === undefined)
      throw new UserFacingError('NOT_FOUND', `Scan ${runId} does not exist in this profile.`);
    return run;
  }

  private requireFinished(reader: ProfileReader, runId: RunId): RunSummary {
    const run = this.requireRun(reader, runId);
    if (run.status === 'running') {
      throw new UserFacingError(
        'CONFLICT',
        `Scan ${runId} is still running. Its results appear when it finishes.`,
      );
    }
    return run;
  }

  getRun(profileId: string, runId: RunId): Promise<RunSummary> {
    return this.guard('getRun', profileId, async () =>
      this.connections.read(profileId, (reader) => this.requireRun(reader, runId)),
    );
  }

  /** Newest first, `limit` per page (default 50); pass `nextBefore` back as `before`. */
  listRuns(
    profileId: string,
    page?: Page,
  ): Promise<{ runs: RunSummary[]; nextBefore: RunId | null }> {
    return this.guard('listRuns', profileId, async () => {
      const { limit, before } = parsePage(page);
      const runs = await this.connections.read(profileId, (reader) =>
        reader.listRuns(limit + 1, before),
      );
      const shown = runs.slice(0, limit);
      const last = shown.at(-1);
      return {
        runs: shown,
        nextBefore: runs.length > limit && last !== undefined ? last.id : null,
      };
    });
  }

  /** A page of a finished scan's rows, sorted, filtered and paged by the database's indexes. */
  queryResults(profileId: string, query: ResultQuery): Promise<ResultsPage & { run: RunSummary }> {
    return this.guard('queryResults', profileId, async () => {
      return this.connections.read(profileId, (reader) => {
        const run = this.requireFinished(reader, toRunId(query.runId));
        return { run, ...reader.queryResults(query) };
      });
    });
  }

  deleteRun(profileId: string, runId: RunId): Promise<{ resultsDeleted: number }> {
    return this.guard('deleteRun', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      return this.writer.call('deleteRun', { profileId: paths.profileId, runId: toRunId(runId) });
    });
  }

  /* --- audit, settings, instruments ------------------------------------------------------ */

  appendAudit(profileId: string, input: AuditInput): Promise<AuditEntry> {
    return this.guard('appendAudit', profileId, async () => {
      const parsed = AuditInputSchema.safeParse(input);
      if (!parsed.success) throw new UserFacingError('BAD_INPUT', 'The audit entry is not valid.');
      const paths = await this.connections.ready(profileId);
      const at = this.clock.now().toISOString();
      const { id } = await this.writer.call('appendAudit', {
        profileId: paths.profileId,
        at,
        ...parsed.data,
      });
      return { id, at, ...parsed.data };
    });
  }

  /** Newest first, `limit` per page (default 50); pass `nextBefore` back as `before`. */
  listAudit(
    profileId: string,
    page?: Page,
  ): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
    return this.guard('listAudit', profileId, async () => {
      const { limit, before } = parsePage(page);
      const entries = await this.connections.read(profileId, (reader) =>
        reader.listAudit(limit + 1, before),
      );
      const shown = entries.slice(0, limit);
      const last = shown.at(-1);
      return {
        entries: shown,
        nextBefore: entries.length > limit && last !== undefined ? last.id : null,
      };
    });
  }

  /** The stored value if it parses with `schema`; undefined when unset (or no longer valid). */
  getSetting<T>(profileId: string, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    return this.guard('getSetting', profileId, async () => {
      const parsedKey = SettingKeySchema.safeParse(key);
      if (!parsedKey.success)
        throw new UserFacingError('BAD_INPUT', `"${key}" is not a setting name.`);
      const json = await this.connections.read(profileId, (reader) =>
        reader.settingJson(parsedKey.data),
      );
      if (json === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
      this.options.logger.warn('storage.setting-invalid', { profileId, key });
      return undefined;
    });
  }

  setSetting(profileId: string, key: string, value: JsonValue): Promise<void> {
    return this.guard('setSetting', profileId, async () => {
      const parsedKey = SettingKeySchema.safeParse(key);
      if (!parsedKey.success)
        throw new UserFacingError('BAD_INPUT', `"${key}" is not a setting name.`);
      const paths = await this.connections.ready(profileId);
      await this.writer.call('setSetting', {
        profileId: paths.profileId,
        key: parsedKey.data,
        valueJson: JSON.stringify(value),
      });
    });
  }

  /** Replaces one trading day's instrument list atomically; keeps the 3 most recent days. */
  replaceInstruments(
    profileId: string,
    tradingDay: string,
    rows: readonly InstrumentRow[],
  ): Promise<{ rows: number }> {
    return this.guard('replaceInstruments', profileId, async () => {
      const day = parseTradingDay(tradingDay);
      const paths = await this.connections.ready(profileId);
      const { rows: written } = await this.writer.call('replaceInstruments', {
        profileId: paths.profileId,
        tradingDay: day,
        rows,
      });
      return { rows: written };
    });
  }

  getInstruments(
    profileId: string,
    tradingDay: string,
    filter: InstrumentFilter = {},
  ): Promise<InstrumentRow[]> {
    return this.guard('getInstruments', profileId, async () =>
      this.connections.read(profileId, (reader) =>
        reader.instruments(parseTradingDay(tradingDay), filter),
      ),
    );
  }

  hasInstruments(profileId: string, tradingDay: string): Promise<boolean> {
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

  usage(profileId: string) {
    return this.guard('usage', profileId, () => this.files.usage(parseProfileId(profileId)));
  }

  usageAll() {
    return this.guard('usageAll', null, () => this.files.usageAll());
  }

  /** Throws QUOTA_EXCEEDED if the workspace plus `expectedBytes` would exceed `quotaBytes`. */
  assertWithinQuota(profileId: string, quotaBytes: number, expectedBytes = 0): Promise<void> {
    return this.guard('assertWithinQuota', profileId, () =>
      this.files.assertWithinQuota(parseProfileId(profileId), quotaBytes, expectedBytes),
    );
  }

  /** An online backup into the workspace's backups/ (or `destination`); writes wait, none are lost. */
  backup(profileId: string, options: { readonly destination?: string } = {}): Promise<BackupInfo> {
    return this.guard('backup', profileId, async () => {
      const paths = await this.connections.ready(profileId);
      const path = this.files.backupPath(paths, options.destination);
      await this.writer.call('backup', { profileId: paths.profileId, destination: path });
      return this.files.describeBackup(path);
    });
  }

  /** Replaces the profile's database with a Premia backup (the current one is kept in backups/). */
  restore(profileId: string, sourcePath: string): Promise<RestoreInfo> {
    return this.guard('restore', profileId, async () => {
      const outcome = await this.connections.exclusively(profileId, (id) =>
        this.writer.call('restore', {
          profileId: id,
          source: this.files.absolute(sourcePath),
          safetyCopy: this.files.stampedPath(this.paths(id).backups, 'pre-restore', 'db'),
          now: this.clock.now().toISOString(),
        }),
      );
      await this.connections.ready(profileId);
      return outcome;
    });
  }

  /** Writes a finished scan to the workspace's exports/ as CSV or JSON. */
  exportRun(profileId: string, runId: RunId, format: ExportFormat): Promise<ExportInfo> {
    return this.guard('exportRun', profileId, async () => {
      // Its own connection: an export spans many turns, and a restore may close the shared one.
      const reader = await this.connections.dedicatedReader(profileId);
      try {
        const run = this.requireFinished(reader, toRunId(runId));
        return await this.files.exportRun(this.paths(profileId), reader, run, format);
      } finally {
        reader.close();
      }
    });
  }

  /**
   * Deletes finished scans older than `olderThanDays` (default: the profile's
   * `storage.retentionDays` setting; neither set means keep everything), then gives the space back.
   */
  applyRetention(profileId: string, options: { readonly olderThanDays?: number } = {}) {
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
  deleteProfileData(profileId: string): Promise<void> {
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
