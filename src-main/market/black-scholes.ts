/**
 * Black-Scholes for European options on a non-dividend-paying underlying (NSE index and stock
 * options settle in cash against the expiry-day price, which is what the formula prices).
 * Shared by the simulator (to make prices) and the scan engine (to read IV and delta back).
 */

export type OptionRight = 'call' | 'put';

export interface OptionInputs {
  readonly right: OptionRight;
  /** Underlying price. */
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years (calendar days / 365). */
  readonly years: number;
  /** Continuously compounded risk-free rate, e.g. 0.065. */
  readonly rate: number;
  /** Annualized volatility, e.g. 0.18 for 18 %. */
  readonly volatility: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Standard normal CDF, Hart's double-precision algorithm (as published by Graeme West): about
 * 1e-14 absolute accuracy, and accurate in the far tails where an erf-based formula loses digits.
 * The IV solver needs those tails: a deep out-of-the-money premium is a tail probability.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / SQRT_2PI;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

export function normalPdf(x: number): number {
  return Math.exp((-x * x) / 2) / SQRT_2PI;
}

function isUsable(inputs: OptionInputs): boolean {
  return (
    Number.isFinite(inputs.spot) &&
    Number.isFinite(inputs.strike) &&
    Number.isFinite(inputs.years) &&
    Number.isFinite(inputs.rate) &&
    Number.isFinite(inputs.volatility) &&
    inputs.spot > 0 &&
    inputs.strike > 0
  );
}

/** The no-arbitrage floor: what the option is worth at zero volatility. */
export function intrinsicValue(inputs: Omit<OptionInputs, 'volatility'>): number {
  const discountedStrike = inputs.strike * Math.exp(-inputs.rate * Math.max(inputs.years, 0));
  return inputs.right === 'call'
    ? Math.max(0, inputs.spot - discountedStrike)
    : Math.max(0, discountedStrike - inputs.spot);
}

function d1d2(inputs: OptionInputs): { d1: number; d2: number; discount: number } {
  const { spot, strike, years, rate, volatility } = inputs;
  const volSqrtT = volatility * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (volatility * volatility) / 2) * years) / volSqrtT;
  return { d1, d2: d1 - volSqrtT, discount: Math.exp(-rate * years) };
}

/** Theoretical premium; 0 for unusable inputs, intrinsic value at expiry or at zero volatility. */
export function optionPrice(inputs: OptionInputs): number {
  if (!isUsable(inputs)) return 0;
  if (inputs.years <= 0 || inputs.volatility <= 0) return intrinsicValue(inputs);
  const { d1, d2, discount } = d1d2(inputs);
  const { spot, strike } = inputs;
  const price =
    inputs.right === 'call'
      ? spot * normalCdf(d1) - strike * discount * normalCdf(d2)
      : strike * discount * normalCdf(-d2) - spot * normalCdf(-d1);
  return Math.max(price, intrinsicValue(inputs));
}

/** Delta per unit of underlying (call 0..1, put -1..0); 0 for unusable inputs. */
export function optionDelta(inputs: OptionInputs): number {
  if (!isUsable(inputs)) return 0;
  if (inputs.years <= 0 || inputs.volatility <= 0) {
    const inTheMoney =
      inputs.right === 'call'
        ? inputs.spot > inputs.strike * Math.exp(-inputs.rate * Math.max(inputs.years, 0))
        : inputs.spot < inputs.strike * Math.exp(-inputs.rate * Math.max(inputs.years, 0));
    if (!inTheMoney) return 0;
    return inputs.right === 'call' ? 1 : -1;
  }
  const { d1 } = d1d2(inputs);
  return inputs.right === 'call' ? normalCdf(d1) : normalCdf(d1) - 1;
}

/** Premium change per 1.00 (i.e. 100 vol points) change in volatility. */
export function optionVega(inputs: OptionInputs): number {
  if (!isUsable(inputs) || inputs.years <= 0 || inputs.volatility <= 0) return 0;
  const { d1 } = d1d2(inputs);
  return inputs.spot * normalPdf(d1) * Math.sqrt(inputs.years);
}

export const IV_MIN = 0.0001;
export const IV_MAX = 5;

export type ImpliedVolatility =
  | { readonly ok: true; readonly volatility: number; readonly iterations: number }
  | {
      readonly ok: false;
      /** Why no volatility explains the premium; the scan shows this instead of a number. */
      readonly reason: 'bad-input' | 'expired' | 'below-intrinsic' | 'above-maximum';
    };

export interface ImpliedVolatilityInputs extends Omit<OptionInputs, 'volatility'> {
  readonly premium: number;
}

/**
 * Solves optionPrice(vol) = premium for vol in [IV_MIN, IV_MAX]: Newton steps while they stay
 * inside the bracket, bisection otherwise. The bracket shrinks every iteration, so it always
 * terminates, and it never returns NaN: a premium no volatility can explain is reported as such.
 */
export function impliedVolatility(inputs: ImpliedVolatilityInputs): ImpliedVolatility {
  const { premium, spot, strike, years, rate } = inputs;
  if (!Number.isFinite(premium) || premium < 0 || !isUsable({ ...inputs, volatility: 1 })) {
    return { ok: false, reason: 'bad-input' };
  }
  if (years <= 0) return { ok: false, reason: 'expired' };
  // The scan solves this for every option it stores, so the loop below works on plain numbers:
  // d1 is computed once per step and shared by the price and the vega, nothing is allocated.
  const isCall = inputs.right === 'call';
  const sqrtT = Math.sqrt(years);
  const discountedStrike = strike * Math.exp(-rate * years);
  const logForwardMoneyness = Math.log(spot / strike) + rate * years;
  const intrinsic = isCall
    ? Math.max(0, spot - discountedStrike)
    : Math.max(0, discountedStrike - spot);
  let d1 = 0;
  const priceAt = (volatility: number): number => {
    const volSqrtT = volatility * sqrtT;
    d1 = logForwardMoneyness / volSqrtT + volSqrtT / 2;
    const d2 = d1 - volSqrtT;
    const price = isCall
      ? spot * normalCdf(d1) - discountedStrike * normalCdf(d2)
      : discountedStrike * normalCdf(-d2) - spot * normalCdf(-d1);
    return Math.max(price, intrinsic);
  };
  const tolerance = 1e-9 * Math.max(1, premium);
  if (premium <= priceAt(IV_MIN) + tolerance) return { ok: false, reason: 'below-intrinsic' };
  if (premium >= priceAt(IV_MAX)) return { ok: false, reason: 'above-maximum' };

  let low = IV_MIN;
  let high = IV_MAX;
  // Brenner-Subrahmanyam's at-the-money approximation is a good first guess almost everywhere.
  let vol = clamp((premium / spot) * Math.sqrt((2 * Math.PI) / years), low, high);
  for (let iteration = 1; iteration <= 200; iteration++) {
    const diff = priceAt(vol) - premium;
    if (Math.abs(diff) <= tolerance) return { ok: true, volatility: vol, iterations: iteration };
    if (diff > 0) high = vol;
    else low = vol;
    if (high - low < 1e-12) return { ok: true, volatility: vol, iterations: iteration };
    // priceAt just set d1 for this vol: vega = S·φ(d1)·√T.
    const vega = spot * normalPdf(d1) * sqrtT;
    const newton = vega > 1e-12 ? vol - diff / vega : Number.NaN;
    vol = newton > low && newton < high ? newton : (low + high) / 2;
  }
  return { ok: true, volatility: vol, iterations: 200 };
}

function clamp(value: number, low: number, high: number): number {
  if (!Number.isFinite(value)) return (low + high) / 2;
  return Math.min(high, Math.max(low, value));
}
