/**
 * Black-76: a European option valued on the forward F of its expiry (Black, 1976; Haug, "The
 * Complete Guide to Option Pricing Formulas", 2nd ed., §1.1.4). NSE options settle against the
 * expiry-day price, so the same-expiry future is the market's own forward: pricing on it takes
 * carry, dividends and borrow out of the model instead of guessing them.
 *
 *   c = e^{-rT} [F·N(d1) − K·N(d2)],  p = e^{-rT} [K·N(−d2) − F·N(−d1)]
 *   d1 = (ln(F/K) + σ²T/2) / (σ√T),   d2 = d1 − σ√T
 *
 * Black-Scholes with spot S' = F·e^{-rT} and rate r is the same formula term for term, so the
 * bounded IV solver of black-scholes.ts is reused on S' (one solver, one set of edge cases).
 */
import { impliedVolatility, normalCdf, optionPrice, type OptionRight } from './black-scholes';

export interface ForwardInputs {
  readonly right: OptionRight;
  /** F: the forward (future) price for the option's expiry. */
  readonly forward: number;
  readonly strike: number;
  /** T in years (fractional). */
  readonly years: number;
  /** r: continuously compounded risk-free rate, e.g. 0.065 (discounts the payoff only). */
  readonly rate: number;
  /** σ: annualized volatility, e.g. 0.18. */
  readonly volatility: number;
}

const discountedForward = (inputs: { forward: number; rate: number; years: number }): number =>
  inputs.forward * Math.exp(-inputs.rate * Math.max(inputs.years, 0));

export function black76Price(inputs: ForwardInputs): number {
  return optionPrice({
    right: inputs.right,
    spot: discountedForward(inputs),
    strike: inputs.strike,
    years: inputs.years,
    rate: inputs.rate,
    volatility: inputs.volatility,
  });
}

function d2Of(forward: number, level: number, volSqrtT: number): number {
  return (Math.log(forward / level) - (volSqrtT * volSqrtT) / 2) / volSqrtT;
}

/** ∂price/∂F: e^{-rT}·N(d1) for a call, −e^{-rT}·N(−d1) for a put (Haug §1.1.4). */
export function black76Delta(inputs: ForwardInputs): number {
  const { forward, strike, years, rate, volatility } = inputs;
  if (!(forward > 0 && strike > 0 && years > 0 && volatility > 0)) return Number.NaN;
  const volSqrtT = volatility * Math.sqrt(years);
  const d1 = d2Of(forward, strike, volSqrtT) + volSqrtT;
  const discount = Math.exp(-rate * years);
  return inputs.right === 'call' ? discount * normalCdf(d1) : -discount * normalCdf(-d1);
}

/** σ such that black76Price = premium, bounded and never NaN; null when none fits. */
export function black76ImpliedVolatility(
  inputs: Omit<ForwardInputs, 'volatility'> & { readonly premium: number },
): number | null {
  if (!(inputs.forward > 0)) return null;
  const solved = impliedVolatility({
    right: inputs.right,
    spot: discountedForward(inputs),
    strike: inputs.strike,
    years: inputs.years,
    rate: inputs.rate,
    premium: inputs.premium,
  });
  return solved.ok ? solved.volatility : null;
}

/**
 * Risk-neutral probability that the underlying ends above `level` at expiry under the model:
 * N(d2(level)), with the forward as the expected price.
 */
export function probabilityAbove(
  forward: number,
  level: number,
  years: number,
  volatility: number,
): number {
  if (!(forward > 0 && years > 0 && volatility > 0)) return Number.NaN;
  if (!(level > 0)) return 1;
  return normalCdf(d2Of(forward, level, volatility * Math.sqrt(years)));
}
