import { z } from 'zod';
import { UserFacingError } from '../domain/errors';
import type { Instrument } from '../market/instruments';
import {
  type RUN_SOURCE_VALUES,
  RUN_STATUS_VALUES,
  runViewFromDb,
  type RunDbRow,
  type RunSummaryView,
} from '../../src-preload/contract/records/run-columns';

/** A scan run's id inside one profile's database. */
export type RunId = number & { readonly __brand: 'RunId' };

export function toRunId(value: number): RunId {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UserFacingError('BAD_INPUT', 'A scan id is a positive whole number.');
  }
  return value as RunId;
}

export const RUN_STATUSES = RUN_STATUS_VALUES;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** How a scan may end when its orchestrator finishes it; `interrupted` is set only by recovery. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled';
export type RunSource = (typeof RUN_SOURCE_VALUES)[number];

export interface RunError {
  readonly underlying: string | null;
  readonly message: string;
}

/** What the scan orchestrator knows when a scan starts. */
export interface RunStart {
  readonly source: RunSource;
  readonly symbols: readonly string[];
  readonly expiry: string | null;
  /** The filters the scan applies, as the scan engine defines them (stored as JSON). */
  readonly filters: Readonly<Record<string, unknown>>;
  /** How the scan prices: premium basis, risk-free rate, expiry rule (stored as JSON). */
  readonly model?: Readonly<Record<string, unknown>>;
  readonly underlyingsTotal?: number;
  readonly optionsTotal?: number;
  /** ISO time; defaults to the storage clock. */
  readonly startedAt?: string;
}

/** What the orchestrator reports when a scan ends. Omitted counts keep their stored values. */
export interface RunFinish {
  readonly status: RunOutcome;
  readonly underlyingsTotal?: number;
  readonly optionsTotal?: number;
  readonly apiCalls?: number;
  /** Symbols the scan could not match to an instrument. */
  readonly unmatched?: readonly string[];
  readonly errors?: readonly RunError[];
  /** Phase name → milliseconds (e.g. instruments, quotes, metrics, write). */
  readonly durations?: Readonly<Record<string, number>>;
  /** Underlying → the expiry date the scan resolved for it (YYYY-MM-DD). */
  readonly expiries?: Readonly<Record<string, string>>;
  readonly errorSummary?: string | null;
  /** ISO time; defaults to the storage clock. */
  readonly finishedAt?: string;
}

/** A run as storage returns it: the contract's declared summary, with a branded id. */
export type RunSummary = Omit<RunSummaryView, 'id'> & { readonly id: RunId };

export interface AuditInput {
  readonly action: string;
  readonly outcome: 'success' | 'failure';
  readonly detail?: string;
}

export interface AuditEntry {
  readonly id: number;
  /** ISO time */
  readonly at: string;
  readonly action: string;
  readonly outcome: 'success' | 'failure';
  readonly detail: string;
}

/** One line of Kite's instrument dump (instruments.csv), cached per trading day. */
export type InstrumentRow = Instrument;

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Setting keys are chosen by code, never by a user: a short dotted name. */
export const SettingKeySchema = z.string().regex(/^[a-z][a-zA-Z0-9._-]{0,63}$/);

/** Per-profile setting read by applyRetention when no explicit age is given. */
export const RETENTION_DAYS_SETTING = 'storage.retentionDays';

export const TradingDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/* --- rows as they come out of SQLite: declared in src-preload/contract/records/run-columns.ts */

export type { RunDbRow } from '../../src-preload/contract/records/run-columns';

export function runFromDb(row: RunDbRow): RunSummary {
  return { ...runViewFromDb(row), id: row.id as RunId };
}
