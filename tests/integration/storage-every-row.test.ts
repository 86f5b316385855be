/**
 * "Show filtered-out rows": every row of a run, passing or not, in the sort the trader chose. At
 * the default sort (annualized return on margin) the page is two indexes merged (passing rows,
 * and failing rows that have a value: a scan's "top N" cut leaves rows that failed only that
 * rule with a return on margin); at any other sort, the run's rows read in rowid order. Either
 * way the screen must show exactly the order a plain sort of the rows gives (computed here in
 * JavaScript), page after page, across the NULL tail, and with the chips applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunId } from '../../src-main/storage/records';
import type { ResultRow } from '../../src-main/storage/result-row';
import type { ResultQuery } from '../../src-main/storage/results-query';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows } from '../support/result-fixtures';
import { expectedOrder, storeFinishedRun, walkPages, type StoredRow } from './support/result-order';
import { ALICE, openTestStorage, startScan } from './support/storage-harness';

const ROWS = 2_400;
type Stored = StoredRow;

let storage: Storage;
let cleanup: () => Promise<void>;
let runId: RunId;
let stored: Stored[];

/**
 * The fixture's rows, with a return on margin on two failing rows in five (as a "top N" cut
 * leaves them) and ties in it, so merging the two indexes has to order equal values by id.
 */
function withFailingMargins(rows: readonly ResultRow[]): ResultRow[] {
  return rows.map((row, index) =>
    row.passesFilters || index % 5 > 1 || row.premium === null
      ? row
      : { ...row, annualizedRomPct: (index % 37) / 2, romPct: (index % 37) / 20 },
  );
}

beforeAll(async () => {
  ({ storage, cleanup } = await openTestStorage({ rowsPerTransaction: 500 }));
  // Another run first, so this run's rows do not start at id 1.
  const other = await startScan(storage, ALICE);
  await storage.appendResults(ALICE, other, makeResultRows(0, 300, 7, 'O'));
  await storage.finishRun(ALICE, other, { status: 'completed' });
  runId = await startScan(storage, ALICE);
  const rows = withFailingMargins(makeResultRows(0, ROWS));
  stored = rows.map((row, index) => ({ ...row, id: 301 + index }));
  await storeFinishedRun(storage, ALICE, runId, rows);
});
afterAll(async () => {
  await cleanup();
});

const walk = (query: Omit<ResultQuery, 'runId'>): Promise<number[]> =>
  walkPages(storage, ALICE, runId, query);

describe('every row of a run, passing or not', () => {
  it('has failing rows with a return on margin, and ties among them', () => {
    const failingValued = stored.filter(
      (row) => !row.passesFilters && row.annualizedRomPct !== null,
    );
    expect(failingValued.length).toBeGreaterThan(200);
    const values = failingValued.map((row) => row.annualizedRomPct);
    expect(new Set(values).size).toBeLessThan(values.length);
  });

  it.each([
    ['annualizedRomPct', 'desc'],
    ['annualizedRomPct', 'asc'],
    ['otmPct', 'asc'],
    ['annualizedYieldPct', 'desc'],
  ] as const)('pages by %s %s exactly as sorting the rows does', async (column, direction) => {
    const ids = await walk({ sort: { column, direction }, limit: 150 });
    expect(ids).toEqual(expectedOrder(stored, column, direction));
  });

  it('gives any page by offset, across the boundary into the NULL tail', async () => {
    const sort = { column: 'annualizedRomPct' as const, direction: 'desc' as const };
    const all = expectedOrder(stored, 'annualizedRomPct', 'desc');
    const valued = stored.filter((row) => row.annualizedRomPct !== null).length;
    for (const offset of [0, valued - 30, valued + 500, ROWS - 40]) {
      const page = await storage.queryResults(ALICE, { runId, sort, limit: 100, offset });
      expect(page.rows.map((row) => row.id)).toEqual(all.slice(offset, offset + 100));
      expect(page.total).toBe(ROWS);
    }
  });

  it('applies the chips: one side, a yield floor, only the failing rows', async () => {
    const sort = { column: 'annualizedRomPct' as const, direction: 'desc' as const };
    const calls = stored.filter(
      (row) => row.optionType === 'CE' && (row.annualizedYieldPct ?? -Infinity) >= 20,
    );
    const filter = {
      optionType: 'CE' as const,
      ranges: [{ column: 'annualizedYieldPct' as const, min: 20 }],
    };
    expect(await walk({ sort, filter, limit: 70 })).toEqual(
      expectedOrder(calls, 'annualizedRomPct', 'desc'),
    );
    const failing = stored.filter((row) => !row.passesFilters);
    expect(await walk({ sort, filter: { passesFilters: false }, limit: 90 })).toEqual(
      expectedOrder(failing, 'annualizedRomPct', 'desc'),
    );
    const first = await storage.queryResults(ALICE, { runId, sort, filter, limit: 10 });
    expect(first.total).toBe(calls.length);
  });
});
