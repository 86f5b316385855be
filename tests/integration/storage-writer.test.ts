import type { ProfileId } from '../../src-preload/contract';
import { columnsFromInstruments } from '../../src-main/market/instrument-columns';
import { InstrumentTable } from '../../src-main/market/instruments';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryLogger } from '../../src-main/app/logger';
import { resolveWorkerScript } from '../../src-main/app/worker-script';
import { Storage, createWriterClient } from '../../src-main/storage';
import { RESULT_COLUMNS } from '../../src-main/storage/result-row';
import type { ResultRecord } from '../../src-main/storage/results-query';
import { makeResultRows, toResultBatch } from '../support/result-fixtures';
import {
  ALICE,
  BOB,
  openTestStorage,
  startScan,
  tempDataDir,
  userError,
} from './support/storage-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: Parameters<typeof openTestStorage>[0] = {}) {
  const opened = await openTestStorage(options);
  cleanups.push(opened.cleanup);
  return opened;
}

/** The row as the scan engine produced it: every ResultRow column, without the stored ids. */
function withoutIds(record: ResultRecord): Record<string, unknown> {
  return Object.fromEntries(RESULT_COLUMNS.map((column) => [column.key, record[column.key]]));
}

describe('Storage writes through the writer thread', () => {
  it('creates the workspace on first use: database, exports, backups, logs', async () => {
    const { storage, dataDir } = await harness();
    expect(existsSync(join(dataDir, 'profiles', ALICE))).toBe(false);
    await expect(storage.listRuns(ALICE)).resolves.toEqual({ runs: [], nextBefore: null });
    const root = join(dataDir, 'profiles', ALICE);
    expect(readdirSync(root).sort()).toEqual(
      expect.arrayContaining(['backups', 'exports', 'logs', 'premia.db']),
    );
    const usage = await storage.usage(ALICE);
    expect(usage.databaseBytes).toBeGreaterThan(0);
    expect(usage.totalBytes).toBeGreaterThanOrEqual(usage.databaseBytes);
  });

  it('refuses profile ids that could name a path outside the data directory', async () => {
    const { storage, dataDir } = await harness();
    for (const id of ['../escape1', '/etc/passwd', 'UPPERCASE1', 'short', 'a'.repeat(33)]) {
      // As a caller that skipped parsing would: storage checks the id again at the path.
      const error = await userError(storage.listRuns(id as ProfileId));
      expect(error.code).toBe('BAD_INPUT');
    }
    expect(existsSync(join(dataDir, 'profiles'))).toBe(false);
  });

  it('stores row arrays and columnar batches identically, NaN metrics as null', async () => {
    const { storage } = await harness({ rowsPerTransaction: 7 });
    const rows = makeResultRows(0, 40);
    const fromRows = await startScan(storage, ALICE);
    const fromColumns = await startScan(storage, ALICE);
    await expect(storage.appendResults(ALICE, fromRows, rows)).resolves.toEqual({
      rowsWritten: 40,
      rowsPassing: rows.filter((row) => row.passesFilters).length,
    });
    await storage.appendResults(ALICE, fromColumns, toResultBatch(rows), { transfer: true });
    for (const runId of [fromRows, fromColumns]) {
      const finished = await storage.finishRun(ALICE, runId, { status: 'completed', apiCalls: 3 });
      expect(finished).toMatchObject({ status: 'completed', rowsWritten: 40, apiCalls: 3 });
    }
    const read = async (runId: typeof fromRows) =>
      (
        await storage.queryResults(ALICE, {
          runId,
          sort: { column: 'strike', direction: 'asc' },
          limit: 100,
        })
      ).rows
        .map(withoutIds)

        .sort((a, b) => String(a.tradingsymbol).localeCompare(String(b.tradingsymbol)));
    const expected = [...rows].sort((a, b) => a.tradingsymbol.localeCompare(b.tradingsymbol));
    expect(await read(fromRows)).toEqual(expected);
    expect(await read(fromColumns)).toEqual(expected);
    expect(expected.some((row) => row.premium === null)).toBe(true);
  });

  it("keeps a running scan's rows out of the results screen until it ends", async () => {
    const { storage } = await harness();
    const runId = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, runId, makeResultRows(0, 10));
    const running = await userError(storage.queryResults(ALICE, { runId }));
    expect(running.code).toBe('CONFLICT');
    expect(running.message).toMatch(/still running/);
    await storage.finishRun(ALICE, runId, { status: 'cancelled', errorSummary: 'Stopped by you' });
    const page = await storage.queryResults(ALICE, { runId });
    expect(page.total).toBe(10);
    expect(page.run).toMatchObject({ status: 'cancelled', errorSummary: 'Stopped by you' });
    const late = await userError(storage.appendResults(ALICE, runId, makeResultRows(10, 1)));
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/already ended \(cancelled\)/);
    expect((await userError(storage.getRun(ALICE, 999 as typeof runId))).code).toBe('NOT_FOUND');
  });

  it('makes a fast producer wait: rows in flight never exceed the bound', async () => {
    const { storage } = await harness({ rowsPerTransaction: 100, maxInFlightRows: 400 });
    const runId = await startScan(storage, ALICE);
    const writes = Array.from({ length: 40 }, (_, index) =>
      storage.appendResults(ALICE, runId, makeResultRows(index * 50, 50)),
    );
    let settled = false;
    const all = Promise.all(writes).finally(() => {
      settled = true;
    });
    let highest = 0;
    while (!settled) {
      highest = Math.max(highest, storage.writerClient.rowsInFlight);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect(highest).toBeGreaterThan(0);
    expect(highest).toBeLessThanOrEqual(400);
    await storage.finishRun(ALICE, runId, { status: 'completed' });
    expect((await storage.getRun(ALICE, runId)).rowsWritten).toBe(2000);
  });

  it('fails pending requests clearly when the writer thread dies, then restarts it', async () => {
    const script = resolveWorkerScript(
      new URL('./fixtures/dying-writer-thread.ts', import.meta.url),
    );
    const { storage, logger } = await harness({ writerScript: script });
    const runId = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, runId, makeResultRows(0, 100));
    const generation = storage.writerClient.generation;
    // The thread dies on the 13-row batch; the batch queued behind it is never answered.
    const [doomed, alsoPending] = await Promise.allSettled([
      storage.appendResults(ALICE, runId, makeResultRows(100, 13)),
      storage.appendResults(ALICE, runId, makeResultRows(113, 20)),
    ]);
    for (const outcome of [doomed, alsoPending]) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toMatchObject({ code: 'INTERNAL' });
        expect(String(outcome.reason.message)).toMatch(/storage writer stopped unexpectedly/);
      }
    }
    expect(logger.entries.some((entry) => entry.event === 'storage.writer.stopped')).toBe(true);
    // The next request starts a new thread, which recovers the scan the crash cut short.
    const next = await startScan(storage, ALICE);
    expect(storage.writerClient.generation).toBe(generation + 1);
    expect(await storage.getRun(ALICE, runId)).toMatchObject({
      status: 'interrupted',
      rowsWritten: 100,
    });
    expect(await storage.getRun(ALICE, next)).toMatchObject({ status: 'running' });
  });

  it('lets only one Storage write a profile: a second one on the same folder is told it is busy', async () => {
    const dataDir = tempDataDir();
    const first = await harness({ dataDir });
    await first.storage.listRuns(ALICE);
    const second = await harness({ dataDir });
    const busy = await userError(second.storage.listRuns(ALICE));
    expect(busy.code).toBe('STORAGE_BUSY');
    expect(busy.message).toMatch(/open in another Premia window/);
    await expect(second.storage.listRuns(BOB)).resolves.toEqual({ runs: [], nextBefore: null });
    await first.storage.close();
    await expect(second.storage.listRuns(ALICE)).resolves.toEqual({ runs: [], nextBefore: null });
  });

  it('opens a profile ahead of its first use; a failed early open is reported at that use', async () => {
    const { storage, dataDir } = await harness();
    const database = join(dataDir, 'profiles', ALICE, 'premia.db');
    storage.prepareProfile(ALICE);
    // Nothing else asked for ALICE: the writer thread creates her database on its own.
    await expect.poll(() => existsSync(database), { timeout: 20_000 }).toBe(true);
    await expect(storage.listRuns(ALICE)).resolves.toEqual({ runs: [], nextBefore: null });

    // A second Storage cannot open ALICE (the first one writes her): preparing her raises
    // nothing on its own, and the first real use gives the same clear answer as without it.
    const second = await harness({ dataDir });
    second.storage.prepareProfile(ALICE);
    const busy = await userError(second.storage.listRuns(ALICE));
    expect(busy.code).toBe('STORAGE_BUSY');
  });

  it('takes a writer started ahead for its data directory, and refuses one for another', async () => {
    const dataDir = tempDataDir();
    const logger = createMemoryLogger();
    const early = createWriterClient({ dataDir, logger });
    early.warm();
    const { storage } = await harness({ dataDir, writer: early });
    await storage.appendAudit(ALICE, {
      action: 'vault.unlock',
      outcome: 'success',
      detail: 'ahead',
    });
    expect((await storage.listAudit(ALICE, { limit: 5 })).entries).toHaveLength(1);
    await storage.close();
    // Storage owns the writer it took: closing Storage stopped its thread.
    expect(early.running).toBe(false);

    const otherDir = tempDataDir();
    const elsewhere = createWriterClient({ dataDir: otherDir, logger });
    cleanups.push(async () => {
      await elsewhere.close();
      rmSync(otherDir, { recursive: true, force: true });
    });
    await expect(Storage.open({ dataDir, logger, writer: elsewhere })).rejects.toThrow(
      /writes into .* not /,
    );
  });

  it('keeps an audit log, newest first, in pages', async () => {
    const { storage } = await harness();
    for (const [index, outcome] of (['success', 'failure', 'success'] as const).entries()) {
      await storage.appendAudit(ALICE, {
        action: `vault.unlock`,
        outcome,
        detail: `attempt ${index + 1}`,
      });
    }
    const first = await storage.listAudit(ALICE, { limit: 2 });
    expect(first.entries.map((entry) => entry.detail)).toEqual(['attempt 3', 'attempt 2']);
    expect(first.nextBefore).not.toBeNull();
    const second = await storage.listAudit(ALICE, { limit: 2, before: first.nextBefore });
    expect(second.entries).toEqual([
      expect.objectContaining({ action: 'vault.unlock', outcome: 'success', detail: 'attempt 1' }),
    ]);
    expect(second.nextBefore).toBeNull();
    expect((await storage.listAudit(BOB)).entries).toEqual([]);
    expect(
      (await userError(storage.appendAudit(ALICE, { action: '', outcome: 'success' }))).code,
    ).toBe('BAD_INPUT');
  });

  it('stores settings as JSON and reads them back through a schema', async () => {
    const { storage } = await harness();
    const Days = z.number().int();
    await expect(storage.getSetting(ALICE, 'storage.retentionDays', Days)).resolves.toBeUndefined();
    await storage.setSetting(ALICE, 'storage.retentionDays', 30);
    await storage.setSetting(ALICE, 'storage.retentionDays', 45);
    await expect(storage.getSetting(ALICE, 'storage.retentionDays', Days)).resolves.toBe(45);
    await expect(
      storage.getSetting(ALICE, 'storage.retentionDays', z.string()),
    ).resolves.toBeUndefined();
    expect((await userError(storage.setSetting(ALICE, "x'; drop table settings", 1))).code).toBe(
      'BAD_INPUT',
    );
  });

  it('replaces a trading day of instruments atomically and keeps the three latest days', async () => {
    const { storage } = await harness();
    const instrument = (token: number, name: string) => ({
      instrumentToken: token,
      exchangeToken: token >> 8,
      tradingsymbol: `${name}25JAN${token}CE`,
      name,
      lastPrice: 0,
      expiry: '2025-01-30',
      strike: token,
      tickSize: 0.05,
      lotSize: 25,
      instrumentType: 'CE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
    await storage.replaceInstruments(ALICE, '2025-01-10', [
      instrument(1, 'NIFTY'),
      instrument(2, 'TCS'),
    ]);
    await storage.replaceInstruments(ALICE, '2025-01-10', [instrument(3, 'NIFTY')]);
    expect(await storage.getInstruments(ALICE, '2025-01-10')).toEqual([instrument(3, 'NIFTY')]);
    for (const day of ['2025-01-13', '2025-01-14', '2025-01-15']) {
      await storage.replaceInstruments(ALICE, day, [instrument(4, 'NIFTY'), instrument(5, 'TCS')]);
    }
    expect(await storage.hasInstruments(ALICE, '2025-01-10')).toBe(false);
    expect(await storage.hasInstruments(ALICE, '2025-01-13')).toBe(true);
    const tcs = await storage.getInstruments(ALICE, '2025-01-15', {
      names: ['TCS'],
      exchange: 'NFO',
    });
    expect(tcs.map((row) => row.tradingsymbol)).toEqual(['TCS25JAN5CE']);
    expect((await userError(storage.getInstruments(ALICE, 'yesterday'))).code).toBe('BAD_INPUT');
  });

  it('keeps a day of instruments sent and read back as columns, row for row', async () => {
    const { storage } = await harness();
    const option = {
      instrumentToken: 12_345_678,
      exchangeToken: 48_225,
      tradingsymbol: 'NIFTY25JAN24000PE',
      name: 'NIFTY',
      lastPrice: 0,
      expiry: '2025-01-30',
      strike: 24_000,
      tickSize: 0.05,
      lotSize: 75,
      instrumentType: 'PE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    };
    const index = {
      ...option,
      instrumentToken: 256_265,
      exchangeToken: 1_001,
      tradingsymbol: 'NIFTY 50',
      name: 'NIFTY 50',
      lastPrice: 23_950.5,
      expiry: null,
      strike: 0,
      lotSize: 0,
      instrumentType: 'EQ',
      segment: 'INDICES',
      exchange: 'NSE',
    };
    await storage.replaceInstruments(ALICE, '2025-01-10', columnsFromInstruments([option, index]));
    const columns = await storage.getInstrumentColumns(ALICE, '2025-01-10');
    // Read back ordered by name: NIFTY's option before the NIFTY 50 index.
    expect([...new InstrumentTable(columns).rows()]).toEqual([option, index]);
    expect(await storage.getInstruments(ALICE, '2025-01-10')).toEqual([option, index]);
  });

  it('deletes a finished scan with its rows, but not one still running', async () => {
    const { storage } = await harness();
    const running = await startScan(storage, ALICE);
    const done = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, done, makeResultRows(0, 25));
    await storage.finishRun(ALICE, done, { status: 'completed' });
    await expect(storage.deleteRun(ALICE, done)).resolves.toEqual({ resultsDeleted: 25 });
    expect((await userError(storage.getRun(ALICE, done))).code).toBe('NOT_FOUND');
    const refused = await userError(storage.deleteRun(ALICE, running));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/still running/);
  });

  it("removes one profile's workspace and leaves the others alone", async () => {
    const { storage, dataDir } = await harness();
    await storage.appendAudit(ALICE, { action: 'profile.created', outcome: 'success' });
    await storage.appendAudit(BOB, { action: 'profile.created', outcome: 'success' });
    await storage.deleteProfileData(ALICE);
    expect(existsSync(join(dataDir, 'profiles', ALICE))).toBe(false);
    expect((await storage.listAudit(BOB)).entries).toHaveLength(1);
    expect((await storage.usageAll()).map((usage) => usage.profileId)).toEqual([BOB]);
  });
});
