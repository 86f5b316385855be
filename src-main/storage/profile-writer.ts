import type Database from 'better-sqlite3';
import { StorageFailure } from './errors';
import { assertMigratable, migrate, type MigrationOutcome } from './migrate';
import type { RunFinishRecord, RunStartRecord, WriterOps } from './protocol';
import { InstrumentTable, type InstrumentColumns } from '../market/instruments';
import type { ResultBatch, ResultRow } from './result-row';
import {
  bindColumnar,
  bindRow,
  countPassing,
  createResultTexts,
  INSERT_RESULT_SQL,
  type ResultTexts,
} from './results-insert';
import { PROFILE_ID_SETTING } from './restore-rows';
import { ADD_FACETS_SQL, addFacets, tallyFacets } from './run-facets';
import { openWritable, type SqliteDatabase } from './sqlite';
import type { WorkspacePaths } from './workspace';

type Statement = Database.Statement;

/** Cached instrument lists kept per profile: today's, plus a couple for a late-night rerun. */
const INSTRUMENT_DAYS_KEPT = 3;

const INTERRUPTED_SUMMARY =
  'Premia stopped before this scan finished; the rows saved so far are kept.';

export interface ProfileWriterOptions {
  readonly busyTimeoutMs: number;
  readonly maxPages?: number;
}

/** Rows [start, end) of one appended batch, for one run. */
export interface ResultSegment {
  readonly runId: number;
  readonly batch: readonly ResultRow[] | ResultBatch;
  readonly start: number;
  readonly end: number;
}

function notFound(runId: number): StorageFailure {
  return new StorageFailure(
    'not_found',
    `run ${runId} not found`,
    `Scan ${runId} does not exist in this profile.`,
  );
}

/**
 * The writable connection to one profile database and every write it accepts. Lives only in
 * the writer thread; every method is synchronous and runs to completion before the next request.
 */
export class ProfileWriter {
  private readonly statements: {
    runStatus: Statement;
    insertRun: Statement;
    insertResult: Statement;
    countRun: Statement;
    finishRun: Statement;
    deleteRun: Statement;
    countResults: Statement;
    addFacets: Statement;
    insertAudit: Statement;
    upsertSetting: Statement;
  };
  private readonly bindArgs: unknown[] = [];
  private readonly texts: ResultTexts;
  /** Writes rows [start, end) of each segment, and the run counters, in one transaction. */
  readonly insertSegments: (segments: readonly ResultSegment[]) => void;

  private constructor(
    readonly paths: WorkspacePaths,
    readonly db: SqliteDatabase,
    readonly migration: MigrationOutcome,
  ) {
    this.statements = {
      runStatus: db.prepare('SELECT status FROM runs WHERE id = ?').pluck(),
      insertRun: db.prepare(
        `INSERT INTO runs (status, started_at, source, symbols_json, expiry, filters_json,
           underlyings_total, options_total, model_json) VALUES ('running', ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertResult: db.prepare(INSERT_RESULT_SQL),
      countRun: db.prepare(
        'UPDATE runs SET rows_written = rows_written + ?, rows_passing = rows_passing + ? WHERE id = ?',
      ),
      finishRun: db.prepare(
        `UPDATE runs SET status = ?, finished_at = ?,
           underlyings_total = coalesce(?, underlyings_total), options_total = coalesce(?, options_total),
           api_calls = coalesce(?, api_calls), unmatched_json = coalesce(?, unmatched_json),
           errors_json = coalesce(?, errors_json), durations_json = coalesce(?, durations_json),
           expiries_json = coalesce(?, expiries_json), error_summary = ? WHERE id = ? AND status = 'running'`,
      ),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
      countResults: db.prepare('SELECT count(*) FROM results WHERE run_id = ?').pluck(),
      addFacets: db.prepare(ADD_FACETS_SQL),
      insertAudit: db.prepare(
        'INSERT INTO audit_log (at, action, outcome, detail) VALUES (?, ?, ?, ?)',
      ),
      upsertSetting: db.prepare(
        `INSERT INTO settings (key, value_json) VALUES (?, ?)
           ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
      ),
    };
    this.texts = createResultTexts(db);
    const insertAll = db.transaction((segments: readonly ResultSegment[]) => {
      for (const segment of segments) this.insertSegment(segment);
    });
    this.insertSegments = (segments) => {
      try {
        insertAll.immediate(segments);
      } catch (error) {
        // Texts interned in the rolled-back transaction are gone with it.
        this.texts.forget();
        throw error;
      }
    };
  }

  private insertSegment({ runId, batch, start, end }: ResultSegment): void {
    const { insertResult, countRun } = this.statements;
    const args = this.bindArgs;
    if (Array.isArray(batch)) {
      const rows = batch as readonly ResultRow[];
      for (let index = start; index < end; index += 1) {
        const row = rows[index];
        if (row === undefined) continue;
        bindRow(args, runId, row, this.texts);
        insertResult.run(args);
      }
    } else {
      const columns = batch as ResultBatch;
      for (let index = start; index < end; index += 1) {
        bindColumnar(args, runId, columns, index, this.texts);
        insertResult.run(args);
      }
    }
    countRun.run(end - start, countPassing(batch, start, end), runId);
    addFacets(this.statements.addFacets, runId, tallyFacets(batch, start, end));
  }

  /** Opens, migrates and recovers. The caller has created the workspace and holds its lock. */
  static open(paths: WorkspacePaths, options: ProfileWriterOptions): ProfileWriter {
    const db = openWritable(paths.database, options, (candidate) => assertMigratable(candidate));
    try {
      const writer = new ProfileWriter(paths, db, migrate(db));
      writer.claimOwnership();
      return writer;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Records in the database which profile it belongs to (so every backup says so too), and
   * refuses a database that names another profile: a copy of someone else's file put in this
   * workspace is not opened as this profile's.
   */
  private claimOwnership(): void {
    const json = this.db
      .prepare('SELECT value_json FROM settings WHERE key = ?')
      .pluck()
      .get(PROFILE_ID_SETTING) as string | undefined;
    if (json === undefined) {
      this.setSetting(PROFILE_ID_SETTING, JSON.stringify(this.paths.profileId));
      return;
    }
    if (JSON.parse(json) !== this.paths.profileId) {
      throw new StorageFailure(
        'not_allowed',
        `database in ${this.paths.root} belongs to profile ${json}`,
        "This profile's folder holds another profile's database, so Premia will not open it. Restore one of this profile's own backups.",
      );
    }
  }

  /**
   * A write that must survive a power cut (audit trail, settings, a scan's start and end): one
   * transaction at synchronous=FULL, so its commit waits for the WAL to reach the disk. Bulk
   * result rows stay at NORMAL; after a power cut their run is recovered as interrupted anyway.
   */
  private durably<T>(write: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(write).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** Runs left `running` by a crash become `interrupted`, with the counts of what was committed. */
  recoverInterrupted(now: string): number[] {
    return this.durably(() => {
      const rows = this.db
        .prepare(
          `UPDATE runs SET status = 'interrupted', finished_at = ?,
             error_summary = coalesce(error_summary, ?),
             rows_written = (SELECT count(*) FROM results WHERE run_id = runs.id),
             rows_passing = (SELECT count(*) FROM results WHERE run_id = runs.id AND passes_filters = 1)
           WHERE status = 'running' RETURNING id`,
        )
        .pluck()
        .all(now, INTERRUPTED_SUMMARY) as number[];
      return rows;
    });
  }

  createRun(run: RunStartRecord): number {
    // A deleted run's id can come back, and with it cached chain ids that no longer exist.
    this.texts.forget();
    return this.durably(() => {
      const result = this.statements.insertRun.run(
        run.startedAt,
        run.source,
        run.symbolsJson,
        run.expiry,
        run.filtersJson,
        run.underlyingsTotal,
        run.optionsTotal,
        run.modelJson,
      );
      return Number(result.lastInsertRowid);
    });
  }

  /** Results may only be added to a run that is still running. */
  assertRunning(runId: number): void {
    const status = this.statements.runStatus.get(runId) as string | undefined;
    if (status === undefined) throw notFound(runId);
    if (status !== 'running') {
      throw new StorageFailure(
        'constraint',
        `run ${runId} is ${status}`,
        `Scan ${runId} has already ended (${status}); no more results can be added to it.`,
      );
    }
  }

  finishRun(runId: number, finish: RunFinishRecord): void {
    this.durably(() => {
      const result = this.statements.finishRun.run(
        finish.status,
        finish.finishedAt,
        finish.underlyingsTotal,
        finish.optionsTotal,
        finish.apiCalls,
        finish.unmatchedJson,
        finish.errorsJson,
        finish.durationsJson,
        finish.expiriesJson,
        finish.errorSummary,
        runId,
      );
      if (result.changes === 1) return;
      const status = this.statements.runStatus.get(runId) as string | undefined;
      if (status === undefined) throw notFound(runId);
      throw new StorageFailure(
        'constraint',
        `run ${runId} is already ${status}`,
        `Scan ${runId} has already ended (${status}).`,
      );
    });
  }

  deleteRun(runId: number): { resultsDeleted: number } {
    return this.durably(() => {
      const status = this.statements.runStatus.get(runId) as string | undefined;
      if (status === undefined) throw notFound(runId);
      if (status === 'running') {
        throw new StorageFailure(
          'constraint',
          `run ${runId} is running`,
          `Scan ${runId} is still running. Stop it before deleting it.`,
        );
      }
      const resultsDeleted = this.statements.countResults.get(runId) as number;
      this.statements.deleteRun.run(runId);
      return { resultsDeleted };
    });
  }

  appendAudit(entry: WriterOps['appendAudit']['payload']): number {
    return this.durably(() =>
      Number(
        this.statements.insertAudit.run(entry.at, entry.action, entry.outcome, entry.detail)
          .lastInsertRowid,
      ),
    );
  }

  importAudit(payload: WriterOps['importAudit']['payload']): { imported: number } {
    return this.durably(() => {
      for (const entry of payload.entries) {
        this.statements.insertAudit.run(entry.at, entry.action, entry.outcome, entry.detail);
      }
      this.statements.upsertSetting.run(payload.key, payload.valueJson);
      return { imported: payload.entries.length };
    });
  }

  setSetting(key: string, valueJson: string): void {
    this.durably(() => this.statements.upsertSetting.run(key, valueJson));
  }

  /** Replaces one trading day's instrument list in a single transaction: readers see old or new. */
  replaceInstruments(
    tradingDay: string,
    columns: InstrumentColumns,
  ): WriterOps['replaceInstruments']['value'] {
    // Columns arrive (a few MB of typed arrays); rows are made one at a time as they are bound,
    // so the writer never holds 100k row objects (they outlived its young generation before).
    const rows = new InstrumentTable(columns).rows();
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO instruments (trading_day, instrument_token, exchange_token,
         tradingsymbol, name, last_price, expiry, strike, tick_size, lot_size, instrument_type,
         segment, exchange) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM instruments WHERE trading_day = ?').run(tradingDay);
        for (const row of rows) {
          insert.run(
            tradingDay,
            row.instrumentToken,
            row.exchangeToken,
            row.tradingsymbol,
            row.name,
            row.lastPrice,
            row.expiry,
            row.strike,
            row.tickSize,
            row.lotSize,
            row.instrumentType,
            row.segment,
            row.exchange,
          );
        }
        const days = this.db
          .prepare('SELECT DISTINCT trading_day FROM instruments ORDER BY trading_day DESC')
          .pluck()
          .all() as string[];
        const stale = days.slice(INSTRUMENT_DAYS_KEPT);
        const remove = this.db.prepare('DELETE FROM instruments WHERE trading_day = ?');
        for (const day of stale) remove.run(day);
        return { rows: columns.count, daysPruned: stale.length };
      })
      .immediate();
  }

  /** Deletes finished runs started before `cutoff`, then gives the freed pages back to the disk. */
  applyRetention(cutoff: string): WriterOps['applyRetention']['value'] {
    const outcome = this.durably(() => {
      const resultsDeleted = this.db
        .prepare(
          `SELECT count(*) FROM results WHERE run_id IN
             (SELECT id FROM runs WHERE started_at < ? AND status != 'running')`,
        )
        .pluck()
        .get(cutoff) as number;
      const runsDeleted = this.db
        .prepare("DELETE FROM runs WHERE started_at < ? AND status != 'running'")
        .run(cutoff).changes;
      // Filter reasons no remaining row uses (one scan of the table, once a day at most).
      this.db
        .prepare(
          `DELETE FROM result_texts WHERE id NOT IN
             (SELECT filter_reason FROM result_rows WHERE filter_reason IS NOT NULL)`,
        )
        .run();
      this.texts.forget();
      return { runsDeleted, resultsDeleted };
    });
    if (outcome.runsDeleted > 0) {
      this.db.pragma('incremental_vacuum');
      this.checkpoint('TRUNCATE');
    }
    return outcome;
  }

  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): number {
    const rows = this.db.pragma(`wal_checkpoint(${mode})`) as { log: number }[];
    return rows[0]?.log ?? 0;
  }

  backup(destination: string): Promise<Database.BackupMetadata> {
    return this.db.backup(destination);
  }

  /** Checkpoints (folding the WAL into the database file) and closes. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.checkpoint('TRUNCATE');
    } catch {
      // A full or read-only disk can refuse the checkpoint; the WAL keeps every commit and
      // SQLite replays it on the next open, so closing must not fail over it.
    } finally {
      this.db.close();
    }
  }
}
