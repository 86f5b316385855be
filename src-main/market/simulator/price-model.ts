import { istInstant } from '../dates';
import { MARKET_OPEN_MINUTE, SESSION_MINUTES, type TradingCalendar } from './calendar';
import { normalAt, uniformAt } from './random';
import type { SimUnderlying } from './reference-data';

const TRADING_DAYS_PER_YEAR = 252;
/** Days of shocks that make up a closing level: enough to wander, bounded around the reference. */
const LEVEL_WINDOW = 20;
const MAX_CACHED_PATHS = 4096;

const STREAM_LEVEL = 11;
const STREAM_GAP = 12;
const STREAM_MINUTE = 13;
const STREAM_IV = 14;
const STREAM_IV_PHASE = 15;

export function roundToTick(price: number, tick: number): number {
  if (tick <= 0) return price;
  return Number((Math.round(price / tick) * tick).toFixed(2));
}

export interface SessionOhlc {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** Previous session's close, as Kite reports it. */
  readonly close: number;
}

/**
 * Where each underlying trades at any instant. A day's closing level is a moving sum of daily
 * shocks around the reference price (so levels wander but stay near it for years); the session in
 * between runs from an open (previous close plus a gap) to that close along a Brownian bridge,
 * minute by minute. Everything is a pure function of seed, underlying, day and minute.
 */
export class PriceModel {
  private readonly paths = new Map<number, Float64Array>();

  constructor(
    private readonly seed: number,
    private readonly calendar: TradingCalendar,
  ) {}

  dailyVolatility(underlying: SimUnderlying): number {
    return underlying.atmIv / Math.sqrt(TRADING_DAYS_PER_YEAR);
  }

  closeLevel(underlying: SimUnderlying, day: number): number {
    let shocks = 0;
    for (let k = 0; k < LEVEL_WINDOW; k++) {
      shocks += normalAt(this.seed, underlying.ordinal, day - k, STREAM_LEVEL);
    }
    return underlying.referencePrice * Math.exp(this.dailyVolatility(underlying) * shocks);
  }

  /** Prices at each minute 0…SESSION_MINUTES of a trading day. */
  sessionPath(underlying: SimUnderlying, day: number): Float64Array {
    const cacheKey = day * 4096 + underlying.ordinal;
    const cached = this.paths.get(cacheKey);
    if (cached !== undefined) return cached;
    const dailyVol = this.dailyVolatility(underlying);
    const prevClose = this.closeLevel(underlying, this.calendar.previousTradingDay(day));
    const gap = 0.3 * dailyVol * normalAt(this.seed, underlying.ordinal, day, STREAM_GAP);
    const logOpen = Math.log(prevClose) + gap;
    const logClose = Math.log(this.closeLevel(underlying, day));
    const n = SESSION_MINUTES;
    const walk = new Float64Array(n + 1);
    const step = dailyVol / Math.sqrt(n);
    for (let m = 1; m <= n; m++) {
      walk[m] =
        (walk[m - 1] ?? 0) + step * normalAt(this.seed, underlying.ordinal, day, STREAM_MINUTE, m);
    }
    const end = walk[n] ?? 0;
    const path = new Float64Array(n + 1);
    for (let m = 0; m <= n; m++) {
      const t = m / n;
      path[m] = Math.exp(logOpen + (logClose - logOpen) * t + (walk[m] ?? 0) - t * end);
    }
    if (this.paths.size >= MAX_CACHED_PATHS) this.paths.clear();
    this.paths.set(cacheKey, path);
    return path;
  }

  /** The underlying's price at a (fractional) session minute of a trading day. */
  spotAt(underlying: SimUnderlying, day: number, minute: number): number {
    const path = this.sessionPath(underlying, day);
    const m0 = Math.floor(minute);
    const m1 = Math.min(SESSION_MINUTES, m0 + 1);
    const a = path[m0] ?? 0;
    const b = path[m1] ?? a;
    return roundToTick(a + (b - a) * (minute - m0), 0.05);
  }

  sessionOhlc(underlying: SimUnderlying, day: number, minute: number): SessionOhlc {
    const path = this.sessionPath(underlying, day);
    const last = this.spotAt(underlying, day, minute);
    let high = last;
    let low = last;
    for (let m = 0; m <= Math.floor(minute); m++) {
      const p = path[m] ?? last;
      if (p > high) high = p;
      if (p < low) low = p;
    }
    const prevPath = this.sessionPath(underlying, this.calendar.previousTradingDay(day));
    return {
      open: roundToTick(path[0] ?? last, 0.05),
      high: roundToTick(high, 0.05),
      low: roundToTick(low, 0.05),
      close: roundToTick(prevPath[SESSION_MINUTES] ?? last, 0.05),
    };
  }

  /** At-the-money implied volatility: drifts day to day, breathes during the session. */
  atmVolatility(underlying: SimUnderlying, day: number, minute: number, years: number): number {
    const dayFactor = Math.exp(0.12 * normalAt(this.seed, underlying.ordinal, day, STREAM_IV));
    const phase = 2 * Math.PI * uniformAt(this.seed, underlying.ordinal, STREAM_IV_PHASE);
    const intraday = 1 + 0.03 * Math.sin((2 * Math.PI * minute) / SESSION_MINUTES + phase);
    const shortDated = 1 + 0.1 * Math.exp((-years * 365) / 10);
    return underlying.atmIv * dayFactor * intraday * shortDated;
  }

  /**
   * The smile: higher volatility away from the money, more for puts (skew), flattening in the
   * far wings. Mild enough that call premiums never rise with strike (no arbitrage).
   */
  smileVolatility(
    underlying: SimUnderlying,
    atmVolatility: number,
    spot: number,
    strike: number,
    years: number,
  ): number {
    const x = Math.log(strike / spot) / (atmVolatility * Math.sqrt(Math.max(years, 1 / 365)));
    const skew = underlying.kind === 'index' ? 0.12 : 0.06;
    return atmVolatility * (1 + 0.35 * (1 - Math.exp((-x * x) / 8)) - skew * Math.tanh(x / 2));
  }

  /** The instant a session minute stands for. */
  instantOf(day: number, minute: number): Date {
    const totalSeconds = Math.round((MARKET_OPEN_MINUTE + minute) * 60);
    return istInstant(day, 0, 0, totalSeconds);
  }
}
