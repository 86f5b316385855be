import { BrokerError } from './errors';
import type { InstrumentKey, InstrumentTable } from './instruments';
import type { MarginOrder, OrderMargin } from './margins';

/** Most instruments Kite accepts in one /quote call. */
export const QUOTE_BATCH_LIMIT = 500;
/** Most instruments Kite accepts in one /quote/ltp or /quote/ohlc call. */
export const LTP_BATCH_LIMIT = 1000;

export interface DepthLevel {
  readonly price: number;
  readonly quantity: number;
  readonly orders: number;
}

export interface Ohlc {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  /** Kite's "close" is the previous session's close. */
  readonly close: number;
}

/** A full market quote for one instrument. */
export interface Quote {
  readonly instrumentToken: number;
  readonly lastPrice: number;
  readonly lastQuantity: number;
  readonly averagePrice: number;
  /** Quantity traded today (units, not lots). */
  readonly volume: number;
  /** Total quantity bid / offered across the book. */
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  readonly openInterest: number;
  readonly openInterestDayHigh: number;
  readonly openInterestDayLow: number;
  readonly netChange: number;
  readonly lowerCircuitLimit: number;
  readonly upperCircuitLimit: number;
  readonly ohlc: Ohlc;
  /** Best bid; null when nobody is bidding (Kite sends a zero level). */
  readonly bestBid: DepthLevel | null;
  /** Best offer; null when nobody is offering. */
  readonly bestAsk: DepthLevel | null;
  /** When the exchange stamped this quote. */
  readonly timestamp: Date | null;
  /** When the instrument last traded; null if it has not traded. */
  readonly lastTradeTime: Date | null;
}

export interface LastPrice {
  readonly instrumentToken: number;
  readonly lastPrice: number;
}

export interface OhlcQuote extends LastPrice {
  readonly ohlc: Ohlc;
}

export interface UserProfile {
  readonly userId: string;
  readonly userName: string;
  readonly userShortname: string;
  readonly email: string;
  readonly userType: string;
  readonly broker: string;
  readonly exchanges: readonly string[];
  readonly products: readonly string[];
  readonly orderTypes: readonly string[];
  readonly avatarUrl: string | null;
}

/** What a successful login token exchange returns. The access token is a secret: vault only. */
export interface KiteSession {
  readonly userId: string;
  readonly userName: string;
  readonly apiKey: string;
  readonly accessToken: string;
  readonly publicToken: string;
  readonly loginTime: Date | null;
}

export interface Order {
  readonly orderId: string;
  readonly exchangeOrderId: string | null;
  readonly parentOrderId: string | null;
  /** OPEN, COMPLETE, CANCELLED, REJECTED, TRIGGER PENDING, … */
  readonly status: string;
  readonly statusMessage: string | null;
  readonly orderTimestamp: Date | null;
  readonly exchangeTimestamp: Date | null;
  readonly variety: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly instrumentToken: number;
  readonly orderType: string;
  /** BUY or SELL. */
  readonly transactionType: string;
  readonly validity: string;
  readonly product: string;
  readonly quantity: number;
  readonly price: number;
  readonly triggerPrice: number;
  readonly averagePrice: number;
  readonly filledQuantity: number;
  readonly pendingQuantity: number;
  readonly cancelledQuantity: number;
  readonly tag: string | null;
}

export interface Trade {
  readonly tradeId: string;
  readonly orderId: string;
  readonly exchangeOrderId: string | null;
  readonly tradingsymbol: string;
  readonly exchange: string;
  readonly instrumentToken: number;
  readonly transactionType: string;
  readonly product: string;
  readonly averagePrice: number;
  readonly quantity: number;
  readonly fillTimestamp: Date | null;
  readonly orderTimestamp: Date | null;
  readonly exchangeTimestamp: Date | null;
}

export interface Position {
  readonly tradingsymbol: string;
  readonly exchange: string;
  readonly instrumentToken: number;
  readonly product: string;
  /** Net quantity in units; negative when short. */
  readonly quantity: number;
  readonly overnightQuantity: number;
  readonly multiplier: number;
  readonly averagePrice: number;
  readonly closePrice: number;
  readonly lastPrice: number;
  readonly value: number;
  readonly pnl: number;
  readonly m2m: number;
  readonly unrealised: number;
  readonly realised: number;
  readonly buyQuantity: number;
  readonly buyPrice: number;
  readonly sellQuantity: number;
  readonly sellPrice: number;
}

export interface Positions {
  /** Everything open, carried forward included. */
  readonly net: readonly Position[];
  /** Today's activity only. */
  readonly day: readonly Position[];
}

export interface InstrumentsRequest {
  /** One exchange's list (NFO, NSE, …); all exchanges when absent. */
  readonly exchange?: string;
}

/**
 * The market seam the scan engine uses. Every call takes an AbortSignal and rejects with a
 * BrokerError (a UserFacingError with a BROKER_* or CANCELLED code) when it fails. Instruments
 * Kite does not know are absent from a quote map, not errors.
 */
export interface Broker {
  readonly kind: 'kite' | 'simulator';
  instruments(request: InstrumentsRequest, signal: AbortSignal): Promise<InstrumentTable>;
  /** At most QUOTE_BATCH_LIMIT keys ("NFO:NIFTY25D0924000CE"); see quoteInBatches. */
  quote(keys: readonly InstrumentKey[], signal: AbortSignal): Promise<Map<InstrumentKey, Quote>>;
  /** At most LTP_BATCH_LIMIT keys. */
  ohlc(keys: readonly InstrumentKey[], signal: AbortSignal): Promise<Map<InstrumentKey, OhlcQuote>>;
  /** At most LTP_BATCH_LIMIT keys. */
  ltp(keys: readonly InstrumentKey[], signal: AbortSignal): Promise<Map<InstrumentKey, LastPrice>>;
  /**
   * The margin to sell each order (one lot each), in the same order; null where the broker gave
   * no usable answer for that order. At most MARGIN_PAYLOAD_LIMIT_BYTES of orders (marginBatches).
   */
  orderMargins(
    orders: readonly MarginOrder[],
    signal: AbortSignal,
  ): Promise<(OrderMargin | null)[]>;
  profile(signal: AbortSignal): Promise<UserProfile>;
  orders(signal: AbortSignal): Promise<Order[]>;
  trades(signal: AbortSignal): Promise<Trade[]>;
  positions(signal: AbortSignal): Promise<Positions>;
  /** Trades a login request_token for a session; the broker uses the new token afterwards. */
  exchangeToken(requestToken: string, signal: AbortSignal): Promise<KiteSession>;
  /** Logs the session out at the broker. */
  invalidateToken(signal: AbortSignal): Promise<void>;
}

/** Refuses an empty, oversized or malformed batch before anything is sent. */
export function checkInstrumentBatch(
  keys: readonly InstrumentKey[],
  limit: number,
  endpoint: string,
): void {
  if (keys.length === 0) {
    throw new BrokerError('input', `Ask ${endpoint} for at least one instrument.`);
  }
  if (keys.length > limit) {
    throw new BrokerError(
      'input',
      `${endpoint} takes at most ${limit} instruments per request; ${keys.length} were asked for.`,
    );
  }
  for (const key of keys) {
    if (!/^[A-Z0-9-]+:\S/.test(key)) {
      throw new BrokerError(
        'input',
        `"${key.slice(0, 40)}" is not an instrument key like NFO:NIFTY25DEC26000CE.`,
      );
    }
  }
}

/**
 * Quotes any number of instruments in batches of QUOTE_BATCH_LIMIT, one batch at a time (the
 * limiter paces them anyway), reporting each finished batch.
 */
export async function quoteInBatches(
  broker: Broker,
  keys: readonly InstrumentKey[],
  signal: AbortSignal,
  onBatch?: (done: number, total: number) => void,
): Promise<Map<InstrumentKey, Quote>> {
  const unique = [...new Set(keys)];
  const quotes = new Map<InstrumentKey, Quote>();
  for (let start = 0; start < unique.length; start += QUOTE_BATCH_LIMIT) {
    const batch = unique.slice(start, start + QUOTE_BATCH_LIMIT);
    for (const [key, quote] of await broker.quote(batch, signal)) quotes.set(key, quote);
    onBatch?.(Math.min(start + QUOTE_BATCH_LIMIT, unique.length), unique.length);
  }
  return quotes;
}
