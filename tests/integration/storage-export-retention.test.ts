import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { RETENTION_DAYS_SETTING } from '../../src-main/storage/records';
import type { ResultRow } from '../../src-main/storage/result-row';
import { makeResultRows } from '../support/result-fixtures';
import { ALICE, BOB, openTestStorage, startScan, userError } from './support/storage-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(options: Parameters<typeof openTestStorage>[0] = {}) {
  const opened = await openTestStorage(options);
  cleanups.push(opened.cleanup);
  return opened;
}

/** Pinned on purpose: spreadsheets built on exports address columns by position. */
const CSV_HEADER =
  'run_id,underlying,tradingsymbol,instrument_token,exchange,option_type,strike (₹),expiry,' +
  'lot_size (qty),days_to_expiry (days),spot (₹),bid (₹),ask (₹),last_price (₹),premium (₹),' +
  'premium_source,volume (qty),oi (qty),otm_pct (%),yield_pct (%),annualized_yield_pct (%),' +
  'breakeven (₹),premium_per_lot (₹),spread_pct (%),iv (%),delta,passes_filters,filter_reason,' +
  'quote_time,' +
  // Migration 002 appended these: the columns before them keep their positions.
  'forward (₹),forward_source,stale,extrinsic (₹),naked_breakeven (₹),prob_otm_pct (%),' +
  'prob_profit_pct (%),expected_move (₹),strike_sigmas (σ),oi_lots (lots),volume_lots (lots),' +
  'margin_per_lot (₹),rom_pct (%),annualized_rom_pct (%)';

describe('Storage exports', () => {
  it('writes a finished scan to CSV with a stable header, units, and safe cells', async () => {
    const { storage } = await harness();
    const rows: ResultRow[] = makeResultRows(0, 120);
    rows[1] = { ...rows[1], filterReason: 'spread > 5%, "wide"' } as ResultRow;
    rows[2] = { ...rows[2], filterReason: '=HYPERLINK("http://evil")' } as ResultRow;
    const runId = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, runId, rows);
    expect((await userError(storage.exportRun(ALICE, runId, 'csv'))).code).toBe('CONFLICT');
    await storage.finishRun(ALICE, runId, { status: 'completed' });

    const exported = await storage.exportRun(ALICE, runId, 'csv');
    expect(dirname(exported.path)).toBe(storage.paths(ALICE).exports);
    expect(exported.rows).toBe(120);
    expect(readdirSync(storage.paths(ALICE).exports)).toEqual([exported.path.split('/').at(-1)]);
    const lines = readFileSync(exported.path, 'utf8').split('\r\n');
    expect(lines[0]).toBe(`\uFEFF${CSV_HEADER}`);
    expect(lines).toHaveLength(1 + 120 + 1);
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(1, -1);
    expect(body.some((line) => line.includes('"spread > 5%, ""wide"""'))).toBe(true);
    expect(body.some((line) => line.includes(`"'=HYPERLINK(""http://evil"")"`))).toBe(true);
    // Row 0 has no price: its premium and yields are empty cells, not "null" or "NaN".
    const noPrice = body.find((line) => line.includes(',NIFTYR0CE,'));
    expect(noPrice?.split(',').slice(11, 15)).toEqual(['', '', '', '']);
    expect(body.join()).not.toMatch(/null|NaN|undefined/);
  });

  it('writes the same scan to JSON: run summary, columns with units, rows in column order', async () => {
    const { storage } = await harness();
    const runId = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, runId, makeResultRows(0, 30));
    await storage.finishRun(ALICE, runId, { status: 'failed', errorSummary: 'Kite went away' });
    const exported = await storage.exportRun(ALICE, runId, 'json');
    const parsed = JSON.parse(readFileSync(exported.path, 'utf8')) as {
      format: string;
      run: { id: number; status: string; errorSummary: string };
      columns: { name: string; unit: string | null }[];
      rows: Record<string, unknown>[];
    };
    expect(parsed.format).toBe('premia-run-export');
    expect(parsed.run).toMatchObject({
      id: runId,
      status: 'failed',
      errorSummary: 'Kite went away',
    });
    const headers = parsed.columns.map((column) =>
      column.unit === null ? column.name : `${column.name} (${column.unit})`,
    );
    expect(headers.join(',')).toBe(CSV_HEADER);
    expect(parsed.rows).toHaveLength(30);
    expect(Object.keys(parsed.rows[0] ?? {})).toEqual(parsed.columns.map((column) => column.name));
  });
});

describe('Storage retention and quota', () => {
  it('deletes finished scans older than the limit with their rows and gives the space back', async () => {
    const clock = createManualClock(new Date('2025-06-01T10:00:00.000Z'));
    const { storage } = await harness({ clock });
    const scan = async (startedAt: string, rows: number, finish: boolean) => {
      const runId = await storage.createRun(ALICE, {
        source: 'kite',
        symbols: ['NIFTY'],
        expiry: null,
        filters: {},
        startedAt,
      });
      await storage.appendResults(ALICE, runId, makeResultRows(0, rows));
      if (finish) await storage.finishRun(ALICE, runId, { status: 'completed' });
      return runId;
    };
    const old = await scan('2025-02-01T09:15:00+05:30', 3_000, true);
    const oldButRunning = await scan('2025-02-02T09:15:00.000Z', 10, false);
    const recent = await scan('2025-05-20T09:15:00.000Z', 10, true);

    await expect(storage.applyRetention(ALICE)).resolves.toMatchObject({
      olderThanDays: null,
      runsDeleted: 0,
    });
    const report = await storage.applyRetention(ALICE, { olderThanDays: 30 });
    expect(report).toMatchObject({ olderThanDays: 30, runsDeleted: 1, resultsDeleted: 3_000 });
    expect(report.bytesAfter).toBeLessThan(report.bytesBefore);
    expect((await userError(storage.getRun(ALICE, old))).code).toBe('NOT_FOUND');
    expect((await storage.listRuns(ALICE)).runs.map((run) => run.id)).toEqual([
      recent,
      oldButRunning,
    ]);

    // The profile's own setting applies when no age is given.
    await storage.setSetting(ALICE, RETENTION_DAYS_SETTING, 7);
    clock.advance(30 * 24 * 60 * 60 * 1000);
    await expect(storage.applyRetention(ALICE)).resolves.toMatchObject({
      olderThanDays: 7,
      runsDeleted: 1,
    });
    expect((await storage.listRuns(ALICE)).runs.map((run) => run.id)).toEqual([oldButRunning]);
    expect((await userError(storage.applyRetention(ALICE, { olderThanDays: 0 }))).code).toBe(
      'BAD_INPUT',
    );
  });

  it('refuses a scan that would exceed the workspace quota, and reports every profile by size only', async () => {
    const { storage } = await harness();
    const runId = await startScan(storage, ALICE);
    await storage.appendResults(ALICE, runId, makeResultRows(0, 500));
    await storage.appendAudit(BOB, { action: 'profile.created', outcome: 'success' });
    const usage = await storage.usage(ALICE);

    await expect(
      storage.assertWithinQuota(ALICE, usage.totalBytes + 1_000_000),
    ).resolves.toBeUndefined();
    const over = await userError(storage.assertWithinQuota(ALICE, usage.totalBytes - 1));
    expect(over.code).toBe('QUOTA_EXCEEDED');
    expect(over.message).toMatch(/of its .* storage quota/);
    const wouldBe = await userError(
      storage.assertWithinQuota(ALICE, usage.totalBytes + 1_000, 50_000),
    );
    expect(wouldBe.message).toMatch(/this scan needs about/);

    const all = await storage.usageAll();
    expect(all.map((entry) => entry.profileId)).toEqual([ALICE, BOB]);
    for (const entry of all) {
      expect(Object.keys(entry).sort()).toEqual(
        [
          'backupsBytes',
          'databaseBytes',
          'exportsBytes',
          'logsBytes',
          'profileId',
          'totalBytes',
        ].sort(),
      );
    }
  });
});
