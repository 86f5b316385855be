import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileReader } from '../../src-main/storage/reader';
import type { RunId } from '../../src-main/storage/records';
import type { ResultQuery } from '../../src-main/storage/results-query';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows } from '../support/result-fixtures';
import { expectedOrder, storeFinishedRun, walkPages, type StoredRow } from './support/result-order';
import { ALICE, openTestStorage, startScan, userError } from './support/storage-harness';

const ROWS = 3_000;
type Stored = StoredRow;

let storage: Storage;
let dataDir: string;
let cleanup: () => Promise<void>;
let runId: RunId;
let stored: Stored[];

beforeAll(async () => {
  ({ storage, dataDir, cleanup } = await openTestStorage({ rowsPerTransaction: 500 }));
  runId = await startScan(storage, ALICE);
  const rows = makeResultRows(0, ROWS);
  // Ids follow insertion order in a fresh database.
  stored = rows.map((row, index) => ({ ...row, id: index + 1 }));
  await storeFinishedRun(storage, ALICE, runId, rows);
});
afterAll(async () => {
  await cleanup();
});

const walk = (query: Omit<ResultQuery, 'runId'>): Promise<number[]> =>
  walkPages(storage, ALICE, runId, query);

describe('Storage results queries', () => {
  it.each([
    ['annualizedYieldPct', 'desc'],
    ['premium', 'asc'],
    ['strike', 'desc'],
    ['underlying', 'asc'],
    ['delta', 'asc'],
  ] as const)(
    'pages through every row by %s %s in order, NULLs last',
    async (column, direction) => {
      const ids = await walk({ sort: { column, direction }, limit: 250 });
      expect(ids).toEqual(expectedOrder(stored, column, direction));
    },
  );

  it('filters by underlying, option type, ranges and passes_filters, with an exact total', async () => {
    const filter = {
      underlyings: ['TCS', 'INFY'],
      optionType: 'PE' as const,
      passesFilters: true,
      ranges: [
        { column: 'otmPct' as const, min: 0, max: 10 },
        { column: 'oi' as const, min: 1_000_000 },
      ],
    };
    const matching = stored.filter(
      (row) =>
        ['TCS', 'INFY'].includes(row.underlying) &&
        row.optionType === 'PE' &&
        row.passesFilters &&
        row.otmPct >= 0 &&
        row.otmPct <= 10 &&
        row.oi >= 1_000_000,
    );
    expect(matching.length).toBeGreaterThan(5);
    const first = await storage.queryResults(ALICE, { runId, filter, limit: 5 });
    expect(first.total).toBe(matching.length);
    const ids = await walk({ filter, sort: { column: 'yieldPct', direction: 'desc' }, limit: 7 });
    expect(ids).toEqual(expectedOrder(matching, 'yieldPct', 'desc'));
  });

  it('gives any page by offset, across the boundary into the NULL tail', async () => {
    const sort = { column: 'iv' as const, direction: 'asc' as const };
    const all = expectedOrder(stored, 'iv', 'asc');
    for (const offset of [0, 400, 2_600, 2_900]) {
      const page = await storage.queryResults(ALICE, { runId, sort, limit: 400, offset });
      expect(page.rows.map((row) => row.id)).toEqual(all.slice(offset, offset + 400));
    }
  });

  it('refuses unknown columns, negative offsets and silly page sizes instead of building SQL from them', async () => {
    const bad: ResultQuery[] = [
      { runId, sort: { column: 'strike; DROP TABLE results' as never } },
      { runId, filter: { ranges: [{ column: 'tradingsymbol' as never, min: 1 }] } },
      { runId, limit: 0 },
      { runId, limit: 5_000 },
      { runId, offset: -1 },
    ];
    for (const query of bad)
      expect((await userError(storage.queryResults(ALICE, query))).code).toBe('BAD_INPUT');
  });

  it('serves the common sorts from an index, without sorting the run', () => {
    const reader = ProfileReader.open(join(dataDir, 'profiles', ALICE, 'premia.db'), 1_000);
    try {
      for (const column of [
        'annualizedYieldPct',
        'yieldPct',
        'otmPct',
        'strike',
        'premium',
        'oi',
        'iv',
      ] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const plan = reader
            .explainResults({ runId, sort: { column, direction }, filter: { passesFilters: true } })
            .join(' | ');
          expect(plan).toMatch(/USING INDEX result_rows_run_pass_/);
          expect(plan).not.toMatch(/TEMP B-TREE/);
        }
      }
    } finally {
      reader.close();
    }
  });

  it('with a value floor on another column, reads whichever index touches fewer rows', async () => {
    const reader = ProfileReader.open(join(dataDir, 'profiles', ALICE, 'premia.db'), 1_000);
    try {
      const sort = { column: 'annualizedRomPct' as const, direction: 'desc' as const };
      const plan = (min: number) =>
        reader
          .explainResults({
            runId,
            sort,
            filter: { passesFilters: true, ranges: [{ column: 'annualizedYieldPct', min }] },
          })
          .join(' | ');
      // A floor most passing rows clear: walk the sort column's index, skipping the rest.
      const yields = stored
        .filter((row) => row.passesFilters && row.annualizedYieldPct !== null)
        .map((row) => row.annualizedYieldPct ?? 0)
        .sort((a, b) => b - a);
      const wide = yields[Math.floor(yields.length / 2)] ?? 0;
      expect(plan(wide)).toMatch(/USING INDEX result_rows_run_pass_annualized_rom_pct/);
      expect(plan(wide)).not.toMatch(/TEMP B-TREE/);
      // A floor only a handful clear: fetch those from the floor's index and sort them.
      const narrow = yields[9] ?? 0;
      expect(plan(narrow)).toMatch(/USING INDEX result_rows_run_pass_annualized_yield_pct/);
      // Either way, the same rows in the same order, page after page.
      for (const min of [wide, narrow]) {
        const filter = {
          passesFilters: true,
          ranges: [{ column: 'annualizedYieldPct' as const, min }],
        };
        const matching = stored.filter(
          (row) => row.passesFilters && (row.annualizedYieldPct ?? -Infinity) >= min,
        );
        expect(await walk({ sort, filter, limit: 97 })).toEqual(
          expectedOrder(matching, 'annualizedRomPct', 'desc'),
        );
      }
    } finally {
      reader.close();
    }
  });

  it('lists scans newest first in pages', async () => {
    const more = [await startScan(storage, ALICE), await startScan(storage, ALICE)];
    const first = await storage.listRuns(ALICE, { limit: 2 });
    expect(first.runs.map((run) => run.id)).toEqual([more[1], more[0]]);
    const second = await storage.listRuns(ALICE, { limit: 2, before: first.nextBefore });
    expect(second.runs.map((run) => run.id)).toEqual([runId]);
    expect(second.nextBefore).toBeNull();
  });
});
