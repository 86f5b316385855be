import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { LogFields, LogLevel } from '../app/logger';
import type { SerializedStorageError } from './errors';
import type { AgentWrite, AgentWriteOutcome } from './agent-records';
import type { JournalWrite, JournalWriteOutcome } from './journal-records';
import type { InstrumentColumns } from '../market/instruments';
import type { RunOutcome, RunSource } from './records';
import type { ResultBatch, ResultRow } from './result-row';

/** Fixed when the writer thread starts (workerData). */
export interface WriterConfig {
  readonly dataDir: string;
  /** Identifies this Storage instance in workspace lock files (survives writer restarts). */
  readonly ownerId: string;
  readonly rowsPerTransaction: number;
  readonly busyTimeoutMs: number;
  readonly maxDatabasePages?: number;
}

export interface RunStartRecord {
  readonly source: RunSource;
  readonly symbolsJson: string;
  readonly expiry: string | null;
  readonly filtersJson: string;
  readonly modelJson: string;
  readonly underlyingsTotal: number;
  readonly optionsTotal: number;
  readonly startedAt: string;
}

export interface RunFinishRecord {
  readonly status: RunOutcome;
  readonly finishedAt: string;
  readonly underlyingsTotal: number | null;
  readonly optionsTotal: number | null;
  readonly apiCalls: number | null;
  readonly unmatchedJson: string | null;
  readonly errorsJson: string | null;
  readonly durationsJson: string | null;
  readonly expiriesJson: string | null;
  readonly errorSummary: string | null;
}

type Profiled<T = unknown> = { readonly profileId: ProfileId } & T;

/** Every operation of the writer thread: its payload and the value of a successful reply. */
export interface WriterOps {
  /** Create the workspace, take its lock, migrate, mark crashed runs interrupted. Idempotent. */
  open: {
    payload: Profiled<{ now: string }>;
    value: { schemaVersion: number; migratedFrom: number; interruptedRuns: number[] };
  };
  /** Checkpoint and close the profile's connection and release its lock. */
  release: { payload: Profiled; value: null };
  createRun: { payload: Profiled<{ run: RunStartRecord }>; value: { runId: number } };
  appendResults: {
    payload: Profiled<{ runId: number; batch: readonly ResultRow[] | ResultBatch }>;
    value: { rowsWritten: number; rowsPassing: number };
  };
  finishRun: { payload: Profiled<{ runId: number; finish: RunFinishRecord }>; value: null };
  deleteRun: { payload: Profiled<{ runId: number }>; value: { resultsDeleted: number } };
  appendAudit: {
    payload: Profiled<{ at: string; action: string; outcome: string; detail: string }>;
    value: { id: number };
  };
  /**
   * Audit entries recorded elsewhere while the profile was busy (the app security log), with
   * their original times, and a setting (how far that log was read), in one durable transaction.
   */
  importAudit: {
    payload: Profiled<{
      entries: readonly { at: string; action: string; outcome: string; detail: string }[];
      key: string;
      valueJson: string;
    }>;
    value: { imported: number };
  };
  replaceInstruments: {
    payload: Profiled<{ tradingDay: string; columns: InstrumentColumns }>;
    value: { rows: number; daysPruned: number };
  };
  setSetting: { payload: Profiled<{ key: string; valueJson: string }>; value: null };
  applyRetention: {
    payload: Profiled<{ cutoff: string }>;
    value: { runsDeleted: number; resultsDeleted: number };
  };
  /** Online backup into `destination`; the profile's other requests wait (queued, not lost). */
  backup: { payload: Profiled<{ destination: string }>; value: { pages: number } };
  /**
   * Replace the profile's database with the rows of `source` (a regular file of at most
   * `maxBytes`, Premia's exact schema). `ownBackup`: it comes from this profile's own backups
   * folder, so a backup too old to name its profile is accepted; from anywhere else it must.
   */
  restore: {
    payload: Profiled<{
      source: string;
      safetyCopy: string;
      now: string;
      ownBackup: boolean;
      maxBytes: number;
    }>;
    value: { schemaVersion: number; safetyCopy: string | null };
  };
  /** One trade-journal write (import, settlement, tag) in its own transaction. */
  journal: { payload: Profiled<{ write: JournalWrite }>; value: JournalWriteOutcome };
  /** One agents write (definition, run, alerts) in its own transaction. */
  agents: { payload: Profiled<{ write: AgentWrite }>; value: AgentWriteOutcome };
  /** Finish everything, checkpoint and close every database. The last request. */
  shutdown: { payload: Record<string, never>; value: null };
}

export type WriterOp = keyof WriterOps;

/** A request to the writer thread: a tagged union on `op`, numbered by `seq`. */
export type WriterRequest = {
  [K in WriterOp]: {
    readonly seq: number;
    readonly op: K;
    readonly payload: WriterOps[K]['payload'];
  };
}[WriterOp];

/** What the writer thread sends back: a reply to one request, or a log line for main's Logger. */
export type WriterMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reply'; readonly seq: number; readonly ok: true; readonly value: unknown }
  | {
      readonly type: 'reply';
      readonly seq: number;
      readonly ok: false;
      readonly error: SerializedStorageError;
    }
  | {
      readonly type: 'log';
      readonly level: LogLevel;
      readonly event: string;
      readonly fields: LogFields;
    };
