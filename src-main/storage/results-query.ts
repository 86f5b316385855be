import type { z } from 'zod';
import { UserFacingError } from '../domain/errors';
import { ResultsQuerySchema } from '../../src-preload/contract/domains/runs';
import type { RunId } from './records';
import { columnOf, RESULT_COLUMNS, type ResultRow } from './result-row';

/** One stored result row as the results screen reads it. */
export type ResultRecord = ResultRow & { readonly id: number; readonly runId: RunId };

/** The contract's query shape: the IPC router and storage check the same schema. */
export const ResultQuerySchema = ResultsQuerySchema;
export type ResultQuery = z.input<typeof ResultQuerySchema>;
export type ParsedQuery = z.output<typeof ResultQuerySchema>;

export function parseResultQuery(query: ResultQuery): ParsedQuery {
  const parsed = ResultQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new UserFacingError('BAD_INPUT', 'The results query is not valid.', {
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(query)',
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

export interface SqlPart {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The WHERE clause shared by the count and the page queries. Column names come from the whitelist.
 * `rangesOffIndex`: range conditions on other columns than `rangesOffIndex.except` are written
 * `+column`, which SQLite cannot answer from an index, so the plan walks the index it is steered to.
 */
export function filterClause(
  query: ParsedQuery,
  rangesOffIndex?: { readonly except: string | null },
): SqlPart {
  const conditions = ['run_id = ?'];
  const params: unknown[] = [query.runId];
  const { filter } = query;
  if (filter.passesFilters !== undefined) {
    // A literal, not a parameter: only then can SQLite prove that the sort indexes, which hold
    // passing rows only (migration 005), apply to the query.
    conditions.push(filter.passesFilters ? 'passes_filters = 1' : 'passes_filters = 0');
  }
  if (filter.optionType !== undefined) {
    conditions.push('option_type = ?');
    params.push(filter.optionType);
  }
  if (filter.underlyings !== undefined && filter.underlyings.length > 0) {
    conditions.push(`underlying IN (${filter.underlyings.map(() => '?').join(', ')})`);
    params.push(...filter.underlyings);
  }
  for (const range of filter.ranges ?? []) {
    const name = columnOf(range.column).column;
    const column =
      rangesOffIndex === undefined || rangesOffIndex.except === name ? name : `+${name}`;
    if (range.min !== undefined) {
      conditions.push(`${column} >= ?`);
      params.push(range.min);
    }
    if (range.max !== undefined) {
      conditions.push(`${column} <= ?`);
      params.push(range.max);
    }
  }
  return { sql: conditions.join(' AND '), params };
}

/**
 * One page of rows, in two phases so every query can walk an index: rows whose sort value is
 * set, ordered by (value, id), then rows where it is NULL, ordered by id. NULLs come last in
 * both directions. `phase` says which.
 */
export function pageQuery(
  query: ParsedQuery,
  where: SqlPart,
  phase: 'v' | 'n',
  limit: number,
  offset: number,
): SqlPart {
  const column = columnOf(query.sort.column).column;
  const dir = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const conditions = [where.sql, `${column} ${phase === 'v' ? 'IS NOT NULL' : 'IS NULL'}`];
  const params = [...where.params];
  const order = phase === 'v' ? `${column} ${dir}, id ${dir}` : `id ${dir}`;
  params.push(limit, offset);
  return {
    sql: `SELECT * FROM results WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`,
    params,
  };
}

/** A results row from SQLite (snake_case, 0/1 flags) as a ResultRecord. */
export function resultFromDb(row: Record<string, unknown>): ResultRecord {
  const record: Record<string, unknown> = { id: row.id, runId: row.run_id };
  for (const column of RESULT_COLUMNS) {
    const value = row[column.column];
    record[column.key] =
      column.kind === 'bool' ? (value === null || value === undefined ? null : value === 1) : value;
  }
  // Built key by key from RESULT_COLUMNS, which covers every key of ResultRow (result-row.ts).
  return record as unknown as ResultRecord;
}
