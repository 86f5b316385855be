/**
 * The fake market: a deterministic function of (seed, instant) giving Kite's instrument dump and
 * Kite's quote JSON for every listed instrument. Underlyings drift through the session around the
 * previous close; futures carry at FAKE_CARRY_RATE; options are priced with the fake's own Black-76
 * on the same-expiry future at a volatility with a smile, and quoted with a spread around that
 * price. Tests read the known values back through `underlyingPrice`, `futurePrice`, `volatility`
 * and `quote`, so they check Premia against this market, never against Premia's simulator.
 */
import {
  buildDayBook,
  instrumentCsvLine,
  previousClose,
  type DayBook,
  type FakeInstrument,
  type FakeUnderlying,
} from './book';
import { istDate, istInstantOf, KITE_INSTRUMENT_CSV_HEADER, kiteTimestamp } from './kite-docs';
import { black76, ceilToTick, floorToTick, noise, roundToTick, TICK } from './pricing';

/** The fake's cost of carry for futures and its discount rate for options (annual, continuous). */
export const FAKE_CARRY_RATE = 0.068;
/** How far an underlying wanders from its previous close within a session, at most. */
const INTRADAY_SWING = 0.008;
const SESSION_MINUTES = 375; // 09:15 to 15:30 IST

export interface DepthLevel {
  readonly price: number;
  readonly quantity: number;
  readonly orders: number;
}

/** One instrument's quote exactly as /quote returns it (Kite's field names). */
export interface WireQuote {
  readonly instrument_token: number;
  readonly timestamp: string;
  readonly last_trade_time: string;
  readonly last_price: number;
  readonly last_quantity: number;
  readonly buy_quantity: number;
  readonly sell_quantity: number;
  readonly volume: number;
  readonly average_price: number;
  readonly oi: number;
  readonly oi_day_high: number;
  readonly oi_day_low: number;
  readonly net_change: number;
  readonly lower_circuit_limit: number;
  readonly upper_circuit_limit: number;
  readonly ohlc: { open: number; high: number; low: number; close: number };
  readonly depth: { buy: DepthLevel[]; sell: DepthLevel[] };
}

const EMPTY_LEVEL: DepthLevel = { price: 0, quantity: 0, orders: 0 };

export class FakeMarket {
  private readonly books = new Map<string, DayBook>();
  /** Prices already worked out, by underlying (and expiry) and instant: a /quote of 500 options
   * would otherwise redo the same underlying's arithmetic 500 times. Cleared with the books. */
  private readonly memo = new Map<string, number>();

  constructor(readonly seed: number) {}

  /** The book of the instant's IST trading day (built once per day, two days kept). */
  book(at: Date): DayBook {
    const day = istDate(at);
    let book = this.books.get(day);
    if (book === undefined) {
      const close = istInstantOf(day, 9, 15);
      book = buildDayBook(this.seed, at, (i) => this.previousCloseOf(i, close));
      if (this.books.size >= 2) {
        this.books.clear();
        this.memo.clear();
      }
      this.books.set(day, book);
    }
    return book;
  }

  /** The instrument a quote key ("NFO:NIFTY25DECFUT") or instrument token names, if listed. */
  instrument(keyOrToken: string, at: Date): FakeInstrument | undefined {
    const book = this.book(at);
    return /^\d+$/.test(keyOrToken)
      ? book.byToken.get(Number(keyOrToken))
      : book.byKey.get(keyOrToken);
  }

  /** The dump for the day: every exchange, or one. */
  instrumentCsv(at: Date, exchange?: string): string {
    const rows = this.book(at).instruments.filter(
      (i) => exchange === undefined || i.exchange === exchange,
    );
    return [KITE_INSTRUMENT_CSV_HEADER, ...rows.map(instrumentCsvLine)].join('\n') + '\n';
  }

  /** Minutes into the session, held at the open before 09:15 and at the close after 15:30. */
  private sessionMinute(at: Date): number {
    const open = istInstantOf(istDate(at), 9, 15).getTime();
    return Math.min(SESSION_MINUTES, Math.max(0, (at.getTime() - open) / 60_000));
  }

  /** The underlying's price (index value or share price) at an instant. */
  underlyingPrice(underlying: FakeUnderlying, at: Date): number {
    return this.remember(`S|${underlying.name}|${at.getTime()}`, () =>
      this.computeUnderlyingPrice(underlying, at),
    );
  }

  private remember(key: string, compute: () => number): number {
    let value = this.memo.get(key);
    if (value === undefined) {
      if (this.memo.size > 200_000) this.memo.clear();
      value = compute();
      this.memo.set(key, value);
    }
    return value;
  }

  private computeUnderlyingPrice(underlying: FakeUnderlying, at: Date): number {
    const close = previousClose(this.seed, underlying, istDate(at));
    const phase = noise(this.seed, `phase:${underlying.name}`) * 2 * Math.PI;
    const wave = Math.sin(phase + this.sessionMinute(at) / 45);
    return roundToTick(close * (1 + INTRADAY_SWING * wave));
  }

  /** Years from an instant to 15:30 IST on an expiry date (0 once it has passed). */
  yearsToExpiry(expiry: string, at: Date): number {
    return this.remember(`T|${expiry}|${at.getTime()}`, () => {
      const end = istInstantOf(expiry, 15, 30).getTime();
      return Math.max(0, (end - at.getTime()) / (365 * 86_400_000));
    });
  }

  /** The same-expiry future's price: the underlying carried to expiry. */
  futurePrice(underlying: FakeUnderlying, expiry: string, at: Date): number {
    return this.remember(`F|${underlying.name}|${expiry}|${at.getTime()}`, () => {
      const years = this.yearsToExpiry(expiry, at);
      return roundToTick(this.underlyingPrice(underlying, at) * Math.exp(FAKE_CARRY_RATE * years));
    });
  }

  /** The volatility an option is priced at: the underlying's, raised away from the money. */
  volatility(option: FakeInstrument, at: Date): number {
    const forward = this.futurePrice(option.underlying, option.expiry, at);
    const moneyness = Math.log(option.strike / forward);
    return option.underlying.volatility * (1 + 2 * moneyness * moneyness);
  }

  /** An option's model value, before any spread or tick rounding. */
  fairValue(option: FakeInstrument, at: Date): number {
    const forward = this.futurePrice(option.underlying, option.expiry, at);
    const moneyness = Math.log(option.strike / forward);
    return black76({
      right: option.instrumentType === 'CE' ? 'CE' : 'PE',
      forward,
      strike: option.strike,
      years: this.yearsToExpiry(option.expiry, at),
      volatility: option.underlying.volatility * (1 + 2 * moneyness * moneyness),
      rate: FAKE_CARRY_RATE,
    });
  }

  /** Where an instrument trades (its mid), before the spread. */
  private midPrice(i: FakeInstrument, at: Date): number {
    if (i.instrumentType === 'EQ') return this.underlyingPrice(i.underlying, at);
    if (i.instrumentType === 'FUT') return this.futurePrice(i.underlying, i.expiry, at);
    return this.fairValue(i, at);
  }

  private previousCloseOf(i: FakeInstrument, open: Date): number {
    return roundToTick(
      Math.max(
        TICK,
        this.midPrice(i, open) * (0.97 + 0.06 * noise(this.seed, `pc:${i.tradingsymbol}`)),
      ),
    );
  }

  /** Kite's full quote for an instrument, or undefined when it is not listed that day. */
  quote(keyOrToken: string, at: Date): WireQuote | undefined {
    const i = this.instrument(keyOrToken, at);
    return i === undefined ? undefined : this.quoteOf(i, at);
  }

  private quoteOf(i: FakeInstrument, at: Date): WireQuote {
    const label = `${i.tradingsymbol}:${i.instrumentToken}`;
    const r = (what: string): number => noise(this.seed, `${what}:${label}`);
    const isIndex = i.segment === 'INDICES';
    const isOption = i.instrumentType === 'CE' || i.instrumentType === 'PE';
    const mid = this.midPrice(i, at);
    const halfSpread = isIndex ? 0 : Math.max(TICK, mid * (isOption ? 0.02 : 0.0002));
    const bid = floorToTick(mid - halfSpread);
    const ask = Math.max(TICK, ceilToTick(mid + halfSpread));
    const last = roundToTick(Math.max(TICK, mid + (r('last') - 0.5) * halfSpread));
    // The dump's last_price is the previous close (indices list 0 there, so work it out).
    const close =
      i.lastPrice > 0 ? i.lastPrice : this.previousCloseOf(i, istInstantOf(istDate(at), 9, 15));
    const open = roundToTick(close * (0.98 + 0.04 * r('open')));
    const unit = Math.max(1, i.lotSize);
    const distance = isOption
      ? Math.abs(Math.log(i.strike / this.underlyingPrice(i.underlying, at)))
      : 0;
    const lotsTraded = isIndex ? 0 : Math.round(r('volume') * 4_000 * Math.exp(-distance * 25));
    const oi =
      isOption || i.instrumentType === 'FUT'
        ? Math.round(r('oi') * 20_000 * Math.exp(-distance * 15)) * unit
        : 0;
    // One hash per side; the five levels take successive digits of it (cheap, still deterministic).
    const depth = (side: 'buy' | 'sell', best: number): DepthLevel[] => {
      let digits = r(side);
      return Array.from({ length: 5 }, (_, level) => {
        const price = roundToTick(side === 'buy' ? best - level * TICK : best + level * TICK);
        digits = (digits * 97.31) % 1;
        if (isIndex || price <= 0) return EMPTY_LEVEL;
        return {
          price,
          quantity: unit * (1 + Math.floor(digits * 20)),
          orders: 1 + Math.floor(((digits * 7.3) % 1) * 9),
        };
      });
    };
    const buy = depth('buy', bid);
    const sell = depth('sell', ask);
    const sum = (levels: DepthLevel[]): number =>
      levels.reduce((total, l) => total + l.quantity, 0) * 10;
    return {
      instrument_token: i.instrumentToken,
      timestamp: kiteTimestamp(at),
      last_trade_time: kiteTimestamp(new Date(at.getTime() - Math.floor(r('ltt') * 60) * 1000)),
      last_price: last,
      last_quantity: isIndex ? 0 : unit,
      buy_quantity: sum(buy),
      sell_quantity: sum(sell),
      volume: lotsTraded * unit,
      average_price: isIndex ? 0 : roundToTick((open + last) / 2),
      oi,
      oi_day_high: Math.round(oi * 1.05),
      oi_day_low: Math.round(oi * 0.95),
      // Kite's /quote example carries net_change 0; clients compute the change from ohlc.close.
      net_change: 0,
      lower_circuit_limit: isIndex ? 0 : roundToTick(Math.max(TICK, close * 0.8)),
      upper_circuit_limit: isIndex ? 0 : roundToTick(close * 1.2 + (isOption ? 5 * close : 0)),
      ohlc: { open, high: Math.max(open, last), low: Math.min(open, last), close },
      depth: { buy, sell },
    };
  }
}
