/**
 * compare.runs in main over real SQLite: two runs of the same symbols, their strikes matched on
 * each run's nearest expiry, every strike returned (no cap), through the router as the renderer
 * calls it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunId } from '../../src-main/storage/records';
import type { ResultRow } from '../../src-main/storage/result-row';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRow, seededRandom } from '../support/result-fixtures';
import { ALICE, BOB, openTestStorage, startScan, userError } from './support/storage-harness';

let storage: Storage;
let cleanup: () => Promise<void>;
let older: RunId;
let newer: RunId;
let unrelated: RunId;

const random = seededRandom(11);
function row(
  underlying: string,
  optionType: 'CE' | 'PE',
  strike: number,
  expiry: string,
  annualizedYieldPct: number | null,
  passesFilters = true,
): ResultRow {
  return {
    ...makeResultRow(Math.floor(strike), random),
    underlying,
    tradingsymbol: `${underlying}${expiry}${strike}${optionType}`,
    optionType,
    strike,
    expiry,
    annualizedYieldPct,
    passesFilters,
    filterReason: passesFilters ? null : 'below the minimum yield',
  };
}

/** 1,500 strikes a side: more than one page of results (the old renderer compared 1,000). */
const WIDE = Array.from({ length: 1_500 }, (_, i) => 1_000 + i * 5);

async function run(symbols: string[], rows: ResultRow[], profile = ALICE): Promise<RunId> {
  const id = await startScan(storage, profile, symbols);
  for (let start = 0; start < rows.length; start += 1_000) {
    await storage.appendResults(profile, id, rows.slice(start, start + 1_000));
  }
  await storage.finishRun(profile, id, { status: 'completed' });
  return id;
}

beforeAll(async () => {
  ({ storage, cleanup } = await openTestStorage());
  older = await run(
    ['NIFTY', 'TCS', 'WIDE'],
    [
      row('NIFTY', 'CE', 23_000, '2025-01-30', 12),
      row('NIFTY', 'PE', 22_000, '2025-01-30', 9),
      // Filtered out by the scan: not a strike the trader would act on.
      row('NIFTY', 'CE', 23_100, '2025-01-30', 99, false),
      // A later expiry of the same run: the comparison uses each run's nearest.
      row('NIFTY', 'CE', 23_000, '2025-02-27', 50),
      row('TCS', 'CE', 4_000, '2025-01-30', 20),
      ...WIDE.map((strike) => row('WIDE', 'PE', strike, '2025-01-30', 10)),
    ],
  );
  newer = await run(
    ['TCS', 'NIFTY', 'WIDE'],
    [
      row('NIFTY', 'CE', 23_000, '2025-02-06', 14.5),
      row('NIFTY', 'PE', 22_000, '2025-02-06', null),
      row('NIFTY', 'CE', 23_100, '2025-02-06', 10),
      ...WIDE.map((strike) => row('WIDE', 'PE', strike, '2025-02-06', 12.25)),
    ],
  );
  unrelated = await run(['INFY'], [row('INFY', 'CE', 1_500, '2025-01-30', 8)]);
});

afterAll(async () => {
  await cleanup();
});

describe('comparing two runs in main', () => {
  it("matches strikes on each run's nearest expiry and gives the change in percentage points", async () => {
    // Asked newest-first, answered oldest-first: main decides which run is "before".
    const comparison = await storage.compareRuns(ALICE, {
      beforeRunId: newer,
      afterRunId: older,
      underlying: 'NIFTY',
    });
    expect(comparison.before.id).toBe(older);
    expect(comparison.after.id).toBe(newer);
    expect(comparison).toMatchObject({
      underlying: 'NIFTY',
      underlyings: ['NIFTY', 'TCS', 'WIDE'],
      beforeExpiry: '2025-01-30',
      afterExpiry: '2025-02-06',
    });
    expect(comparison.changes).toEqual([
      {
        underlying: 'NIFTY',
        optionType: 'CE',
        strike: 23_000,
        before: 12,
        after: 14.5,
        change: 2.5,
      },
      {
        underlying: 'NIFTY',
        optionType: 'CE',
        strike: 23_100,
        before: null,
        after: 10,
        change: null,
      },
      {
        underlying: 'NIFTY',
        optionType: 'PE',
        strike: 22_000,
        before: 9,
        after: null,
        change: null,
      },
    ]);
  });

  it('returns every strike, however many (no silent cap)', async () => {
    const comparison = await storage.compareRuns(ALICE, {
      beforeRunId: older,
      afterRunId: newer,
      underlying: 'WIDE',
    });
    expect(comparison.changes).toHaveLength(WIDE.length);
    expect(comparison.changes.map((change) => change.strike)).toEqual(WIDE);
    expect(comparison.changes.every((change) => change.change === 2.25)).toBe(true);
  });

  it('defaults to the first shared underlying and refuses runs with nothing in common', async () => {
    const first = await storage.compareRuns(ALICE, { beforeRunId: older, afterRunId: newer });
    expect(first.underlying).toBe('NIFTY');
    expect(
      (await userError(storage.compareRuns(ALICE, { beforeRunId: older, afterRunId: unrelated })))
        .message,
    ).toMatch(/no symbol in common/);
    expect(
      (
        await userError(
          storage.compareRuns(ALICE, { beforeRunId: older, afterRunId: newer, underlying: 'INFY' }),
        )
      ).code,
    ).toBe('BAD_INPUT');
    expect(
      (await userError(storage.compareRuns(ALICE, { beforeRunId: older, afterRunId: older }))).code,
    ).toBe('BAD_INPUT');
  });

  it("cannot reach another profile's runs", async () => {
    const error = await userError(
      storage.compareRuns(BOB, { beforeRunId: older, afterRunId: newer }),
    );
    expect(error.code).toBe('NOT_FOUND');
  });
});
