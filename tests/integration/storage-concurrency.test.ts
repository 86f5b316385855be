import type { ProfileId } from '../../src-preload/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunId } from '../../src-main/storage/records';
import type { Storage } from '../../src-main/storage/storage';
import { makeResultRows, seededRandom, toResultBatch } from '../support/result-fixtures';
import { ALICE, BOB, openTestStorage, startScan } from './support/storage-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface ScanPlan {
  readonly profileId: ProfileId;
  readonly runId: RunId;
  readonly tag: string;
  rows: number;
  passing: number;
}

/** One scan's producer: batches of uneven size, alternating row arrays and columnar batches. */
async function produce(
  storage: Storage,
  plan: ScanPlan,
  batches: number,
  seed: number,
): Promise<void> {
  const random = seededRandom(seed);
  for (let batch = 0; batch < batches; batch += 1) {
    const size = 1 + Math.floor(random() * 400);
    const rows = makeResultRows(plan.rows, size, seed + batch, plan.tag);
    const input = batch % 2 === 0 ? rows : toResultBatch(rows);
    const receipt = await storage.appendResults(plan.profileId, plan.runId, input, {
      transfer: true,
    });
    expect(receipt.rowsWritten).toBe(size);
    plan.rows += size;
    plan.passing += rows.filter((row) => row.passesFilters).length;
  }
  await storage.finishRun(plan.profileId, plan.runId, { status: 'completed' });
}

describe('Storage under concurrent producers and readers', () => {
  it('commits every row of six scans in two profiles exactly once while readers query', async () => {
    const opened = await openTestStorage({ rowsPerTransaction: 500, maxInFlightRows: 3_000 });
    cleanups.push(opened.cleanup);
    const { storage, logger } = opened;

    // A finished scan the readers page through while the others are written.
    const seeded = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, seeded, makeResultRows(0, 1_000));
    await storage.finishRun(ALICE, seeded, { status: 'completed' });

    const plans: ScanPlan[] = [];
    for (const profileId of [ALICE, BOB]) {
      for (let scan = 0; scan < 3; scan += 1) {
        const runId = await startScan(storage, profileId);
        plans.push({ profileId, runId, tag: `${profileId}-${scan}-`, rows: 0, passing: 0 });
      }
    }
    let producing = true;
    const producers = Promise.all(
      plans.map((plan, index) => produce(storage, plan, 25, 100 * (index + 1))),
    );
    const stopped = producers.finally(() => {
      producing = false;
    });

    let reads = 0;
    const seen = new Map<string, number>();
    try {
      while (producing) {
        const page = await storage.queryResults(ALICE, {
          runId: seeded,
          sort: { column: 'otmPct', direction: 'asc' },
          filter: { passesFilters: true },
          limit: 50,
        });
        expect(page.total).toBe(666);
        for (const plan of plans) {
          const run = await storage.getRun(plan.profileId, plan.runId);
          // A committed count never goes back.
          const key = `${plan.profileId}/${plan.runId}`;
          expect(run.rowsWritten).toBeGreaterThanOrEqual(seen.get(key) ?? 0);
          seen.set(key, run.rowsWritten);
        }
        await storage.appendAudit(BOB, {
          action: 'test.read',
          outcome: 'success',
          detail: String(reads),
        });
        reads += 1;
      }
    } finally {
      // Let the producers finish (or fail) before cleanup closes the storage under them.
      await stopped.catch(() => undefined);
    }
    await stopped;
    expect(reads).toBeGreaterThan(0);

    for (const plan of plans) {
      const run = await storage.getRun(plan.profileId, plan.runId);
      expect(run).toMatchObject({
        status: 'completed',
        rowsWritten: plan.rows,
        rowsPassing: plan.passing,
      });
      const all = await storage.queryResults(plan.profileId, { runId: plan.runId, limit: 1 });
      expect(all.total).toBe(plan.rows);
      const passing = await storage.queryResults(plan.profileId, {
        runId: plan.runId,
        filter: { passesFilters: true },
        limit: 1,
      });
      expect(passing.total).toBe(plan.passing);
    }
    expect((await storage.listAudit(BOB, { limit: 500 })).entries).toHaveLength(reads);
    expect(logger.entries.filter((entry) => entry.event === 'storage.failed')).toEqual([]);
  });
});
