import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { EventHub } from '../../src-main/app/events';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { Broker } from '../../src-main/market/broker';
import { BrokerError } from '../../src-main/market/errors';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { SimulatorBroker } from '../../src-main/market/simulator-broker';
import { ScanPool } from '../../src-main/scan/scan-pool';
import { ScanService } from '../../src-main/scan/scan-service';
import { Storage } from '../../src-main/storage/storage';
import { ProfileIdSchema } from '../../src-preload/contract';

const PROFILE = ProfileIdSchema.parse('cccccccc33333333');

describe('the expiry rule, the model inputs and a failing margin calculator (simulator)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-seller-model-'));
  // Friday 20 Nov 2026, 10:30 IST. November's monthly expiry falls on Monday the 23rd (Tuesday
  // the 24th is Guru Nanak Jayanti, an NSE holiday): two trading days left, Friday and Monday.
  const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));
  const logger = createMemoryLogger();
  let storage: Storage;
  let pool: ScanPool;
  let marginsDown = false;
  let service: ScanService;

  beforeAll(async () => {
    storage = await Storage.open({ dataDir, logger, clock });
    pool = new ScanPool({ threads: 1 });
    const simulator = new MarketSimulator({ seed: 7 });
    const broker = new SimulatorBroker({ simulator, clock });
    // The simulator with a margin calculator that can be switched off (a broker outage).
    const flaky: Broker = Object.assign(Object.create(broker) as SimulatorBroker, {
      orderMargins: (...args: Parameters<Broker['orderMargins']>) =>
        marginsDown
          ? Promise.reject(new BrokerError('server', 'Kite answered 503 Service Unavailable.'))
          : broker.orderMargins(...args),
    });
    service = new ScanService({
      storage,
      pool,
      clock,
      logger,
      events: new EventHub(logger),
      brokerFor: () => Promise.resolve(flaky),
      quotasFor: () => ({ maxSymbolsPerScan: 50, maxParallelScans: 1, workspaceBytes: 2 ** 31 }),
      audit: async () => undefined,
      access: { requireUnlocked: () => undefined },
    });
  });

  afterAll(async () => {
    await service.close();
    await pool.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('"nearest monthly" rolls to December with fewer than 3 trading days left, and records it', async () => {
    const rolled = await (
      await service.start(PROFILE, { symbols: ['TCS'], expiry: 'nearest' })
    ).done;
    expect(rolled.expiries).toEqual({ TCS: '2026-12-29' });
    expect(rolled.model).toEqual({ basis: 'bid', rate: 0.055, minTradingDays: 3 });
    const kept = await (
      await service.start(PROFILE, {
        symbols: ['TCS'],
        expiry: 'nearest',
        model: { minTradingDays: 2, basis: 'mid', rate: 0.07 },
      })
    ).done;
    expect(kept.expiries).toEqual({ TCS: '2026-11-23' });
    expect(kept.model).toEqual({ basis: 'mid', rate: 0.07, minTradingDays: 2 });
    const page = await storage.queryResults(PROFILE, {
      runId: kept.id,
      filter: { passesFilters: true },
      limit: 10,
    });
    expect(page.rows.length).toBeGreaterThan(0);
    for (const row of page.rows) {
      expect(row.premiumSource).toBe('mid');
      // From 10:30 IST Friday to 15:30 IST Monday: 3 days and 5 hours.
      expect(row.daysToExpiry).toBeCloseTo(3 + 5 / 24, 9);
    }
  });

  it('keeps the scan and its rows when the margin calculator fails, and says why', async () => {
    marginsDown = true;
    try {
      const run = await (
        await service.start(PROFILE, { symbols: ['TCS', 'INFY'], expiry: 'nearest' })
      ).done;
      expect(run.status).toBe('completed');
      expect(run.rowsWritten).toBe(run.optionsTotal);
      expect(run.errors).toEqual([
        {
          underlying: null,
          message: 'margins unavailable for some options: Kite answered 503 Service Unavailable.',
        },
      ]);
      const page = await storage.queryResults(PROFILE, {
        runId: run.id,
        filter: { passesFilters: true },
        limit: 10,
      });
      expect(page.rows.length).toBeGreaterThan(0);
      for (const row of page.rows) expect(row.marginPerLot).toBeNull();
    } finally {
      marginsDown = false;
    }
  });

  it('bands the chart by the expected move the at-the-money straddle implies, whatever the filter', async () => {
    const run = await (
      await service.start(PROFILE, {
        symbols: ['NIFTY'],
        expiry: 'nearest',
        model: { minTradingDays: 2, basis: 'mid', rate: 0.055 },
      })
    ).done;
    // The seller's default filter (|delta| <= 0.30) hides the at-the-money strike from the chart.
    const chart = await storage.chartPoints(PROFILE, {
      runId: run.id,
      underlying: 'NIFTY',
      metric: 'annualizedRomPct',
      filter: { passesFilters: true },
    });
    const expected = chart.expectedMove;
    if (expected === null) throw new Error('no expected move for NIFTY');
    expect(chart.points.length).toBeGreaterThan(0);
    expect(chart.points.some((point) => point.strike === expected.atmStrike)).toBe(false);
    const atm = await storage.queryResults(PROFILE, {
      runId: run.id,
      filter: { underlyings: ['NIFTY'] },
      sort: { column: 'strike', direction: 'asc' },
      limit: 1_000,
    });
    const atStrike = atm.rows.filter((row) => row.strike === expected.atmStrike);
    const call = atStrike.find((row) => row.optionType === 'CE');
    const put = atStrike.find((row) => row.optionType === 'PE');
    if (call?.premium == null || put?.premium == null) throw new Error('no ATM straddle');
    // No other strike is nearer the forward than the one the band is read at.
    for (const row of atm.rows) {
      expect(Math.abs(row.strike - expected.forward)).toBeGreaterThanOrEqual(
        Math.abs(expected.atmStrike - expected.forward),
      );
    }
    // Brenner & Subrahmanyam (1988, "A simple formula to compute the implied standard deviation",
    // Financial Analysts Journal 44(5)): an at-the-money straddle is worth about √(2/π)·F·σ·√T,
    // so the 1σ move F·σ·√T is the straddle ÷ 0.7979 (within a few percent near the money).
    const fromStraddle = (call.premium + put.premium) / Math.sqrt(2 / Math.PI);
    expect(Math.abs(expected.move / fromStraddle - 1)).toBeLessThan(0.03);
  });
});
