import { describe, expect, it } from 'vitest';
import { simulatedShortMargin } from '../../src-main/market/simulator/margin-model';
import {
  payoffPrices,
  shortBreakeven,
  shortPayoff,
} from '../../src-renderer/components/chart/payoff';

describe("the simulator's SPAN-like short-option margin (hand-computed)", () => {
  it('index call near the money: the scanning loss dominates', () => {
    // Scan price 26,000 × 1.10 = 28,600; intrinsic there 1,600 a unit.
    // SPAN 1,600 × 75 = 120,000; exposure 2 % × 26,000 × 75 = 39,000.
    expect(
      simulatedShortMargin({
        kind: 'index',
        right: 'CE',
        spot: 26_000,
        strike: 27_000,
        quantity: 75,
      }),
    ).toEqual({ span: 120_000, exposure: 39_000, total: 159_000 });
  });

  it('far out of the money: the short-option minimum applies', () => {
    // 3 % × 26,000 × 75 = 58,500 + 39,000.
    expect(
      simulatedShortMargin({
        kind: 'index',
        right: 'CE',
        spot: 26_000,
        strike: 30_000,
        quantity: 75,
      }).total,
    ).toBe(97_500);
  });

  it('stock put: scan 15 % down, minimum 7.5 %, exposure 3.5 %', () => {
    // Scan 850: intrinsic 50 < minimum 75 → SPAN 75 × 500; exposure 35 × 500.
    expect(
      simulatedShortMargin({
        kind: 'stock',
        right: 'PE',
        spot: 1000,
        strike: 900,
        quantity: 500,
      }),
    ).toEqual({ span: 37_500, exposure: 17_500, total: 55_000 });
  });
});

describe('payoff at expiry of one short lot', () => {
  const call = { optionType: 'CE' as const, strike: 1050, premium: 10, lotSize: 500 };
  const put = { optionType: 'PE' as const, strike: 950, premium: 8, lotSize: 500 };

  it('keeps the premium out of the money and loses intrinsic beyond the strike', () => {
    expect(shortPayoff(call, 1000)).toBe(5000);
    expect(shortPayoff(call, 1060)).toBe(0);
    expect(shortPayoff(call, 1100)).toBe(-20_000);
    expect(shortPayoff(put, 1000)).toBe(4000);
    expect(shortPayoff(put, 900)).toBe(-21_000);
    expect(shortBreakeven(call)).toBe(1060);
    expect(shortBreakeven(put)).toBe(942);
  });

  it('draws a range that shows the strike, the break-even and ±3 expected moves', () => {
    const prices = payoffPrices(call, 1005, 40);
    expect(prices[0]).toBeLessThanOrEqual(1005 - 120);
    expect(prices.at(-1)).toBeGreaterThanOrEqual(1060);
    expect(prices).toContain(1050);
    const sorted = [...prices].sort((a, b) => a - b);
    expect(prices).toEqual(sorted);
  });
});
