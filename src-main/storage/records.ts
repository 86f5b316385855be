import { z } from 'zod';
import { UserFacingError } from '../domain/errors';
import type { Instrument } from '../market/instruments';

/** A scan run's id inside one profile's database. */
export type RunId = number & { readonly __brand: 'RunId' };

export function toRunId(value: number): RunId {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UserFacingError('BAD_INPUT', 'A scan id is a positive whole number.');
  }
  return value as RunId;
}

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** How a scan may end when its orchestrator finishes it; `interrupted` is set only by recovery. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled';
export type RunSource = 'simulator' | 'kite';

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

export interface RunSummary {
  readonly id: RunId;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly source: RunSource;
  readonly symbols: readonly string[];
  readonly expiry: string | null;
  readonly filters: Readonly<Record<string, unknown>>;
  readonly underlyingsTotal: number;
  readonly optionsTotal: number;
  /** Rows committed so far (exact, maintained in the same transactions as the rows). */
  readonly rowsWritten: number;
  readonly rowsPassing: number;
  readonly apiCalls: number;
  readonly unmatched: readonly string[];
  readonly errors: readonly RunError[];
  readonly durations: Readonly<Record<string, number>>;
  /** Underlying → resolved expiry; empty for runs before migration 002. */
  readonly expiries: Readonly<Record<string, string>>;
  readonly model: Readonly<Record<string, unknown>>;
  readonly errorSummary: string | null;
}

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

/* --- rows as they come out of SQLite, and their conversion ------------------------------- */

const RunErrorSchema = z.object({ underlying: z.string().nullable(), message: z.string() });
const JsonColumns = {
  symbols: z.array(z.string()),
  filters: z.record(z.string(), z.unknown()),
  unmatched: z.array(z.string()),
  errors: z.array(RunErrorSchema),
  durations: z.record(z.string(), z.number()),
  expiries: z.record(z.string(), z.string()),
  model: z.record(z.string(), z.unknown()),
};

export interface RunDbRow {
  id: number;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  source: RunSource;
  symbols_json: string;
  expiry: string | null;
  filters_json: string;
  underlyings_total: number;
  options_total: number;
  rows_written: number;
  rows_passing: number;
  api_calls: number;
  unmatched_json: string;
  errors_json: string;
  durations_json: string;
  expiries_json: string;
  model_json: string;
  error_summary: string | null;
}

function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function runFromDb(row: RunDbRow): RunSummary {
  return {
    id: row.id as RunId,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    source: row.source,
    symbols: parseJsonColumn(JsonColumns.symbols, row.symbols_json, []),
    expiry: row.expiry,
    filters: parseJsonColumn(JsonColumns.filters, row.filters_json, {}),
    underlyingsTotal: row.underlyings_total,
    optionsTotal: row.options_total,
    rowsWritten: row.rows_written,
    rowsPassing: row.rows_passing,
    apiCalls: row.api_calls,
    unmatched: parseJsonColumn(JsonColumns.unmatched, row.unmatched_json, []),
    errors: parseJsonColumn(JsonColumns.errors, row.errors_json, []),
    durations: parseJsonColumn(JsonColumns.durations, row.durations_json, {}),
    expiries: parseJsonColumn(JsonColumns.expiries, row.expiries_json, {}),
    model: parseJsonColumn(JsonColumns.model, row.model_json, {}),
    errorSummary: row.error_summary,
  };
}
