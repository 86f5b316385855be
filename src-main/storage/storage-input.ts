import { z } from 'zod';
import type { Clock } from '../app/clock';
import { UserFacingError } from '../domain/errors';
import type { RunFinishRecord, RunStartRecord } from './protocol';
import {
  SettingKeySchema,
  TradingDaySchema,
  type AuditInput,
  type RunFinish,
  type RunStart,
} from './records';

/** Keyset paging for lists that run newest first. */
export interface Page {
  /** 1 to 500 (default 50). */
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

const CountSchema = z.number().int().nonnegative();

export function parsePage(page: Page | undefined): { limit: number; before: number | null } {
  const parsed = PageSchema.safeParse(page ?? {});
  if (!parsed.success) {
    throw new UserFacingError('BAD_INPUT', 'The page size or position is not valid.');
  }
  return parsed.data;
}

/** One page out of `limit + 1` fetched items, and where the next page starts. */
export function pageOf<T extends { readonly id: number }>(
  fetched: readonly T[],
  limit: number,
): { items: T[]; nextBefore: number | null } {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return { items, nextBefore: fetched.length > limit && last !== undefined ? last.id : null };
}

export function parseTradingDay(value: string): string {
  const parsed = TradingDaySchema.safeParse(value);
  if (!parsed.success) {
    throw new UserFacingError('BAD_INPUT', `"${value}" is not a trading day (YYYY-MM-DD).`);
  }
  return parsed.data;
}

export function parseSettingKey(value: string): string {
  const parsed = SettingKeySchema.safeParse(value);
  if (!parsed.success) throw new UserFacingError('BAD_INPUT', `"${value}" is not a setting name.`);
  return parsed.data;
}

export function parseAudit(input: AuditInput): z.output<typeof AuditInputSchema> {
  const parsed = AuditInputSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError('BAD_INPUT', 'The audit entry is not valid.');
  return parsed.data;
}

/** An ISO time in UTC (so stored times sort as text), `now` when not given. */
export function isoTime(value: string | undefined, clock: Clock): string {
  const at = value === undefined ? clock.now() : new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new UserFacingError('BAD_INPUT', `"${String(value)}" is not a valid time.`);
  }
  return at.toISOString();
}

function count(value: number | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!CountSchema.safeParse(value).success) {
    throw new UserFacingError('BAD_INPUT', `${name} must be a whole number, zero or more.`);
  }
  return value;
}

export function runStartRecord(meta: RunStart, clock: Clock): RunStartRecord {
  return {
    source: meta.source,
    symbolsJson: JSON.stringify(meta.symbols),
    expiry: meta.expiry,
    filtersJson: JSON.stringify(meta.filters),
    modelJson: JSON.stringify(meta.model ?? {}),
    underlyingsTotal: count(meta.underlyingsTotal, 'underlyingsTotal') ?? 0,
    optionsTotal: count(meta.optionsTotal, 'optionsTotal') ?? 0,
    startedAt: isoTime(meta.startedAt, clock),
  };
}

export function runFinishRecord(summary: RunFinish, clock: Clock): RunFinishRecord {
  const json = (value: unknown): string | null =>
    value === undefined ? null : JSON.stringify(value);
  return {
    status: summary.status,
    finishedAt: isoTime(summary.finishedAt, clock),
    underlyingsTotal: count(summary.underlyingsTotal, 'underlyingsTotal'),
    optionsTotal: count(summary.optionsTotal, 'optionsTotal'),
    apiCalls: count(summary.apiCalls, 'apiCalls'),
    unmatchedJson: json(summary.unmatched),
    errorsJson: json(summary.errors),
    durationsJson: json(summary.durations),
    expiriesJson: json(summary.expiries),
    errorSummary: summary.errorSummary ?? null,
  };
}
