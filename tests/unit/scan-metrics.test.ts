import { describe, expect, it } from 'vitest';
import { black76Price } from '../../src-main/market/black76';
import { OPEN_FILTERS, ScanFiltersSchema } from '../../src-preload/contract/domains/scans';
import { computeMetricsBatch } from '../../src-main/scan/compute-metrics';
import { tradingDaysLeft } from '../../src-main/scan/expiry-rule';
import { filterReason } from '../../src-main/scan/filters';
import { forwardOf } from '../../src-main/scan/forward';
import { applyMargin } from '../../src-main/scan/margins';
import {
  choosePremium,
  computeOptionMetrics,
  type OptionQuoteInput,
} from '../../src-main/scan/metrics';
import { quoteColumns, type QuoteRow } from '../../src-main/scan/quote-batch';
import { daysToExpiry } from '../../src-main/scan/scan-plan';
import { batchOfRows } from '../../src-main/storage/result-row';
import { makeResultRow, seededRandom } from '../support/result-fixtures';

const base: OptionQuoteInput = {
  optionType: 'CE',
  spot: 1000,
  forward: 1005,
  strike: 1050,
  lotSize: 500,
  daysToExpiry: 30,
  bid: 10,
  ask: 11,
  lastPrice: 12,
  closePrice: 9,
  volume: 25_000,
  oi: 100_000,
};

describe('option-selling metrics (DESIGN.md §5), hand-computed', () => {
  it('covered call on the bid (the default basis)', () => {
    const m = computeOptionMetrics(base, 0.055, 'bid');
    expect(m).toMatchObject({ premiumSource: 'bid', premium: 10, stale: false });
    expect(m.otmPct).toBeCloseTo(5, 12); // (1050 − 1000) / 1000
    expect(m.yieldPct).toBeCloseTo(1, 12); // 10 / 1000
    expect(m.annualizedYieldPct).toBeCloseTo((1 * 365) / 30, 12);
    expect(m.breakeven).toBe(990); // S − P
    expect(m.nakedBreakeven).toBe(1060); // K + P
    expect(m.extrinsic).toBe(10); // OTM: all time value
    expect(m.premiumPerLot).toBe(5000);
    expect(m.spreadPct).toBeCloseTo((1 / 10.5) * 100, 12);
    expect(m.oiLots).toBe(200); // 100,000 / 500
    expect(m.volumeLots).toBe(50);
    expect(m.delta).toBeGreaterThan(0);
    expect(m.delta).toBeLessThan(0.5);
  });

  it('mid and last are chosen per scan; the row says which priced it', () => {
    expect(computeOptionMetrics(base, 0.055, 'mid')).toMatchObject({
      premium: 10.5,
      premiumSource: 'mid',
    });
    expect(computeOptionMetrics(base, 0.055, 'last')).toMatchObject({
      premium: 12,
      premiumSource: 'last',
    });
  });

  it('a put: cash-secured yield on the strike, break-even K − P, ITM extrinsic', () => {
    const m = computeOptionMetrics({ ...base, optionType: 'PE', strike: 1020, bid: 30 }, 0.055);
    expect(m.otmPct).toBeCloseTo(-2, 12);
    expect(m.yieldPct).toBeCloseTo((30 / 1020) * 100, 12);
    expect(m.breakeven).toBe(990);
    expect(m.nakedBreakeven).toBe(990);
    expect(m.extrinsic).toBe(10); // 30 − (1020 − 1000)
    expect(m.delta).toBeLessThan(0);
  });

  it('with nobody bidding there is no premium on the bid basis', () => {
    const m = computeOptionMetrics({ ...base, bid: Number.NaN }, 0.055, 'bid');
    expect(m.premiumSource).toBe('none');
    for (const value of [m.premium, m.yieldPct, m.iv, m.delta, m.probOtmPct]) {
      expect(value).toBeNaN();
    }
  });

  it('after the close (empty book) prices on the last trade, else the close, flagged stale', () => {
    const closed = { ...base, bid: Number.NaN, ask: Number.NaN };
    expect(choosePremium(closed, 'bid')).toEqual({ premium: 12, source: 'last', stale: true });
    expect(choosePremium({ ...closed, lastPrice: Number.NaN }, 'bid')).toEqual({
      premium: 9,
      source: 'close',
      stale: true,
    });
    const defaults = ScanFiltersSchema.parse({});
    const row = computeOptionMetrics(closed);
    // No bid or spread to judge on a closed book: the stale row is not dropped for them.
    const quote = { optionType: 'CE' as const, bid: Number.NaN, oi: 100_000, volume: 0 };
    expect(filterReason(row, quote, { ...defaults, maxAbsDelta: null })).toBeNull();
  });

  it('time runs to 15:30 IST on expiry day, in fractional days, with no floor', () => {
    // 10:00 IST on expiry day = 04:30 UTC: 5.5 hours = 0.2291666… days.
    expect(daysToExpiry('2026-12-29', new Date('2026-12-29T04:30:00Z'))).toBeCloseTo(5.5 / 24, 12);
    expect(daysToExpiry('2026-12-29', new Date('2026-12-29T10:30:00Z'))).toBeLessThan(0);
    const hours = computeOptionMetrics({ ...base, daysToExpiry: 5.5 / 24 });
    expect(hours.annualizedYieldPct).toBeCloseTo((1 * 365 * 24) / 5.5, 8);
  });

  it('an expired option has no model numbers rather than garbage', () => {
    const m = computeOptionMetrics({ ...base, daysToExpiry: -0.1 });
    expect(m.annualizedYieldPct).toBeNaN();
    expect(m.iv).toBeNaN();
  });

  it('return on margin: P·L / margin · 100 and annualized (hand-computed row)', () => {
    const row = makeResultRow(1, seededRandom(1));
    const batch = batchOfRows([
      { ...row, premium: 10, lotSize: 500, daysToExpiry: 30, passesFilters: true },
    ]);
    applyMargin(batch, 0, 100_000);
    expect(batch.marginPerLot[0]).toBe(100_000);
    expect(batch.romPct[0]).toBeCloseTo(5, 12); // 10 × 500 / 100,000 × 100
    expect(batch.annualizedRomPct[0]).toBeCloseTo(60.833333333333, 9); // 5 × 365 / 30
  });
});

describe('Black-76 risk numbers (hand-computed from Hull Example 18.7 inputs)', () => {
  // Hull, Options, Futures and Other Derivatives, 8th ed., Example 18.7: F = 20, K = 20,
  // r = 9 %, T = 4 months, σ = 25 % → put (= call, at the money) 1.12.
  const years = 4 / 12;
  const input = (premium: number): OptionQuoteInput => ({
    ...base,
    optionType: 'CE',
    spot: 20,
    forward: 20,
    strike: 20,
    lotSize: 1,
    daysToExpiry: years * 365,
    bid: premium,
    ask: premium * 1.01,
  });

  it('recovers σ = 25 % from the premium and gives N(·) probabilities at d2', () => {
    const premium = black76Price({
      right: 'call',
      forward: 20,
      strike: 20,
      years,
      rate: 0.09,
      volatility: 0.25,
    });
    expect(premium).toBeCloseTo(1.12, 2);
    const m = computeOptionMetrics(input(premium), 0.09, 'bid');
    expect(m.iv).toBeCloseTo(25, 6);
    // d2 = −σ√T/2 = −0.0721688; P(call expires OTM) = N(−d2) = 0.528766 (normal table).
    expect(m.probOtmPct).toBeCloseTo(52.8766, 3);
    // Expected move F·σ·√T = 20 × 0.25 × 0.5773503 = 2.886751.
    expect(m.expectedMove).toBeCloseTo(2.886751, 5);
    expect(m.strikeSigmas).toBeCloseTo(0, 12);
    // Naked break-even K + P = 21.1168; d2(21.1168) = (ln(20/21.1168) − σ²T/2)/(σ√T)
    // = (−0.054337 − 0.010417)/0.144338 = −0.44863 → P(profit) = N(0.44863) = 0.67315.
    expect(m.probProfitPct).toBeCloseTo(67.315, 1);
    // Δ = e^{−rT}·N(d1) = 0.9704455 × 0.5287661 = 0.513139.
    expect(m.delta).toBeCloseTo(0.513139, 5);
  });
});

describe('the forward', () => {
  it('is the future (mid of its book, else last), else carry S·e^{rT}, flagged', () => {
    const level = (price: number) => ({ price, quantity: 50, orders: 1 });
    const future = {
      lastPrice: 1010,
      bestBid: level(1004),
      bestAsk: level(1006),
    } as unknown as Parameters<typeof forwardOf>[0];
    expect(forwardOf(future, 1000, 0.055, 30)).toEqual({ price: 1005, source: 'future' });
    const carry = forwardOf(undefined, 1000, 0.055, 36.5);
    expect(carry.source).toBe('carry');
    expect(carry.price).toBeCloseTo(1000 * Math.exp(0.0055), 9);
  });
});

describe('the expiry rule', () => {
  it('counts trading days left, today while its session runs', () => {
    // Tuesday 2026-12-29 expiry. Thursday 24 Dec 10:00 IST: Thu, Fri, Mon, Tue = 4.
    expect(tradingDaysLeft('2026-12-29', new Date('2026-12-24T04:30:00Z'))).toBe(4);
    // Friday after the close: Mon, Tue = 2 (fewer than 3: "nearest monthly" rolls over).
    expect(tradingDaysLeft('2026-12-29', new Date('2026-12-25T11:00:00Z'))).toBe(2);
  });
});

describe('filters', () => {
  const defaults = ScanFiltersSchema.parse({});

  it('defaults to the Seller filter', () => {
    expect(defaults).toMatchObject({
      optionType: 'both',
      otmPctMin: 0,
      maxAbsDelta: 0.3,
      maxSpreadPct: 10,
      minOiLots: 50,
      topNPerUnderlying: { n: 3, metric: 'annualizedRomPct' },
    });
  });

  it('says why a row is filtered out', () => {
    const row = computeOptionMetrics(base);
    const quote = { optionType: 'CE' as const, bid: 10, oi: 100_000, volume: 10 };
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
      /annualized yield 12.17% below/,
    );
    expect(filterReason(row, quote, { ...defaults, maxAbsDelta: 0.01 })).toMatch(/\|delta\|/);
    expect(filterReason(row, quote, { ...defaults, minOiLots: 500 })).toMatch(
      /open interest 200 lots below the minimum 500 lots/,
    );
    expect(filterReason(row, { ...quote, bid: 0 }, defaults)).toBe('nobody is bidding');
  });
});

describe('computeMetricsBatch', () => {
  it('computes every row of a columnar batch and never stores NaN as a number', () => {
    const rows: QuoteRow[] = [
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
      forward: row.forward,
      forwardSource: 'future',
      bid: row.bid,
      ask: row.ask,
      lastPrice: row.lastPrice,
      closePrice: Number.NaN,
      volume: 10,
      oi: 100_000,
    }));
    const batch = computeMetricsBatch({
      quotes: quoteColumns(rows),
      filters: ScanFiltersSchema.parse(OPEN_FILTERS),
      rate: 0.055,
      basis: 'bid',
    });
    expect(batch.length).toBe(2);
    expect(batch.premium[0]).toBe(10);
    expect(batch.passesFilters[0]).toBe(1);
    expect(batch.forwardSource[0]).toBe('future');
    expect(batch.premiumSource[1]).toBe('none');
    expect(batch.stale[1]).toBe(1);
    expect(batch.passesFilters[1]).toBe(0);
    expect(batch.filterReason[1]).toBe('no bid, offer or trade to price it');
    expect(batch.marginPerLot[0]).toBeNaN();
  });
});
