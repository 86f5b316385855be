/**
 * The fake market's own arithmetic: a hash for deterministic noise, tick rounding and Black-76.
 * Written for the test server alone (it does not share Premia's pricing code), so Premia's
 * implied volatility and metrics can be checked against prices made by someone else's formula.
 */

/** A number in [0, 1) from a seed and a label: the same inputs always give the same number. */
export function noise(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the seed (a 32-bit avalanche from MurmurHash3's finalizer).
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** Prices on NSE move in ticks of 0.05 rupees. */
export const TICK = 0.05;

function ticks(price: number): number {
  // Round the tick count first so 24350.000000001 does not become 24350.05.
  return Math.round(price / TICK);
}

export function roundToTick(price: number): number {
  return Number((ticks(price) * TICK).toFixed(2));
}

export function floorToTick(price: number): number {
  return Number((Math.floor(price / TICK + 1e-9) * TICK).toFixed(2));
}

export function ceilToTick(price: number): number {
  return Number((Math.ceil(price / TICK - 1e-9) * TICK).toFixed(2));
}

/** Standard normal CDF via erf, Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface Black76Input {
  readonly right: 'CE' | 'PE';
  /** Forward (the same-expiry future's price). */
  readonly forward: number;
  readonly strike: number;
  /** Years to expiry. */
  readonly years: number;
  /** Annualized volatility as a fraction (0.15 = 15 %). */
  readonly volatility: number;
  /** Continuously compounded rate used to discount the payoff. */
  readonly rate: number;
}

/** Black (1976) price of a European option on a forward; intrinsic value at or after expiry. */
export function black76(input: Black76Input): number {
  const { right, forward: f, strike: k, years: t, volatility: v, rate: r } = input;
  if (t <= 0 || v <= 0) return Math.max(0, right === 'CE' ? f - k : k - f);
  const sd = v * Math.sqrt(t);
  const d1 = (Math.log(f / k) + (sd * sd) / 2) / sd;
  const d2 = d1 - sd;
  const discount = Math.exp(-r * t);
  return right === 'CE'
    ? discount * (f * normalCdf(d1) - k * normalCdf(d2))
    : discount * (k * normalCdf(-d2) - f * normalCdf(-d1));
}
