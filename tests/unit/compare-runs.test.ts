import { describe, expect, it } from 'vitest';
import { compareRuns, sharedUnderlyings } from '../../src-renderer/compare-runs';

const row = (
  underlying: string,
  optionType: 'CE' | 'PE',
  strike: number,
  annualizedYieldPct: number | null,
) => ({ underlying, optionType, strike, expiry: '2026-11-27', annualizedYieldPct });

describe('comparing two runs', () => {
  it('pairs strikes and gives the change in percentage points', () => {
    const changes = compareRuns(
      [row('NIFTY', 'CE', 23_000, 12), row('NIFTY', 'PE', 22_000, 9), row('TCS', 'CE', 4000, 20)],
      [
        row('NIFTY', 'CE', 23_000, 14.5),
        row('NIFTY', 'PE', 22_000, null),
        row('NIFTY', 'CE', 23_100, 10),
      ],
    );
    expect(changes).toEqual([
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
      { underlying: 'TCS', optionType: 'CE', strike: 4000, before: 20, after: null, change: null },
    ]);
  });

  it('leaves out strikes neither run could price', () => {
    expect(compareRuns([row('SBIN', 'PE', 700, null)], [row('SBIN', 'PE', 700, null)])).toEqual([]);
  });

  it('finds the underlyings two runs have in common', () => {
    expect(sharedUnderlyings(['TCS', 'NIFTY', 'INFY'], ['INFY', 'NIFTY', 'SBIN'])).toEqual([
      'INFY',
      'NIFTY',
    ]);
    expect(sharedUnderlyings(['TCS'], ['SBIN'])).toEqual([]);
  });
});
