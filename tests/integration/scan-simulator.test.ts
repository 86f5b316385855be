import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { EventHub } from '../../src-main/app/events';
import { createMemoryLogger } from '../../src-main/app/logger';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { SimulatorBroker } from '../../src-main/market/simulator-broker';
import { ScanPool } from '../../src-main/scan/scan-pool';
import { ScanService, type ScanQuotas } from '../../src-main/scan/scan-service';
import { Storage } from '../../src-main/storage/storage';
import { ProfileIdSchema } from '../../src-preload/contract';
import type { ScanProgress } from '../../src-preload/contract/domains/scans';

const PROFILE_A = ProfileIdSchema.parse('aaaaaaaa11111111');
const PROFILE_B = ProfileIdSchema.parse('bbbbbbbb22222222');
const TEN = [
  'RELIANCE',
  'TCS',
  'INFY',
  'HDFCBANK',
  'ICICIBANK',
  'SBIN',
  'ITC',
  'LT',
  'AXISBANK',
  'NIFTY 50',
];

describe('ScanService on the built-in simulator', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-scan-'));
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z')); // Friday 10:30 IST
  const logger = createMemoryLogger();
  const events = new EventHub(logger);
  let storage: Storage;
  let pool: ScanPool;
  let quotas: ScanQuotas = {
    maxSymbolsPerScan: 500,
    maxParallelScans: 2,
    workspaceBytes: 2 * 1024 ** 3,
  };
  let service: ScanService;
  const progress: ScanProgress[] = [];

  beforeAll(async () => {
    storage = await Storage.open({ dataDir, logger, clock });
    pool = new ScanPool({ threads: 2 });
    const simulator = new MarketSimulator({ seed: 7 });
    events.subscribe((channel, payload) => {
      if (channel === 'premia:event:scans.progress') progress.push(payload as ScanProgress);
    });
    service = new ScanService({
      storage,
      pool,
      clock,
      logger,
      events,
      // Both profiles count as unlocked here; access rules are pinned in scan-service.test.ts.
      access: { requireUnlocked: () => undefined },
      brokerFor: () => Promise.resolve(new SimulatorBroker({ simulator, clock })),
      quotasFor: () => quotas,
      audit: async (profileId, entry) => {
        await storage.appendAudit(profileId, entry);
      },
    });
  });

  afterAll(async () => {
    await service.close();
    await pool.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('scans 10 symbols for the nearest monthly expiry and stores every option', async () => {
    const { runId, done } = await service.start(PROFILE_A, {
      symbols: [...TEN, 'NOTASTOCK'],
      expiry: 'nearest',
    });
    const summary = await done;
    expect(summary.errorSummary).toBeNull();
    expect(summary.status).toBe('completed');
    expect(summary.unmatched).toHaveLength(1);
    expect(summary.unmatched[0]).toMatch(/^NOTASTOCK/);
    expect(summary.underlyingsTotal).toBe(10);
    expect(summary.optionsTotal).toBeGreaterThan(100);
    expect(summary.rowsWritten).toBe(summary.optionsTotal);
    expect(summary.rowsPassing).toBeGreaterThan(0);
    expect(summary.rowsPassing).toBeLessThan(summary.rowsWritten);
    // The day's first scan: the instrument list, one last-price call, one quote call per 500
    // instruments (options and their futures), one margin call per batch with passing rows.
    const quoteCalls = Math.ceil(summary.optionsTotal / 500);
    expect(summary.apiCalls).toBeGreaterThanOrEqual(2 + quoteCalls);
    expect(summary.apiCalls).toBeLessThanOrEqual(2 + 2 * (quoteCalls + 1));
    expect(Object.keys(summary.expiries)).toHaveLength(10);
    const page = await storage.queryResults(PROFILE_A, {
      runId,
      sort: { column: 'annualizedYieldPct', direction: 'desc' },
      filter: { passesFilters: true },
      limit: 20,
    });
    expect(page.rows.length).toBeGreaterThan(0);
    const yields = page.rows.map((row) => row.annualizedYieldPct ?? 0);
    expect([...yields].sort((a, b) => b - a)).toEqual(yields);
    for (const row of page.rows) {
      expect(row.otmPct).toBeGreaterThanOrEqual(0);
      expect(row.premium).not.toBeNull();
      // The Seller defaults: priced on the bid, |delta| ≤ 0.30, margins from the simulator's
      // SPAN-like model, F from the same-expiry future.
      expect(row.premiumSource).toBe('bid');
      expect(Math.abs(row.delta ?? 1)).toBeLessThanOrEqual(0.3);
      expect(row.marginPerLot).toBeGreaterThan(0);
      expect(row.forwardSource).toBe('future');
    }
    const last = progress.filter((event) => event.runId === runId).at(-1);
    expect(last).toMatchObject({ phase: 'done', status: 'completed', underlyingsDone: 10 });
    const { entries: audit } = await storage.listAudit(PROFILE_A, { limit: 10 });
    expect(audit.map((entry) => entry.action)).toContain('scan-run');
    expect(audit.find((entry) => entry.action === 'scan-run')?.detail).toMatch(
      /^Scan #\d+ completed on the simulator: 10 underlyings/,
    );
  });

  it('keeps only the top N per underlying when asked, and says why the rest are out', async () => {
    const { runId, done } = await service.start(PROFILE_A, {
      symbols: ['RELIANCE', 'TCS'],
      expiry: 'nearest',
      filters: { topNPerUnderlying: { n: 3, metric: 'annualizedYieldPct' } },
    });
    const summary = await done;
    expect(summary.rowsPassing).toBe(6);
    const hidden = await storage.queryResults(PROFILE_A, {
      runId,
      filter: { passesFilters: false },
      limit: 500,
    });
    expect(
      hidden.rows.some((row) => row.filterReason === 'not in the top 3 by annualizedYieldPct'),
    ).toBe(true);
  });

  it('refuses a scan over the symbol quota before any work starts', async () => {
    quotas = { ...quotas, maxSymbolsPerScan: 5 };
    await expect(
      service.start(PROFILE_B, { symbols: TEN, expiry: 'nearest' }),
    ).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    quotas = { ...quotas, maxSymbolsPerScan: 500 };
    const { runs } = await storage.listRuns(PROFILE_B);
    expect(runs).toHaveLength(0);
  });

  it('cancels a running scan and marks it cancelled with what was written', async () => {
    const { runId, done } = await service.start(PROFILE_B, {
      symbols: ['NIFTY', 'BANKNIFTY', 'RELIANCE'],
      expiry: 'nearest',
    });
    service.cancel(PROFILE_B, runId);
    const summary = await done;
    expect(summary.status).toBe('cancelled');
    expect(summary.errorSummary).toMatch(/Cancelled/);
  });

  it('gives the same rows for the same seed and instant', async () => {
    const first = await (
      await service.start(PROFILE_A, { symbols: ['INFY'], expiry: 'nearest' })
    ).done;
    const second = await (
      await service.start(PROFILE_A, { symbols: ['INFY'], expiry: 'nearest' })
    ).done;
    const rowsOf = async (runId: typeof first.id) =>
      (await storage.queryResults(PROFILE_A, { runId, limit: 1000 })).rows.map((row) => [
        row.tradingsymbol,
        row.premium,
        row.iv,
      ]);
    expect(await rowsOf(second.id)).toEqual(await rowsOf(first.id));
  });
});
