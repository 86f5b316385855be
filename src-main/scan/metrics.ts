/**
 * The option-selling metrics of DESIGN.md §5 for one option row. Pure arithmetic: the pool task
 * runs it over columnar batches; tests pin it against published and hand-computed cases.
 * Every `metric` field of the result-row declaration has its formula here (OptionMetrics is
 * derived from that declaration, so a new metric does not compile until it has one).
 */
import type {
  OptionMetrics,
  OptionType,
  PremiumSource,
} from '../../src-preload/contract/records/result-columns';
import { black76Delta, black76ImpliedVolatility, probabilityAbove } from '../market/black76';

export type { OptionMetrics } from '../../src-preload/contract/records/result-columns';

/** A mid is used only when the spread is at most this share of it (else it is no price). */
export const SANE_SPREAD_FRACTION = 0.5;
/**
 * Default continuously compounded risk-free rate: the RBI 91-day Treasury bill cut-off yield,
 * about 5.5 % in late 2025 (README "Risk-free rate"). A profile setting and a scan flag.
 */
export const DEFAULT_RISK_FREE_RATE = 0.055;

/** Which price a scan sells at: the bid (what a seller gets), the mid, or the last trade. */
export type PremiumBasis = 'bid' | 'mid' | 'last';

export interface OptionQuoteInput {
  readonly optionType: OptionType;
  /** S: underlying price. */
  readonly spot: number;
  /** F: the same-expiry future's price, or S·e^{rT} where there is none. */
  readonly forward: number;
  /** K */
  readonly strike: number;
  /** L */
  readonly lotSize: number;
  /** D: fractional calendar days from the quote to 15:30 IST on expiry day (no floor). */
  readonly daysToExpiry: number;
  /** NaN (or ≤ 0) when there is no bid / offer / trade / close. */
  readonly bid: number;
  readonly ask: number;
  readonly lastPrice: number;
  readonly closePrice: number;
  readonly volume: number;
  readonly oi: number;
}

const positive = (value: number): boolean => Number.isFinite(value) && value > 0;

/**
 * P on the scan's basis. With an empty book (after the close, or an option nobody quotes) the
 * last trade, else the previous close, is all there is: used, and flagged stale.
 */
export function choosePremium(
  input: Pick<OptionQuoteInput, 'bid' | 'ask' | 'lastPrice' | 'closePrice'>,
  basis: PremiumBasis,
): { premium: number; source: PremiumSource; stale: boolean } {
  const { bid, ask, lastPrice, closePrice } = input;
  if (!positive(bid) && !positive(ask)) {
    if (positive(lastPrice)) return { premium: lastPrice, source: 'last', stale: true };
    if (positive(closePrice)) return { premium: closePrice, source: 'close', stale: true };
    return { premium: Number.NaN, source: 'none', stale: true };
  }
  if (basis === 'bid' && positive(bid)) return { premium: bid, source: 'bid', stale: false };
  if (basis === 'mid' && positive(bid) && positive(ask) && ask >= bid) {
    const mid = (bid + ask) / 2;
    if ((ask - bid) / mid <= SANE_SPREAD_FRACTION)
      return { premium: mid, source: 'mid', stale: false };
  }
  if (basis === 'last' && positive(lastPrice))
    return { premium: lastPrice, source: 'last', stale: false };
  return { premium: Number.NaN, source: 'none', stale: false };
}

interface ModelNumbers {
  iv: number;
  delta: number;
  probOtmPct: number;
  probProfitPct: number;
  expectedMove: number;
  strikeSigmas: number;
}

const NO_MODEL: ModelNumbers = {
  iv: Number.NaN,
  delta: Number.NaN,
  probOtmPct: Number.NaN,
  probProfitPct: Number.NaN,
  expectedMove: Number.NaN,
  strikeSigmas: Number.NaN,
};

/** IV, delta and the risk numbers from Black-76 on F; all NaN when no volatility fits. */
function modelNumbers(
  isCall: boolean,
  forward: number,
  strike: number,
  premium: number,
  years: number,
  rate: number,
): ModelNumbers {
  if (!(positive(premium) && positive(forward) && positive(strike) && years > 0)) return NO_MODEL;
  const right = isCall ? 'call' : 'put';
  const sigma = black76ImpliedVolatility({ right, forward, strike, years, rate, premium });
  if (sigma === null) return NO_MODEL;
  const aboveStrike = probabilityAbove(forward, strike, years, sigma);
  // A naked seller keeps money while the underlying stays on the right side of K ± P.
  const profitLevel = isCall ? strike + premium : strike - premium;
  const aboveProfitLevel = probabilityAbove(forward, profitLevel, years, sigma);
  const expectedMove = forward * sigma * Math.sqrt(years);
  return {
    iv: sigma * 100,
    delta: black76Delta({ right, forward, strike, years, rate, volatility: sigma }),
    probOtmPct: (isCall ? 1 - aboveStrike : aboveStrike) * 100,
    probProfitPct: (isCall ? 1 - aboveProfitLevel : aboveProfitLevel) * 100,
    expectedMove,
    strikeSigmas: (isCall ? strike - forward : forward - strike) / expectedMove,
  };
}

/** Every metric of one row; NaN marks "no value" (stored as NULL, never as a number). */
export function computeOptionMetrics(
  input: OptionQuoteInput,
  rate: number = DEFAULT_RISK_FREE_RATE,
  basis: PremiumBasis = 'bid',
): OptionMetrics {
  const { optionType, spot, strike, lotSize, daysToExpiry: days } = input;
  const isCall = optionType === 'CE';
  const { premium, source, stale } = choosePremium(input, basis);
  const otmPct = isCall ? ((strike - spot) / spot) * 100 : ((spot - strike) / spot) * 100;
  const intrinsic = isCall ? Math.max(0, spot - strike) : Math.max(0, strike - spot);
  // Covered call: the premium earned on the shares held; cash-secured put: on the cash set aside.
  const yieldPct = isCall ? (premium / spot) * 100 : (premium / strike) * 100;
  const annualizedYieldPct = days > 0 ? (yieldPct * 365) / days : Number.NaN;
  const spreadPct =
    positive(input.bid) && positive(input.ask) && input.ask >= input.bid
      ? ((input.ask - input.bid) / ((input.ask + input.bid) / 2)) * 100
      : Number.NaN;
  const lots = (quantity: number): number => (lotSize > 0 ? quantity / lotSize : Number.NaN);
  return {
    premium,
    premiumSource: source,
    stale,
    otmPct,
    extrinsic: premium - intrinsic,
    yieldPct,
    annualizedYieldPct,
    // Covered call: the stock can fall by the premium; short put: the strike less the premium.
    breakeven: isCall ? spot - premium : strike - premium,
    nakedBreakeven: isCall ? strike + premium : strike - premium,
    premiumPerLot: premium * lotSize,
    spreadPct,
    oiLots: lots(input.oi),
    volumeLots: lots(input.volume),
    ...modelNumbers(isCall, input.forward, strike, premium, days / 365, rate),
  };
}
