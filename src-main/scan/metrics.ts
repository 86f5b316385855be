/**
 * The option-selling metrics of DESIGN.md §5 for one option row. Pure arithmetic: the pool task
 * runs it over columnar batches; tests pin it against hand-computed cases.
 */
import { impliedVolatility, optionDelta } from '../market/black-scholes';
import type { OptionType, PremiumSource } from '../storage/result-row';

/** A bid/ask is used for the premium only when the spread is at most this share of the mid. */
export const SANE_SPREAD_FRACTION = 0.5;
/** Default continuously compounded risk-free rate (approximately the 91-day T-bill yield). */
export const DEFAULT_RISK_FREE_RATE = 0.065;

export interface OptionQuoteInput {
  readonly optionType: OptionType;
  /** S: underlying price. */
  readonly spot: number;
  /** K */
  readonly strike: number;
  /** L */
  readonly lotSize: number;
  /** D: calendar days to expiry at 15:30 IST, at least 1. */
  readonly daysToExpiry: number;
  /** NaN (or ≤ 0) when there is no bid / offer / trade. */
  readonly bid: number;
  readonly ask: number;
  readonly lastPrice: number;
}

export interface OptionMetrics {
  readonly premium: number;
  readonly premiumSource: PremiumSource;
  readonly otmPct: number;
  readonly yieldPct: number;
  readonly annualizedYieldPct: number;
  readonly breakeven: number;
  readonly premiumPerLot: number;
  readonly spreadPct: number;
  /** Annualized implied volatility in percent. */
  readonly iv: number;
  readonly delta: number;
}

const positive = (value: number): boolean => Number.isFinite(value) && value > 0;

/** P: the mid of a sane two-sided market, else the last traded price, else nothing (NaN). */
export function choosePremium(
  bid: number,
  ask: number,
  lastPrice: number,
): { premium: number; source: PremiumSource } {
  if (positive(bid) && positive(ask) && ask >= bid) {
    const mid = (bid + ask) / 2;
    if ((ask - bid) / mid <= SANE_SPREAD_FRACTION) return { premium: mid, source: 'mid' };
  }
  if (positive(lastPrice)) return { premium: lastPrice, source: 'last' };
  return { premium: Number.NaN, source: 'none' };
}

/** Every metric of one row; NaN marks "no value" (stored as NULL, never as a number). */
export function computeOptionMetrics(
  input: OptionQuoteInput,
  rate: number = DEFAULT_RISK_FREE_RATE,
): OptionMetrics {
  const { optionType, spot, strike, lotSize } = input;
  const isCall = optionType === 'CE';
  const days = Math.max(1, input.daysToExpiry);
  const { premium, source } = choosePremium(input.bid, input.ask, input.lastPrice);
  const otmPct = isCall ? ((strike - spot) / spot) * 100 : ((spot - strike) / spot) * 100;
  // Covered call: the premium earned on the shares held; cash-secured put: on the cash set aside.
  const yieldPct = isCall ? (premium / spot) * 100 : (premium / strike) * 100;
  const annualizedYieldPct = (yieldPct * 365) / days;
  // Covered call: the stock can fall by the premium; short put: the strike less the premium.
  const breakeven = isCall ? spot - premium : strike - premium;
  const spreadPct =
    positive(input.bid) && positive(input.ask) && input.ask >= input.bid
      ? ((input.ask - input.bid) / ((input.ask + input.bid) / 2)) * 100
      : Number.NaN;
  let iv = Number.NaN;
  let delta = Number.NaN;
  if (source !== 'none' && positive(spot) && positive(strike)) {
    const right = isCall ? 'call' : 'put';
    const years = days / 365;
    const solved = impliedVolatility({ right, spot, strike, years, rate, premium });
    if (solved.ok) {
      iv = solved.volatility * 100;
      delta = optionDelta({ right, spot, strike, years, rate, volatility: solved.volatility });
    }
  }
  return {
    premium,
    premiumSource: source,
    otmPct,
    yieldPct,
    annualizedYieldPct,
    breakeven,
    premiumPerLot: premium * lotSize,
    spreadPct,
    iv: Number.isFinite(iv) ? iv : Number.NaN,
    delta: Number.isFinite(delta) ? delta : Number.NaN,
  };
}
