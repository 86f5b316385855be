import { describe, expect, it } from 'vitest';
import {
  impliedVolatility,
  intrinsicValue,
  normalCdf,
  optionDelta,
  optionPrice,
  type OptionRight,
} from '../../src-main/market/black-scholes';

describe('normalCdf', () => {
  it('matches reference values, tails included', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 13);
    expect(normalCdf(-2)).toBeCloseTo(0.022750131948179195, 14);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 8);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 6);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('optionPrice and optionDelta', () => {
  const base = { spot: 100, strike: 100, years: 1, rate: 0.05, volatility: 0.2 };

  it('prices the textbook at-the-money call and put', () => {
    expect(optionPrice({ ...base, right: 'call' })).toBeCloseTo(10.450583572185565, 9);
    expect(optionPrice({ ...base, right: 'put' })).toBeCloseTo(5.573526022256971, 9);
  });

  it('keeps put-call parity', () => {
    for (const strike of [60, 95, 100, 130, 200]) {
      const call = optionPrice({ ...base, strike, right: 'call' });
      const put = optionPrice({ ...base, strike, right: 'put' });
      expect(call - put).toBeCloseTo(100 - strike * Math.exp(-0.05), 9);
    }
  });

  it('falls back to intrinsic value at expiry and never goes below it', () => {
    expect(optionPrice({ ...base, years: 0, strike: 90, right: 'call' })).toBe(10);
    expect(optionPrice({ ...base, years: 0, strike: 90, right: 'put' })).toBe(0);
    const deep = { ...base, strike: 300, right: 'put' as const, volatility: 0.01 };
    expect(optionPrice(deep)).toBeGreaterThanOrEqual(intrinsicValue(deep));
  });

  it('returns 0 rather than NaN for unusable inputs', () => {
    expect(optionPrice({ ...base, spot: Number.NaN, right: 'call' })).toBe(0);
    expect(optionPrice({ ...base, strike: -5, right: 'put' })).toBe(0);
    expect(optionDelta({ ...base, volatility: Number.POSITIVE_INFINITY, right: 'call' })).toBe(0);
  });

  it('gives deltas in range: calls 0..1, puts -1..0, call − put = 1', () => {
    const call = optionDelta({ ...base, right: 'call' });
    const put = optionDelta({ ...base, right: 'put' });
    expect(call).toBeGreaterThan(0.5);
    expect(call).toBeLessThan(1);
    expect(put).toBeLessThan(0);
    expect(call - put).toBeCloseTo(1, 12);
  });
});

describe('impliedVolatility', () => {
  it('round-trips price → IV within 1e-4 across strikes, expiries and volatilities', () => {
    let solved = 0;
    for (const right of ['call', 'put'] as OptionRight[]) {
      for (const strike of [70, 85, 95, 100, 105, 115, 130]) {
        for (const years of [2 / 365, 7 / 365, 30 / 365, 0.25, 1]) {
          for (const volatility of [0.05, 0.12, 0.25, 0.6, 1.5]) {
            const inputs = { right, spot: 100, strike, years, rate: 0.065 };
            const premium = optionPrice({ ...inputs, volatility });
            // Premiums under a paisa carry no volatility information worth testing.
            if (premium - intrinsicValue(inputs) < 1e-3) continue;
            const iv = impliedVolatility({ ...inputs, premium });
            expect(iv.ok, `${right} K=${strike} T=${years} σ=${volatility}`).toBe(true);
            if (iv.ok) expect(Math.abs(iv.volatility - volatility)).toBeLessThan(1e-4);
            solved++;
          }
        }
      }
    }
    expect(solved).toBeGreaterThan(200);
  });

  it('reports premiums no volatility explains instead of returning NaN', () => {
    const inputs = { right: 'call' as const, spot: 100, strike: 90, years: 0.1, rate: 0.05 };
    expect(impliedVolatility({ ...inputs, premium: 5 })).toEqual({
      ok: false,
      reason: 'below-intrinsic',
    });
    expect(impliedVolatility({ ...inputs, premium: 150 })).toEqual({
      ok: false,
      reason: 'above-maximum',
    });
    expect(impliedVolatility({ ...inputs, premium: Number.NaN })).toEqual({
      ok: false,
      reason: 'bad-input',
    });
    expect(impliedVolatility({ ...inputs, premium: -1 })).toEqual({
      ok: false,
      reason: 'bad-input',
    });
    expect(impliedVolatility({ ...inputs, years: 0, premium: 10 })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(impliedVolatility({ ...inputs, spot: 0, premium: 10 })).toEqual({
      ok: false,
      reason: 'bad-input',
    });
  });

  it('never yields NaN for arbitrary inputs', () => {
    const values = [0, 1e-9, 0.05, 1, 50, 100, 1e6, Number.NaN, Number.POSITIVE_INFINITY, -3];
    for (const premium of values) {
      for (const spot of values) {
        for (const years of [0, 1e-6, 0.01, 3]) {
          const iv = impliedVolatility({
            right: 'put',
            spot,
            strike: 100,
            years,
            rate: 0.06,
            premium,
          });
          if (iv.ok) {
            expect(Number.isFinite(iv.volatility)).toBe(true);
            expect(iv.volatility).toBeGreaterThan(0);
          } else {
            expect(typeof iv.reason).toBe('string');
          }
        }
      }
    }
  });
});
