import type { ProfileId } from '../../../src-preload/contract';
import type { RunId } from '../../../src-main/storage/records';
import type { ResultRow, ResultSortColumn } from '../../../src-main/storage/result-row';
import type { ResultQuery } from '../../../src-main/storage/results-query';
import type { Storage } from '../../../src-main/storage/storage';

/** A result row as stored, with the id the database gave it. */
export type StoredRow = ResultRow & { id: number };

/**
 * The reference order, computed in JavaScript from the rows themselves (not by Premia's SQL):
 * values in order, ties by id in the same direction, NULLs last — what the screen promises.
 */
export function expectedOrder(
  rows: readonly StoredRow[],
  column: ResultSortColumn,
  direction: 'asc' | 'desc',
): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const left = a[column];
      const right = b[column];
      if (left === null || right === null) {
        if (left === right) return sign * (a.id - b.id);
        return left === null ? 1 : -1;
      }
      if (left < right) return -sign;
      if (left > right) return sign;
      return sign * (a.id - b.id);
    })
    .map((row) => row.id);
}

/** Every matching row's id, page by page as the virtual table scrolls (by offset). */
export async function walkPages(
  storage: Storage,
  profileId: ProfileId,
  runId: RunId,
  query: Omit<ResultQuery, 'runId'>,
): Promise<number[]> {
  const ids: number[] = [];
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = await storage.queryResults(profileId, { ...query, runId, offset: ids.length });
    ids.push(...page.rows.map((row) => row.id));
    if (ids.length >= page.total || page.rows.length === 0) return ids;
  }
  throw new Error('paging did not end');
}

/** A finished scan of `rows`, appended 700 at a time as a live scan would (several batches). */
export async function storeFinishedRun(
  storage: Storage,
  profileId: ProfileId,
  runId: RunId,
  rows: readonly ResultRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 700) {
    await storage.appendResults(profileId, runId, rows.slice(start, start + 700));
  }
  await storage.finishRun(profileId, runId, { status: 'completed' });
}
