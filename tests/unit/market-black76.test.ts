import { describe, expect, it } from 'vitest';
import {
  black76Delta,
  black76ImpliedVolatility,
  black76Price,
} from '../../src-main/market/black76';

describe('Black-76 against published examples', () => {
  it('Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), §1.1.4: F=19, K=19, T=0.75, r=10 %, σ=28 % → c = p = 1.7011', () => {
    const inputs = { forward: 19, strike: 19, years: 0.75, rate: 0.1, volatility: 0.28 };
    expect(black76Price({ ...inputs, right: 'call' })).toBeCloseTo(1.7011, 4);
    expect(black76Price({ ...inputs, right: 'put' })).toBeCloseTo(1.7011, 4);
  });

  it('Hull, Options, Futures and Other Derivatives (8th ed.), Example 18.7: F=20, K=20, r=9 %, T=4/12, σ=25 % → p = 1.12', () => {
    const put = black76Price({
      right: 'put',
      forward: 20,
      strike: 20,
      years: 4 / 12,
      rate: 0.09,
      volatility: 0.25,
    });
    expect(put).toBeCloseTo(1.12, 2);
  });

  it('Hull Example 15.6 (Black-Scholes S=42, K=40, r=10 %, σ=20 %, T=0.5 → c=4.76, p=0.81) on F = S·e^{rT}', () => {
    const forward = 42 * Math.exp(0.1 * 0.5);
    const inputs = { forward, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2 };
    expect(black76Price({ ...inputs, right: 'call' })).toBeCloseTo(4.76, 2);
    expect(black76Price({ ...inputs, right: 'put' })).toBeCloseTo(0.81, 2);
  });

  it('solves the volatility back from the published premium, bounded', () => {
    const sigma = black76ImpliedVolatility({
      right: 'call',
      forward: 19,
      strike: 19,
      years: 0.75,
      rate: 0.1,
      premium: 1.7011,
    });
    expect(sigma).not.toBeNull();
    expect(sigma ?? 0).toBeCloseTo(0.28, 4);
    // A premium above the forward itself fits no volatility: null, not NaN.
    expect(
      black76ImpliedVolatility({
        right: 'call',
        forward: 19,
        strike: 19,
        years: 0.75,
        rate: 0.1,
        premium: 25,
      }),
    ).toBeNull();
  });

  it('delta e^{−rT}·N(d1), hand-computed for Haug’s inputs: d1 = 0.121244, N(d1) = 0.548251, e^{−0.075} = 0.927743', () => {
    const inputs = { forward: 19, strike: 19, years: 0.75, rate: 0.1, volatility: 0.28 };
    expect(black76Delta({ ...inputs, right: 'call' })).toBeCloseTo(0.927743 * 0.548251, 5);
    expect(black76Delta({ ...inputs, right: 'put' })).toBeCloseTo(-0.927743 * (1 - 0.548251), 5);
  });
});
