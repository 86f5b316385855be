import { optionPrice } from '../black-scholes';
import type { DepthLevel, Ohlc, Quote } from '../broker';
import { istInstant } from '../dates';
import { SESSION_MINUTES, type TradingCalendar } from './calendar';
import type { SimContract } from './contracts';
import { roundToTick, type PriceModel } from './price-model';
import { hashCoordinates, hashText, uniformAt } from './random';

const YEAR_MS = 365 * 86_400_000;
const STREAM_OI = 21;
const STREAM_VOLUME = 22;
const STREAM_DEPTH = 23;
/** Minutes between the samples that make an option's intraday high and low. */
const OHLC_SAMPLE_MINUTES = 15;

export interface PricingContext {
  readonly seed: number;
  readonly rate: number;
  readonly prices: PriceModel;
  readonly calendar: TradingCalendar;
  readonly sessionDay: number;
  /** Fractional minutes into the session, 0…375. */
  readonly minute: number;
}

/** Calendar years from an instant to 15:30 IST on the expiry day. */
export function yearsToExpiry(expiryDay: number, at: Date): number {
  return Math.max(0, (istInstant(expiryDay, 15, 30).getTime() - at.getTime()) / YEAR_MS);
}

interface Fair {
  readonly spot: number;
  readonly value: number;
  /** Distance from the money in standard deviations (0 for spots and futures). */
  readonly moneyness: number;
}

/** Fair value of a contract at a session minute of a day. */
export function fairValue(
  contract: SimContract,
  ctx: PricingContext,
  day: number,
  minute: number,
): Fair {
  const { prices } = ctx;
  const spot = prices.spotAt(contract.underlying, day, minute);
  if (contract.kind === 'spot') return { spot, value: spot, moneyness: 0 };
  const years = yearsToExpiry(contract.expiryDay, prices.instantOf(day, minute));
  if (contract.kind === 'future') {
    return { spot, value: spot * Math.exp(ctx.rate * years), moneyness: 0 };
  }
  const strike = contract.instrument.strike;
  const atm = prices.atmVolatility(contract.underlying, day, minute, years);
  const volatility = prices.smileVolatility(contract.underlying, atm, spot, strike, years);
  const right = contract.right === 'PE' ? 'put' : 'call';
  const value = optionPrice({ right, spot, strike, years, rate: ctx.rate, volatility });
  const moneyness = Math.abs(Math.log(strike / spot)) / (atm * Math.sqrt(Math.max(years, 1 / 365)));
  return { spot, value, moneyness };
}

function floorToTick(price: number, tick: number): number {
  return Number((Math.floor(price / tick + 1e-9) * tick).toFixed(2));
}

function ceilToTick(price: number, tick: number): number {
  return Number((Math.ceil(price / tick - 1e-9) * tick).toFixed(2));
}

interface Book {
  readonly bid: number;
  readonly ask: number;
  readonly liquid: boolean;
}

/**
 * Bid and offer around fair value: wider away from the money and in later expiries; far strikes
 * have nobody bidding. Fair value always lies within [bid, ask], so put-call parity holds within
 * the spread.
 */
function bookFor(contract: SimContract, fair: Fair): Book {
  const tick = contract.instrument.tickSize || 0.05;
  const isIndex = contract.underlying.kind === 'index';
  const rank = Math.max(0, contract.expiryRank);
  const reach = (isIndex ? 3 : 2.2) * (rank >= 2 ? 0.8 : 1);
  const liquid = fair.moneyness <= reach && fair.value >= 2 * tick;
  if (!liquid) {
    const ask = ceilToTick(fair.value * 1.05 + 2 * tick, tick);
    return { bid: 0, ask, liquid };
  }
  const basePct = contract.kind === 'option' ? (isIndex ? 0.004 : 0.012) : 0.0002;
  const halfPct = basePct * (1 + 0.6 * fair.moneyness ** 2) * (1 + 0.3 * rank);
  const half = Math.max(tick, fair.value * halfPct);
  const bid = floorToTick(fair.value - half, tick);
  const ask = Math.max(ceilToTick(fair.value + half, tick), bid + tick);
  return { bid: bid < tick ? 0 : bid, ask: Number(ask.toFixed(2)), liquid };
}

function depthSide(
  contract: SimContract,
  best: number,
  direction: 1 | -1,
  ctx: PricingContext,
): DepthLevel[] {
  const tick = contract.instrument.tickSize || 0.05;
  const lot = Math.max(1, contract.instrument.lotSize);
  const levels: DepthLevel[] = [];
  for (let k = 0; k < 5; k++) {
    const price = Number((best + direction * k * k * tick).toFixed(2));
    if (best <= 0 || price <= 0) {
      levels.push({ price: 0, quantity: 0, orders: 0 });
      continue;
    }
    const h = hashCoordinates(
      ctx.seed,
      STREAM_DEPTH,
      contract.instrument.instrumentToken,
      direction,
      k,
      Math.floor(ctx.minute),
    );
    levels.push({ price, quantity: lot * (1 + (h % 20)), orders: 1 + ((h >>> 8) % 8) });
  }
  return levels;
}

interface Activity {
  readonly openInterest: number;
  readonly volume: number;
}

function activityFor(
  contract: SimContract,
  fair: Fair,
  liquid: boolean,
  ctx: PricingContext,
): Activity {
  const { underlying } = contract;
  const lot = Math.max(1, contract.instrument.lotSize);
  const symbolHash = hashText(contract.instrument.tradingsymbol);
  const noise = 0.6 + 0.8 * uniformAt(ctx.seed, symbolHash, ctx.sessionDay, STREAM_OI);
  const elapsed = ctx.minute / SESSION_MINUTES;
  if (contract.kind === 'spot') {
    if (underlying.kind === 'index') return { openInterest: 0, volume: 0 };
    const shares = (2_000_000 / Math.sqrt(underlying.referencePrice)) * noise * elapsed;
    return { openInterest: 0, volume: Math.round(shares) };
  }
  const base = underlying.kind === 'index' ? (underlying.weeklyExpiries ? 40_000 : 8_000) : 1_200;
  const rankFactor = 1 / (1 + 1.5 * Math.max(0, contract.expiryRank));
  const roundStrike = contract.instrument.strike % (underlying.strikeStep * 10) === 0 ? 1.4 : 1;
  const oiLots = Math.round(
    base * rankFactor * Math.exp(-(fair.moneyness ** 2) / 2) * roundStrike * noise,
  );
  const turnover = underlying.kind === 'index' ? 2.5 : 0.6;
  const volumeNoise = 0.5 + uniformAt(ctx.seed, symbolHash, ctx.sessionDay, STREAM_VOLUME);
  const volumeLots = liquid ? Math.round(oiLots * turnover * elapsed * volumeNoise) : 0;
  return { openInterest: oiLots * lot, volume: volumeLots * lot };
}

function optionOhlc(
  contract: SimContract,
  ctx: PricingContext,
  last: number,
  traded: boolean,
): Ohlc {
  const tick = contract.instrument.tickSize || 0.05;
  const prevDay = ctx.calendar.previousTradingDay(ctx.sessionDay);
  const close = roundToTick(fairValue(contract, ctx, prevDay, SESSION_MINUTES).value, tick);
  if (!traded) return { open: 0, high: 0, low: 0, close };
  let high = last;
  let low = last;
  let open = last;
  for (let m = 0; m <= ctx.minute; m += OHLC_SAMPLE_MINUTES) {
    const price = roundToTick(fairValue(contract, ctx, ctx.sessionDay, m).value, tick);
    if (m === 0) open = price;
    high = Math.max(high, price);
    low = Math.min(low, price);
  }
  return { open, high, low, close };
}

/** A full Kite-style quote for a contract at the context's instant. */
export function quoteContract(contract: SimContract, ctx: PricingContext): Quote {
  const tick = contract.instrument.tickSize || 0.05;
  const fair = fairValue(contract, ctx, ctx.sessionDay, ctx.minute);
  const lastPrice = roundToTick(fair.value, tick);
  const book = bookFor(contract, fair);
  const activity = activityFor(contract, fair, book.liquid, ctx);
  const isIndex = contract.kind === 'spot' && contract.underlying.kind === 'index';
  const traded = activity.volume > 0 || isIndex;
  const ohlc =
    contract.kind === 'spot'
      ? ctx.prices.sessionOhlc(contract.underlying, ctx.sessionDay, ctx.minute)
      : optionOhlc(contract, ctx, lastPrice, traded);
  const buy = isIndex ? depthSide(contract, 0, -1, ctx) : depthSide(contract, book.bid, -1, ctx);
  const sell = isIndex ? depthSide(contract, 0, 1, ctx) : depthSide(contract, book.ask, 1, ctx);
  const instant = ctx.prices.instantOf(ctx.sessionDay, ctx.minute);
  const lastTradeLag = hashCoordinates(ctx.seed, contract.instrument.instrumentToken) % 30;
  const lot = Math.max(1, contract.instrument.lotSize);
  const sum = (levels: DepthLevel[]): number => levels.reduce((total, l) => total + l.quantity, 0);
  const reference = ohlc.close > 0 ? ohlc.close : lastPrice;
  return {
    instrumentToken: contract.instrument.instrumentToken,
    lastPrice,
    lastQuantity: traded && !isIndex ? lot : 0,
    averagePrice:
      traded && !isIndex
        ? roundToTick((ohlc.open + ohlc.high + ohlc.low + lastPrice) / 4, tick)
        : 0,
    volume: activity.volume,
    buyQuantity: sum(buy) * 40,
    sellQuantity: sum(sell) * 40,
    openInterest: activity.openInterest,
    openInterestDayHigh: Math.round((activity.openInterest * 1.04) / lot) * lot,
    openInterestDayLow: Math.round((activity.openInterest * 0.96) / lot) * lot,
    netChange: Number((lastPrice - ohlc.close).toFixed(2)),
    lowerCircuitLimit: isIndex
      ? 0
      : contract.kind === 'option'
        ? tick
        : roundToTick(reference * 0.8, tick),
    upperCircuitLimit: isIndex
      ? 0
      : roundToTick(contract.kind === 'option' ? reference * 3 + 20 * tick : reference * 1.2, tick),
    ohlc,
    bestBid: buy[0] !== undefined && buy[0].quantity > 0 ? buy[0] : null,
    bestAsk: sell[0] !== undefined && sell[0].quantity > 0 ? sell[0] : null,
    timestamp: instant,
    lastTradeTime: traded ? new Date(instant.getTime() - lastTradeLag * 1000) : null,
  };
}
