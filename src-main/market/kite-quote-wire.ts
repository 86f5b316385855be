/**
 * Kite's /quote entries read by hand instead of through zod. A /quote reply carries up to 500
 * instruments with ten depth levels each, and zod's object parsing made so many intermediate
 * objects per reply that the quotes parsed first were promoted to the old generation before the
 * reply was done: in a full F&O scan zod's parsing was most of what the main thread promoted
 * (sampled with the heap profiler), and the main heap grew by ~100 MiB that only a full
 * collection gave back. The rules are QuoteSchema's, field for field:
 * required numbers must be numbers, optional ones may be null or absent (0), timestamps strings
 * or null, unknown fields are ignored; an entry that breaks one is dropped.
 */
import type { DepthLevel, Ohlc, Quote } from './broker';
import { parseKiteTimestamp } from './dates';

type Wire = Readonly<Record<string, unknown>>;

/** Thrown inside this module only: the entry is malformed and is dropped. */
class Malformed extends Error {}

function isWire(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function required(wire: Wire, key: string): number {
  const value = wire[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(key);
  return value;
}

function optional(wire: Wire, key: string): number {
  const value = wire[key];
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(key);
  return value;
}

function time(wire: Wire, key: string): Date | null {
  const value = wire[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Malformed(key);
  return parseKiteTimestamp(value);
}

function ohlcOf(value: unknown): Ohlc {
  if (!isWire(value)) throw new Malformed('ohlc');
  return {
    open: required(value, 'open'),
    high: required(value, 'high'),
    low: required(value, 'low'),
    close: required(value, 'close'),
  };
}

/**
 * A side of the book: every level is checked (a malformed level drops the entry, as in
 * QuoteSchema), and only the best one becomes an object — nothing in Premia reads the others.
 * A zero first level (Kite's "nobody here") is no best level.
 */
function bestOfSide(value: unknown): DepthLevel | null {
  if (!Array.isArray(value)) throw new Malformed('depth');
  let best: DepthLevel | null = null;
  value.forEach((level: unknown, index) => {
    if (!isWire(level)) throw new Malformed('depth level');
    const price = required(level, 'price');
    const quantity = required(level, 'quantity');
    const orders = optional(level, 'orders');
    if (index === 0 && price > 0 && quantity > 0) best = { price, quantity, orders };
  });
  return best;
}

function quoteOf(wire: Wire): Quote {
  const depth = wire.depth;
  let bestBid: DepthLevel | null = null;
  let bestAsk: DepthLevel | null = null;
  if (depth !== null && depth !== undefined) {
    if (!isWire(depth)) throw new Malformed('depth');
    bestBid = bestOfSide(depth.buy);
    bestAsk = bestOfSide(depth.sell);
  }
  return {
    instrumentToken: required(wire, 'instrument_token'),
    lastPrice: required(wire, 'last_price'),
    lastQuantity: optional(wire, 'last_quantity'),
    averagePrice: optional(wire, 'average_price'),
    volume: optional(wire, 'volume'),
    buyQuantity: optional(wire, 'buy_quantity'),
    sellQuantity: optional(wire, 'sell_quantity'),
    openInterest: optional(wire, 'oi'),
    openInterestDayHigh: optional(wire, 'oi_day_high'),
    openInterestDayLow: optional(wire, 'oi_day_low'),
    netChange: optional(wire, 'net_change'),
    lowerCircuitLimit: optional(wire, 'lower_circuit_limit'),
    upperCircuitLimit: optional(wire, 'upper_circuit_limit'),
    ohlc: ohlcOf(wire.ohlc),
    bestBid,
    bestAsk,
    timestamp: time(wire, 'timestamp'),
    lastTradeTime: time(wire, 'last_trade_time'),
  };
}

/** One /quote entry as a Quote, or null when it is malformed (the caller drops it). */
export function quoteFromWire(entry: unknown): Quote | null {
  if (!isWire(entry)) return null;
  try {
    return quoteOf(entry);
  } catch (error) {
    if (error instanceof Malformed) return null;
    throw error;
  }
}
