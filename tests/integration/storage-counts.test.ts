/**
 * The results screen's row counts come from the run's facets (migration 007) or from counts kept
 * per (run, filter) on the read connection. Whatever answers, the total must be the number of
 * stored rows that match, after any chip change, while a run is still being written, and after a
 * run is deleted and its id used again. Expected totals are counted here, in plain TypeScript,
 * from the rows the test wrote.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/storage/migrate';
import { MIGRATIONS } from '../../src-main/storage/migrations';
import { ProfileReader } from '../../src-main/storage/reader';
import { toRunId, type RunId } from '../../src-main/storage/records';
import type { ResultRow } from '../../src-main/storage/result-row';
import {
  bindRow,
  createResultTexts,
  INSERT_RESULT_SQL,
} from '../../src-main/storage/results-insert';
import type { ResultQuery } from '../../src-main/storage/results-query';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows, toResultBatch } from '../support/result-fixtures';
import { ALICE, openTestStorage, startScan, tempDataDir } from './support/storage-harness';

type Filter = NonNullable<ResultQuery['filter']>;

/** The rows a filter selects, by the screen's rules (an empty underlying list selects all). */
function matches(row: ResultRow, filter: Filter): boolean {
  if (filter.passesFilters !== undefined && row.passesFilters !== filter.passesFilters)
    return false;
  if (filter.optionType !== undefined && row.optionType !== filter.optionType) return false;
  const names = filter.underlyings ?? [];
  if (names.length > 0 && !names.includes(row.underlying)) return false;
  return (filter.ranges ?? []).every((range) => {
    const value = row[range.column];
    if (value === null) return false;
    return (
      (range.min === undefined || value >= range.min) &&
      (range.max === undefined || value <= range.max)
    );
  });
}

const FILTERS: readonly Filter[] = [
  {},
  { passesFilters: true },
  { passesFilters: false },
  { optionType: 'CE' },
  { optionType: 'PE', passesFilters: true },
  { underlyings: ['TCS'] },
  { underlyings: [] },
  { underlyings: ['TCS', 'INFY'], optionType: 'CE', passesFilters: true },
  { passesFilters: true, ranges: [{ column: 'annualizedYieldPct', min: 20 }] },
  { optionType: 'CE', ranges: [{ column: 'otmPct', min: 0, max: 10 }] },
  { passesFilters: true, underlyings: ['SBIN'], ranges: [{ column: 'oi', min: 1_000_000 }] },
];

async function append(storage: Storage, runId: RunId, rows: readonly ResultRow[]): Promise<void> {
  // Both shapes the writer accepts: row objects and columnar batches.
  const half = Math.floor(rows.length / 2);
  await storage.appendResults(ALICE, runId, rows.slice(0, half));
  await storage.appendResults(ALICE, runId, toResultBatch([...rows.slice(half)]), {
    transfer: true,
  });
}

describe('results row counts', () => {
  let storage: Storage;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let reader: ProfileReader;

  beforeAll(async () => {
    ({ storage, dataDir, cleanup } = await openTestStorage({ rowsPerTransaction: 300 }));
    // The profile's database exists once its first scan starts.
    await startScan(storage, ALICE);
    reader = ProfileReader.open(join(dataDir, 'profiles', ALICE, 'premia.db'), 1_000);
  });
  afterAll(async () => {
    reader.close();
    await cleanup();
  });

  it('gives the exact total for every chip combination, in any order and on repeat', async () => {
    const rows = makeResultRows(0, 2_000);
    const runId = await startScan(storage, ALICE);
    await append(storage, runId, rows);
    await storage.finishRun(ALICE, runId, { status: 'completed' });
    for (const filter of [...FILTERS, ...[...FILTERS].reverse()]) {
      const expected = rows.filter((row) => matches(row, filter)).length;
      const page = await storage.queryResults(ALICE, { runId, filter, limit: 10 });
      expect({ filter, total: page.total }).toEqual({ filter, total: expected });
    }
  });

  it('follows the rows appended to a running run', async () => {
    const runId = await startScan(storage, ALICE);
    const written: ResultRow[] = [];
    for (const start of [0, 700, 1_400]) {
      const rows = makeResultRows(start, 700);
      await append(storage, runId, rows);
      written.push(...rows);
      for (const filter of FILTERS) {
        const { total } = reader.queryResults({ runId, filter, limit: 5 });
        expect({ filter, total }).toEqual({
          filter,
          total: written.filter((row) => matches(row, filter)).length,
        });
      }
      // The last page reaches into the NULL tail (no premium on every 17th row): its start was
      // counted when the page began past the rows with a premium.
      const sort = { column: 'premium' as const, direction: 'desc' as const };
      expect(written.filter((row) => row.premium === null).length).toBeGreaterThan(3);
      const tail = reader.queryResults({ runId, sort, limit: 3, offset: written.length - 3 });
      expect(tail.rows.map((row) => row.premium)).toEqual([null, null, null]);
      // The chart, kept per run like the counts, draws the rows written so far.
      const chart = reader.chartPoints({
        runId,
        underlying: 'TCS',
        metric: 'premium',
        filter: { passesFilters: true },
      });
      const strikes = new Set(
        written
          .filter((row) => row.underlying === 'TCS' && row.passesFilters)
          .map((row) => `${row.strike} ${row.optionType}`),
      );
      expect(chart.points).toHaveLength(strikes.size);
    }
  });

  it('counts a run again when it is deleted and its id is used again', async () => {
    const first = await startScan(storage, ALICE);
    await append(storage, first, makeResultRows(0, 900));
    await storage.finishRun(ALICE, first, { status: 'completed' });
    const ranged = FILTERS[8] ?? {};
    const before = reader.queryResults({ runId: first, filter: ranged, limit: 5 });
    expect(before.total).toBeGreaterThan(0);
    await storage.deleteRun(ALICE, first);
    expect(reader.queryResults({ runId: first, filter: ranged, limit: 5 }).total).toBe(0);

    // SQLite hands the newest run's id out again once that run is gone.
    const second = await startScan(storage, ALICE);
    expect(second).toBe(first);
    const rows = makeResultRows(5_000, 400);
    await append(storage, second, rows);
    await storage.finishRun(ALICE, second, { status: 'completed' });
    for (const filter of FILTERS) {
      const { total } = reader.queryResults({ runId: second, filter, limit: 5 });
      expect({ filter, total }).toEqual({
        filter,
        total: rows.filter((row) => matches(row, filter)).length,
      });
    }
  });

  it('draws one point per strike and side, the best of any rows that share one', async () => {
    const rows = makeResultRows(0, 1_600);
    const runId = await startScan(storage, ALICE);
    await append(storage, runId, rows);
    await storage.finishRun(ALICE, runId, { status: 'completed' });
    const chart = await storage.chartPoints(ALICE, {
      runId: toRunId(runId),
      underlying: 'NIFTY',
      metric: 'annualizedYieldPct',
      filter: { passesFilters: true },
    });
    const best = new Map<string, number | null>();
    for (const row of rows) {
      if (row.underlying !== 'NIFTY' || !row.passesFilters) continue;
      const key = `${row.strike} ${row.optionType}`;
      const held = best.get(key);
      const value = row.annualizedYieldPct;
      if (held === undefined || (value !== null && (held === null || value > held)))
        best.set(key, value);
    }
    const drawn = new Map(
      chart.points.map((point) => [`${point.strike} ${point.optionType}`, point.value]),
    );
    expect(drawn).toEqual(best);
    const strikes = chart.points.map((point) => point.strike);
    expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
  });
});

describe('migration 007 (run facets) on a database written before it', () => {
  it('counts the rows every run already holds', () => {
    const dir = tempDataDir();
    const db = new Database(join(dir, 'profile.db'));
    try {
      migrate(db, MIGRATIONS.slice(0, 6));
      const insertRun = db.prepare(`INSERT INTO runs (id, status, started_at, source, symbols_json,
        expiry, filters_json) VALUES (?, 'completed', '2026-01-05T04:00:00.000Z', 'kite', '[]',
        'nearest', '{}')`);
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      const runs = new Map([
        [1, makeResultRows(0, 500)],
        [2, makeResultRows(500, 333)],
      ]);
      for (const [runId, rows] of runs) {
        insertRun.run(runId);
        for (const row of rows) {
          bindRow(args, runId, row, texts);
          insert.run(args);
        }
      }
      migrate(db);
      const facets = db
        .prepare(
          'SELECT run_id, underlying, option_type, passes_filters, rows FROM run_facets ORDER BY 1, 2, 3, 4',
        )
        .raw()
        .all();
      const expected = new Map<string, number>();
      for (const [runId, rows] of runs) {
        for (const row of rows) {
          const key = JSON.stringify([
            runId,
            row.underlying,
            row.optionType,
            row.passesFilters ? 1 : 0,
          ]);
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
      const wanted = [...expected]
        .map(([key, count]) => [...(JSON.parse(key) as unknown[]), count])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const found = [...facets].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(found).toEqual(wanted);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
