/** Premia's broker types back into Kite's JSON, for the loopback server. */
import type { Order, Position, Quote, Trade, UserProfile } from '../../src-main/market/broker';
import { formatKiteTimestamp } from '../../src-main/market/dates';

function stamp(at: Date | null): string | null {
  return at === null ? null : formatKiteTimestamp(at);
}

export function quoteToWire(q: Quote): Record<string, unknown> {
  return {
    instrument_token: q.instrumentToken,
    timestamp: stamp(q.timestamp),
    last_trade_time: stamp(q.lastTradeTime),
    last_price: q.lastPrice,
    last_quantity: q.lastQuantity,
    buy_quantity: q.buyQuantity,
    sell_quantity: q.sellQuantity,
    volume: q.volume,
    average_price: q.averagePrice,
    oi: q.openInterest,
    oi_day_high: q.openInterestDayHigh,
    oi_day_low: q.openInterestDayLow,
    net_change: q.netChange,
    lower_circuit_limit: q.lowerCircuitLimit,
    upper_circuit_limit: q.upperCircuitLimit,
    ohlc: q.ohlc,
    depth: { buy: q.depth.buy, sell: q.depth.sell },
  };
}

export function profileToWire(p: UserProfile): Record<string, unknown> {
  return {
    user_id: p.userId,
    user_type: p.userType,
    email: p.email,
    user_name: p.userName,
    user_shortname: p.userShortname,
    broker: p.broker,
    exchanges: p.exchanges,
    products: p.products,
    order_types: p.orderTypes,
    avatar_url: p.avatarUrl,
    meta: { demat_consent: 'consent' },
  };
}

export function orderToWire(o: Order): Record<string, unknown> {
  return {
    placed_by: 'SIM001',
    order_id: o.orderId,
    exchange_order_id: o.exchangeOrderId,
    parent_order_id: o.parentOrderId,
    status: o.status,
    status_message: o.statusMessage,
    status_message_raw: o.statusMessage,
    order_timestamp: stamp(o.orderTimestamp),
    exchange_update_timestamp: stamp(o.exchangeTimestamp),
    exchange_timestamp: stamp(o.exchangeTimestamp),
    variety: o.variety,
    modified: false,
    exchange: o.exchange,
    tradingsymbol: o.tradingsymbol,
    instrument_token: o.instrumentToken,
    order_type: o.orderType,
    transaction_type: o.transactionType,
    validity: o.validity,
    validity_ttl: 0,
    product: o.product,
    quantity: o.quantity,
    disclosed_quantity: 0,
    price: o.price,
    trigger_price: o.triggerPrice,
    average_price: o.averagePrice,
    filled_quantity: o.filledQuantity,
    pending_quantity: o.pendingQuantity,
    cancelled_quantity: o.cancelledQuantity,
    market_protection: 0,
    meta: {},
    tag: o.tag,
    guid: `${o.orderId}-guid`,
  };
}

export function tradeToWire(t: Trade): Record<string, unknown> {
  return {
    trade_id: t.tradeId,
    order_id: t.orderId,
    exchange: t.exchange,
    tradingsymbol: t.tradingsymbol,
    instrument_token: t.instrumentToken,
    product: t.product,
    average_price: t.averagePrice,
    quantity: t.quantity,
    exchange_order_id: t.exchangeOrderId,
    transaction_type: t.transactionType,
    fill_timestamp: stamp(t.fillTimestamp),
    order_timestamp: stamp(t.orderTimestamp),
    exchange_timestamp: stamp(t.exchangeTimestamp),
  };
}

export function positionToWire(p: Position): Record<string, unknown> {
  return {
    tradingsymbol: p.tradingsymbol,
    exchange: p.exchange,
    instrument_token: p.instrumentToken,
    product: p.product,
    quantity: p.quantity,
    overnight_quantity: p.overnightQuantity,
    multiplier: p.multiplier,
    average_price: p.averagePrice,
    close_price: p.closePrice,
    last_price: p.lastPrice,
    value: p.value,
    pnl: p.pnl,
    m2m: p.m2m,
    unrealised: p.unrealised,
    realised: p.realised,
    buy_quantity: p.buyQuantity,
    buy_price: p.buyPrice,
    buy_value: p.buyQuantity * p.buyPrice,
    buy_m2m: 0,
    sell_quantity: p.sellQuantity,
    sell_price: p.sellPrice,
    sell_value: p.sellQuantity * p.sellPrice,
    sell_m2m: 0,
    day_buy_quantity: p.buyQuantity,
    day_buy_price: p.buyPrice,
    day_buy_value: p.buyQuantity * p.buyPrice,
    day_sell_quantity: p.sellQuantity,
    day_sell_price: p.sellPrice,
    day_sell_value: p.sellQuantity * p.sellPrice,
  };
}
