/**
 * The one declaration of a scan run record: the contract's schema, storage's row type and its
 * conversion from SQLite are derived from it. JSON fields are stored as `<column>_json` text and
 * read back through their schema, falling back to an empty value if a row holds something else.
 */
import { z } from 'zod';

type RunKind = 'int' | 'text' | 'enum' | 'json';

interface RunFieldSpec<
  K extends string = string,
  S extends z.ZodType = z.ZodType,
  C extends string = string,
  Kind extends RunKind = RunKind,
> {
  readonly key: K;
  /** The SQL column; JSON fields end in _json. */
  readonly column: C;
  readonly kind: Kind;
  /** The value's schema (the contract checks it; storage parses JSON columns with it). */
  readonly schema: S;
  /** What a JSON column reads as when its text does not parse. */
  readonly fallback?: z.infer<S>;
}

function scalar<K extends string, C extends string, S extends z.ZodType>(
  key: K,
  column: C,
  kind: Exclude<RunKind, 'json'>,
  schema: S,
): RunFieldSpec<K, S, C, Exclude<RunKind, 'json'>> {
  return { key, column, kind, schema };
}

function json<K extends string, C extends `${string}_json`, S extends z.ZodType>(
  key: K,
  column: C,
  schema: S,
  fallback: z.infer<S>,
): RunFieldSpec<K, S, C, 'json'> {
  return { key, column, kind: 'json', schema, fallback };
}

export const RUN_STATUS_VALUES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export const RUN_SOURCE_VALUES = ['simulator', 'kite'] as const;

const count = z.number().int();
const RunErrorSchema = z.object({ underlying: z.string().nullable(), message: z.string() });

/** Every field of a run summary, in the runs table's column order. */
export const RUN_FIELDS = [
  scalar('id', 'id', 'int', z.number().int().positive()),
  scalar('status', 'status', 'enum', z.enum(RUN_STATUS_VALUES)),
  scalar('startedAt', 'started_at', 'text', z.string()),
  scalar('finishedAt', 'finished_at', 'text', z.string().nullable()),
  scalar('source', 'source', 'enum', z.enum(RUN_SOURCE_VALUES)),
  json('symbols', 'symbols_json', z.array(z.string()).readonly(), []),
  scalar('expiry', 'expiry', 'text', z.string().nullable()),
  json('filters', 'filters_json', z.record(z.string(), z.unknown()), {}),
  scalar('underlyingsTotal', 'underlyings_total', 'int', count),
  scalar('optionsTotal', 'options_total', 'int', count),
  /** Rows committed so far (exact, maintained in the same transactions as the rows). */
  scalar('rowsWritten', 'rows_written', 'int', count),
  scalar('rowsPassing', 'rows_passing', 'int', count),
  scalar('apiCalls', 'api_calls', 'int', count),
  json('unmatched', 'unmatched_json', z.array(z.string()).readonly(), []),
  json('errors', 'errors_json', z.array(RunErrorSchema).readonly(), []),
  json('durations', 'durations_json', z.record(z.string(), z.number()), {}),
  scalar('errorSummary', 'error_summary', 'text', z.string().nullable()),
  /** Underlying → the expiry the scan resolved (empty for runs before migration 002). */
  json('expiries', 'expiries_json', z.record(z.string(), z.string()), {}),
  /** Premium basis, risk-free rate and expiry rule the scan used. */
  json('model', 'model_json', z.record(z.string(), z.unknown()), {}),
] as const;

type RunField = (typeof RUN_FIELDS)[number];

export const RunSummarySchema = z.object(
  // Built field by field from RUN_FIELDS; the mapped type mirrors it key for key.
  Object.fromEntries(RUN_FIELDS.map((spec) => [spec.key, spec.schema])) as {
    [F in RunField as F['key']]: F['schema'];
  },
);
export type RunSummaryView = z.infer<typeof RunSummarySchema>;

/** A runs row as SQLite returns it: JSON fields as text under their `_json` column. */
export type RunDbRow = {
  [F in RunField as F['column']]: F['kind'] extends 'json' ? string : z.infer<F['schema']>;
};

function parseJson(spec: RunFieldSpec, text: unknown): unknown {
  try {
    const parsed = spec.schema.safeParse(JSON.parse(String(text)));
    return parsed.success ? parsed.data : spec.fallback;
  } catch {
    return spec.fallback;
  }
}

/** A runs row (snake_case, JSON as text) as the summary the contract declares. */
export function runViewFromDb(row: Readonly<Record<string, unknown>>): RunSummaryView {
  const view: Record<string, unknown> = {};
  for (const spec of RUN_FIELDS as readonly RunFieldSpec[]) {
    const value = row[spec.column];
    view[spec.key] = spec.kind === 'json' ? parseJson(spec, value) : value;
  }
  // Built key by key from RUN_FIELDS, which RunSummaryView mirrors.
  return view as RunSummaryView;
}
