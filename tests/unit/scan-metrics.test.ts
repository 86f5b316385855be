import { describe, expect, it } from 'vitest';
import { optionPrice } from '../../src-main/market/black-scholes';
import { ScanFiltersSchema } from '../../src-preload/contract/domains/scans';
import { computeMetricsBatch } from '../../src-main/scan/compute-metrics';
import { filterReason } from '../../src-main/scan/filters';
import {
  choosePremium,
  computeOptionMetrics,
  type OptionQuoteInput,
} from '../../src-main/scan/metrics';
import { quoteColumns } from '../../src-main/scan/quote-batch';

const base: OptionQuoteInput = {
  optionType: 'CE',
  spot: 1000,
  strike: 1050,
  lotSize: 500,
  daysToExpiry: 30,
  bid: 10,
  ask: 11,
  lastPrice: 12,
};

describe('option-selling metrics (DESIGN.md §5)', () => {
  it('covered call from a sane two-sided market', () => {
    const m = computeOptionMetrics(base);
    expect(m.premiumSource).toBe('mid');
    expect(m.premium).toBe(10.5);
    expect(m.otmPct).toBeCloseTo(5, 12);
    expect(m.yieldPct).toBeCloseTo(1.05, 12);
    expect(m.annualizedYieldPct).toBeCloseTo((1.05 * 365) / 30, 12);
    expect(m.breakeven).toBeCloseTo(989.5, 12);
    expect(m.premiumPerLot).toBeCloseTo(5250, 9);
    expect(m.spreadPct).toBeCloseTo((1 / 10.5) * 100, 12);
    expect(m.iv).toBeGreaterThan(0);
    expect(m.delta).toBeGreaterThan(0);
    expect(m.delta).toBeLessThan(0.5);
  });

  it('cash-secured put priced from the last trade when nobody bids', () => {
    const m = computeOptionMetrics({
      ...base,
      optionType: 'PE',
      strike: 950,
      bid: 0,
      ask: 5,
      lastPrice: 4,
    });
    expect(m.premiumSource).toBe('last');
    expect(m.premium).toBe(4);
    expect(m.otmPct).toBeCloseTo(5, 12);
    expect(m.yieldPct).toBeCloseTo((4 / 950) * 100, 12);
    expect(m.annualizedYieldPct).toBeCloseTo(((4 / 950) * 100 * 365) / 30, 12);
    expect(m.breakeven).toBe(946);
    expect(m.spreadPct).toBeNaN();
    expect(m.delta).toBeLessThan(0);
  });

  it('uses the last price when the spread is too wide to trust the mid', () => {
    expect(choosePremium(1, 5, 2.5)).toEqual({ premium: 2.5, source: 'last' });
    expect(choosePremium(Number.NaN, Number.NaN, 5)).toEqual({ premium: 5, source: 'last' });
    expect(choosePremium(0, 0, 0).source).toBe('none');
    expect(choosePremium(6, 5, 0).source).toBe('none');
  });

  it('has no premium, yield or greeks for an illiquid strike (zero bid, no trades)', () => {
    const m = computeOptionMetrics({ ...base, bid: 0, ask: 0, lastPrice: 0 });
    expect(m.premiumSource).toBe('none');
    for (const value of [m.premium, m.yieldPct, m.annualizedYieldPct, m.breakeven, m.iv, m.delta]) {
      expect(value).toBeNaN();
    }
    expect(m.otmPct).toBeCloseTo(5, 12);
  });

  it('reports no IV (not NaN garbage) for a deep ITM premium below its discounted intrinsic value', () => {
    const m = computeOptionMetrics({ ...base, strike: 800, bid: 201, ask: 203, lastPrice: 202 });
    expect(m.otmPct).toBeCloseTo(-20, 12);
    expect(m.premium).toBe(202);
    expect(m.iv).toBeNaN();
    expect(m.delta).toBeNaN();
  });

  it('counts at least one day on expiry day', () => {
    const expiryDay = computeOptionMetrics({ ...base, daysToExpiry: 0.2 });
    expect(expiryDay.annualizedYieldPct).toBeCloseTo(expiryDay.yieldPct * 365, 10);
    expect(Number.isFinite(expiryDay.iv)).toBe(true);
  });

  it('round-trips Black-Scholes prices through the IV solver within 1e-4', () => {
    let checked = 0;
    for (const optionType of ['CE', 'PE'] as const) {
      for (const strike of [800, 950, 1000, 1050, 1200]) {
        for (const volatility of [0.1, 0.25, 0.6]) {
          const years = 30 / 365;
          const right = optionType === 'CE' ? 'call' : 'put';
          const price = optionPrice({ right, spot: 1000, strike, years, rate: 0.065, volatility });
          // Only prices with time value in them say anything about volatility.
          const floor = optionPrice({
            right,
            spot: 1000,
            strike,
            years,
            rate: 0.065,
            volatility: 0.0001,
          });
          if (price < 0.05 || price - floor < 0.01) continue;
          checked += 1;
          const m = computeOptionMetrics({
            ...base,
            optionType,
            strike,
            bid: Number.NaN,
            ask: Number.NaN,
            lastPrice: price,
          });
          expect(
            Math.abs(m.iv / 100 - volatility),
            `${optionType} ${strike} ${volatility}`,
          ).toBeLessThan(1e-4);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('filters', () => {
  const defaults = ScanFiltersSchema.parse({});

  it('has seller defaults: OTM only, a real bid, a tradable spread', () => {
    expect(defaults).toMatchObject({
      optionType: 'both',
      otmPctMin: 0,
      minBid: 0.05,
      maxSpreadPct: 25,
    });
  });

  it('says why a row is filtered out', () => {
    const row = computeOptionMetrics(base);
    const quote = { optionType: 'CE' as const, bid: 10, oi: 1000, volume: 10 };
    expect(filterReason(row, quote, defaults)).toBeNull();
    expect(filterReason(row, quote, { ...defaults, optionType: 'PE' })).toMatch(/CE excluded/);
    expect(filterReason(row, quote, { ...defaults, otmPctMin: 6 })).toBe(
      '5.0 % out of the money; the scan keeps at least 6.0 % out of the money',
    );
    // An in-the-money strike says so in words, not as a negative OTM %.
    const itm = computeOptionMetrics({ ...base, strike: 2 * base.spot - base.strike });
    expect(itm.otmPct).toBeCloseTo(-5, 6);
    expect(filterReason(itm, quote, defaults)).toBe(
      '5.0 % in the money; the scan keeps out-of-the-money strikes only',
    );
    expect(filterReason(row, quote, { ...defaults, minAnnualizedYieldPct: 20 })).toMatch(
      /annualized yield 12.78% below/,
    );
    expect(filterReason(row, quote, { ...defaults, maxAbsDelta: 0.01 })).toMatch(/\|delta\|/);
    expect(filterReason(row, quote, { ...defaults, minOi: 5000 })).toMatch(
      /open interest 1000 below the minimum 5000/,
    );
    expect(filterReason(row, { ...quote, bid: 0 }, defaults)).toBe('nobody is bidding');
  });
});

describe('computeMetricsBatch', () => {
  it('computes every row of a columnar batch and never stores NaN as a number', () => {
    const rows = [
      { ...base, bid: 10, ask: 11 },
      { ...base, optionType: 'PE' as const, strike: 950, bid: 0, ask: 0, lastPrice: 0 },
    ].map((row, index) => ({
      underlying: 'TEST',
      tradingsymbol: `TEST${index}`,
      exchange: 'NFO',
      optionType: row.optionType,
      expiry: '2026-12-29',
      quoteTime: null,
      instrumentToken: 100 + index,
      strike: row.strike,
      lotSize: row.lotSize,
      daysToExpiry: row.daysToExpiry,
      spot: row.spot,
      bid: row.bid,
      ask: row.ask,
      lastPrice: row.lastPrice,
      volume: 10,
      oi: 1000,
    }));
    const batch = computeMetricsBatch({
      quotes: quoteColumns(rows),
      filters: ScanFiltersSchema.parse({}),
      rate: 0.065,
    });
    expect(batch.length).toBe(2);
    expect(batch.premium[0]).toBe(10.5);
    expect(batch.passesFilters[0]).toBe(1);
    expect(batch.premiumSource[1]).toBe('none');
    expect(batch.passesFilters[1]).toBe(0);
    expect(batch.filterReason[1]).toBe('no bid, offer or trade to price it');
  });
});
