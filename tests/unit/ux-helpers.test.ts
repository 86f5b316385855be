import { describe, expect, it } from 'vitest';
import { istTimestamp } from '../../src-main/storage/export';
import { moneyness } from '../../src-main/scan/filters';
import { mergeExpiries } from '../../src-main/scan/scan-choices';
import { scanFilterProblems } from '../../src-preload/contract';
import { healthSentence } from '../../src-renderer/health-sentence';
import { formatPp } from '../../src-renderer/format';
import { describeFilters } from '../../src-renderer/screens/filter-summary';
import {
  annualizedTimeValueYieldPct,
  intrinsicValue,
  timeValue,
} from '../../src-renderer/screens/results/time-value';

describe('time value of a premium', () => {
  // Hand-worked: a 1,000 call with spot at 1,250 priced at 260 is 250 intrinsic + 10 time value.
  const deepCall = {
    optionType: 'CE' as const,
    strike: 1000,
    spot: 1250,
    premium: 260,
    annualizedYieldPct: 520,
  };
  it('splits intrinsic and time value for calls and puts', () => {
    expect(intrinsicValue(deepCall)).toBe(250);
    expect(timeValue(deepCall)).toBe(10);
    expect(intrinsicValue({ optionType: 'PE', strike: 1000, spot: 1250 })).toBe(0);
    expect(intrinsicValue({ optionType: 'PE', strike: 1300, spot: 1250 })).toBe(50);
  });
  it('gives the yield of the time value alone: 520 % × 10 / 260 = 20 %', () => {
    expect(annualizedTimeValueYieldPct(deepCall)).toBeCloseTo(20, 10);
    const otm = { ...deepCall, strike: 1300, premium: 12, annualizedYieldPct: 30 };
    expect(annualizedTimeValueYieldPct(otm)).toBe(30);
    expect(annualizedTimeValueYieldPct({ ...deepCall, premium: null })).toBeNull();
  });
});

describe('words for numbers a trader misreads', () => {
  it('says in or out of the money instead of a negative OTM %', () => {
    expect(moneyness(-28.73)).toBe('28.7 % in the money');
    expect(moneyness(1.24)).toBe('1.2 % out of the money');
    expect(moneyness(0.01)).toBe('at the money');
  });
  it('writes changes in percentage points with a neutral zero', () => {
    expect(formatPp(1.254)).toBe('+1.25 pp');
    expect(formatPp(-0.4)).toBe('-0.40 pp');
    expect(formatPp(0.001)).toBe('0.00 pp');
    expect(formatPp(-0.001)).toBe('0.00 pp');
    expect(formatPp(null)).toBe('—');
  });
  it('writes export times in IST with the offset', () => {
    expect(istTimestamp('2026-11-20T05:00:00.000Z')).toBe('2026-11-20T10:30:00+05:30');
    expect(istTimestamp('2026-11-20T20:00:00Z')).toBe('2026-11-21T01:30:00+05:30');
  });
  it('summarises a run’s filters, leaving out the open ones', () => {
    // The defaults are the Seller filter.
    expect(describeFilters({})).toBe(
      'calls and puts · OTM ≥ 0 % · |delta| ≤ 0.3 · spread ≤ 10 % · bid ≥ ₹0.05 · OI ≥ 50 lots · best 3 per underlying',
    );
    expect(
      describeFilters({
        optionType: 'PE',
        otmPctMin: 2,
        otmPctMax: 10,
        maxAbsDelta: null,
        maxSpreadPct: null,
        minOiLots: null,
        topNPerUnderlying: null,
      }),
    ).toBe('puts only · OTM 2 % to 10 % · bid ≥ ₹0.05');
  });
});

describe('filter problems in plain words', () => {
  it('catches contradictions and out-of-range values, naming the field', () => {
    expect(scanFilterProblems({ otmPctMin: 10, otmPctMax: 2 })).toEqual([
      {
        field: 'otmPctMax',
        message: 'OTM % at most (2) is below OTM % at least (10): no strike can be both.',
      },
    ]);
    expect(scanFilterProblems({ maxSpreadPct: -1 })).toEqual([
      { field: 'maxSpreadPct', message: 'Spread % at most cannot be below 0.' },
    ]);
    expect(scanFilterProblems({})).toEqual([]);
  });
});

describe('expiries of several underlyings', () => {
  it('merges by date, summing options and counting underlyings', () => {
    const merged = mergeExpiries([
      [
        { expiry: '2026-11-24', isMonthly: false, optionCount: 120 },
        { expiry: '2026-12-29', isMonthly: true, optionCount: 150 },
      ],
      [{ expiry: '2026-12-29', isMonthly: true, optionCount: 70 }],
    ]);
    expect(merged).toEqual([
      { expiry: '2026-11-24', isMonthly: false, optionCount: 120, underlyingCount: 1 },
      { expiry: '2026-12-29', isMonthly: true, optionCount: 220, underlyingCount: 2 },
    ]);
  });
});

describe('the machine panel sentence', () => {
  const ok = (name: string) => ({ name, ok: true, detail: 'fine' });
  it('never says all is well beside a keychain warning', () => {
    expect(healthSentence({ ok: true, checks: [ok('data-directory')] }).text).toBe(
      'Everything Premia needs is in place.',
    );
    const noKeychain = healthSentence({
      ok: true,
      checks: [ok('data-directory'), { name: 'keychain', ok: false, detail: 'no Secret Service' }],
    });
    expect(noKeychain.tone).toBe('warning');
    expect(noKeychain.text).toMatch(/^Premia works here, but this machine has no OS keychain/);
    const broken = healthSentence({
      ok: false,
      checks: [{ name: 'native:better-sqlite3', ok: false, detail: 'NODE_MODULE_VERSION 115' }],
    });
    expect(broken).toEqual({
      tone: 'error',
      text: 'Premia needs attention on this machine: a part of Premia did not install correctly.',
    });
  });
});
