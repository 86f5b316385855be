/**
 * Kite Connect v3's wire format, parsed with zod into the broker's types. Kite wraps every JSON
 * answer in {status:"success", data} or {status:"error", message, error_type}.
 */
import { z } from 'zod';
import type {
  DepthLevel,
  KiteSession,
  LastPrice,
  OhlcQuote,
  Order,
  Position,
  Positions,
  Quote,
  Trade,
  UserProfile,
} from './broker';
import { parseKiteTimestamp } from './dates';
import { quoteFromWire } from './kite-quote-wire';

export const KiteEnvelopeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.unknown() }),
  z.object({
    status: z.literal('error'),
    message: z.string().catch('Kite reported an error without a message.'),
    error_type: z.string().catch('GeneralException'),
  }),
]);

const num = z.number();
const optionalNumber = z
  .number()
  .nullish()
  .transform((value) => value ?? 0);
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const timestamp = z
  .string()
  .nullish()
  .transform((value) => parseKiteTimestamp(value));

const DepthLevelSchema = z.object({ price: num, quantity: num, orders: optionalNumber });
const OhlcSchema = z.object({ open: num, high: num, low: num, close: num });

function best(levels: readonly DepthLevel[] | undefined): DepthLevel | null {
  const level = levels?.[0];
  return level !== undefined && level.price > 0 && level.quantity > 0 ? level : null;
}

export const QuoteSchema = z
  .object({
    instrument_token: num,
    timestamp,
    last_trade_time: timestamp,
    last_price: num,
    last_quantity: optionalNumber,
    buy_quantity: optionalNumber,
    sell_quantity: optionalNumber,
    volume: optionalNumber,
    average_price: optionalNumber,
    oi: optionalNumber,
    oi_day_high: optionalNumber,
    oi_day_low: optionalNumber,
    net_change: optionalNumber,
    lower_circuit_limit: optionalNumber,
    upper_circuit_limit: optionalNumber,
    ohlc: OhlcSchema,
    depth: z.object({ buy: z.array(DepthLevelSchema), sell: z.array(DepthLevelSchema) }).nullish(),
  })
  .transform((w): Quote => ({
    instrumentToken: w.instrument_token,
    lastPrice: w.last_price,
    lastQuantity: w.last_quantity,
    averagePrice: w.average_price,
    volume: w.volume,
    buyQuantity: w.buy_quantity,
    sellQuantity: w.sell_quantity,
    openInterest: w.oi,
    openInterestDayHigh: w.oi_day_high,
    openInterestDayLow: w.oi_day_low,
    netChange: w.net_change,
    lowerCircuitLimit: w.lower_circuit_limit,
    upperCircuitLimit: w.upper_circuit_limit,
    ohlc: w.ohlc,
    bestBid: best(w.depth?.buy),
    bestAsk: best(w.depth?.sell),
    timestamp: w.timestamp,
    lastTradeTime: w.last_trade_time,
  }));

/**
 * A /quote reply. One malformed entry (a null depth level, a string where a price belongs) drops
 * that instrument only: it is then absent, as an instrument Kite does not know would be, and
 * the rest of the batch keeps its quotes.
 */
export const QuoteMapSchema = z.record(z.string(), z.unknown()).transform((entries) => {
  const quotes: Record<string, Quote> = {};
  for (const [key, entry] of Object.entries(entries)) {
    // By hand, with QuoteSchema's rules: zod's parse promoted most of a reply (kite-quote-wire.ts).
    const quote = quoteFromWire(entry);
    if (quote !== null) quotes[key] = quote;
  }
  return quotes;
});

export const OhlcMapSchema = z.record(
  z.string(),
  z
    .object({ instrument_token: num, last_price: num, ohlc: OhlcSchema })
    .transform((w): OhlcQuote => ({
      instrumentToken: w.instrument_token,
      lastPrice: w.last_price,
      ohlc: w.ohlc,
    })),
);

export const LtpMapSchema = z.record(
  z.string(),
  z.object({ instrument_token: num, last_price: num }).transform((w): LastPrice => ({
    instrumentToken: w.instrument_token,
    lastPrice: w.last_price,
  })),
);

const textList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

export const UserProfileSchema = z
  .object({
    user_id: z.string(),
    user_name: z.string(),
    user_shortname: z.string().nullish(),
    email: z.string().nullish(),
    user_type: z.string().nullish(),
    broker: z.string().nullish(),
    exchanges: textList,
    products: textList,
    order_types: textList,
    avatar_url: optionalText,
  })
  .transform((w): UserProfile => ({
    userId: w.user_id,
    userName: w.user_name,
    userShortname: w.user_shortname ?? w.user_name,
    email: w.email ?? '',
    userType: w.user_type ?? '',
    broker: w.broker ?? 'ZERODHA',
    exchanges: w.exchanges,
    products: w.products,
    orderTypes: w.order_types,
    avatarUrl: w.avatar_url,
  }));

export const KiteSessionSchema = z
  .object({
    user_id: z.string(),
    user_name: z.string().nullish(),
    api_key: z.string().nullish(),
    access_token: z.string().min(1),
    public_token: z.string().nullish(),
    login_time: timestamp,
  })
  .transform((w): KiteSession => ({
    userId: w.user_id,
    userName: w.user_name ?? w.user_id,
    apiKey: w.api_key ?? '',
    accessToken: w.access_token,
    publicToken: w.public_token ?? '',
    loginTime: w.login_time,
  }));

const OrderSchema = z
  .object({
    order_id: z.string(),
    exchange_order_id: optionalText,
    parent_order_id: optionalText,
    status: z.string(),
    status_message: optionalText,
    order_timestamp: timestamp,
    exchange_timestamp: timestamp,
    variety: z.string().catch('regular'),
    exchange: z.string(),
    tradingsymbol: z.string(),
    instrument_token: num,
    order_type: z.string(),
    transaction_type: z.string(),
    validity: z.string().catch('DAY'),
    product: z.string(),
    quantity: num,
    price: optionalNumber,
    trigger_price: optionalNumber,
    average_price: optionalNumber,
    filled_quantity: optionalNumber,
    pending_quantity: optionalNumber,
    cancelled_quantity: optionalNumber,
    tag: optionalText,
  })
  .transform((w): Order => ({
    orderId: w.order_id,
    exchangeOrderId: w.exchange_order_id,
    parentOrderId: w.parent_order_id,
    status: w.status,
    statusMessage: w.status_message,
    orderTimestamp: w.order_timestamp,
    exchangeTimestamp: w.exchange_timestamp,
    variety: w.variety,
    exchange: w.exchange,
    tradingsymbol: w.tradingsymbol,
    instrumentToken: w.instrument_token,
    orderType: w.order_type,
    transactionType: w.transaction_type,
    validity: w.validity,
    product: w.product,
    quantity: w.quantity,
    price: w.price,
    triggerPrice: w.trigger_price,
    averagePrice: w.average_price,
    filledQuantity: w.filled_quantity,
    pendingQuantity: w.pending_quantity,
    cancelledQuantity: w.cancelled_quantity,
    tag: w.tag,
  }));
export const OrdersSchema = z.array(OrderSchema);

const TradeSchema = z
  .object({
    trade_id: z.string(),
    order_id: z.string(),
    exchange_order_id: optionalText,
    tradingsymbol: z.string(),
    exchange: z.string(),
    instrument_token: num,
    transaction_type: z.string(),
    product: z.string(),
    average_price: num,
    quantity: num,
    fill_timestamp: timestamp,
    order_timestamp: timestamp,
    exchange_timestamp: timestamp,
  })
  .transform((w): Trade => ({
    tradeId: w.trade_id,
    orderId: w.order_id,
    exchangeOrderId: w.exchange_order_id,
    tradingsymbol: w.tradingsymbol,
    exchange: w.exchange,
    instrumentToken: w.instrument_token,
    transactionType: w.transaction_type,
    product: w.product,
    averagePrice: w.average_price,
    quantity: w.quantity,
    fillTimestamp: w.fill_timestamp,
    orderTimestamp: w.order_timestamp,
    exchangeTimestamp: w.exchange_timestamp,
  }));
export const TradesSchema = z.array(TradeSchema);

const PositionSchema = z
  .object({
    tradingsymbol: z.string(),
    exchange: z.string(),
    instrument_token: num,
    product: z.string(),
    quantity: num,
    overnight_quantity: optionalNumber,
    multiplier: optionalNumber,
    average_price: optionalNumber,
    close_price: optionalNumber,
    last_price: optionalNumber,
    value: optionalNumber,
    pnl: optionalNumber,
    m2m: optionalNumber,
    unrealised: optionalNumber,
    realised: optionalNumber,
    buy_quantity: optionalNumber,
    buy_price: optionalNumber,
    sell_quantity: optionalNumber,
    sell_price: optionalNumber,
  })
  .transform((w): Position => ({
    tradingsymbol: w.tradingsymbol,
    exchange: w.exchange,
    instrumentToken: w.instrument_token,
    product: w.product,
    quantity: w.quantity,
    overnightQuantity: w.overnight_quantity,
    multiplier: w.multiplier,
    averagePrice: w.average_price,
    closePrice: w.close_price,
    lastPrice: w.last_price,
    value: w.value,
    pnl: w.pnl,
    m2m: w.m2m,
    unrealised: w.unrealised,
    realised: w.realised,
    buyQuantity: w.buy_quantity,
    buyPrice: w.buy_price,
    sellQuantity: w.sell_quantity,
    sellPrice: w.sell_price,
  }));

export const PositionsSchema = z
  .object({ net: z.array(PositionSchema), day: z.array(PositionSchema) })
  .transform((w): Positions => ({ net: w.net, day: w.day }));
