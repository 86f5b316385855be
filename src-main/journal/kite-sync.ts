import { isoFromDayNumber, istDayNumber } from '../market/dates';
import type { Order, Position, Trade } from '../market/broker';
import type {
  OrderRecord,
  PositionRecord,
  TradeImport,
  TradeRecord,
} from '../storage/journal-records';
import { tradeColumnsOf } from '../storage/trade-columns';
import { instrumentFacts, isDerivativeExchange } from './instrument';

/** Kite's /trades row as a journal trade. Kite gives only today's fills; their time is IST. */
export function tradeFromKite(trade: Trade, now: Date): TradeRecord {
  const at = trade.fillTimestamp ?? trade.exchangeTimestamp ?? trade.orderTimestamp ?? now;
  const side = trade.transactionType.toUpperCase() === 'SELL' ? 'SELL' : 'BUY';
  return {
    exchange: trade.exchange,
    tradeId: trade.tradeId,
    orderId: trade.orderId,
    tradingsymbol: trade.tradingsymbol,
    ...instrumentFacts(trade.tradingsymbol, isDerivativeExchange(trade.exchange)),
    side,
    quantity: trade.quantity,
    price: trade.averagePrice,
    tradedAt: at.toISOString(),
    tradeDate: isoFromDayNumber(istDayNumber(at)),
    product: trade.product,
    source: 'kite',
  };
}

export function orderFromKite(order: Order): OrderRecord {
  return {
    orderId: order.orderId,
    exchange: order.exchange,
    tradingsymbol: order.tradingsymbol,
    status: order.status,
    side: order.transactionType,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    averagePrice: order.averagePrice,
    orderedAt: order.orderTimestamp?.toISOString() ?? null,
    tag: order.tag,
  };
}

export function positionFromKite(position: Position): PositionRecord {
  return {
    exchange: position.exchange,
    tradingsymbol: position.tradingsymbol,
    product: position.product,
    quantity: position.quantity,
    averagePrice: position.averagePrice,
    lastPrice: position.lastPrice,
    pnl: position.pnl,
  };
}

export interface KiteDay {
  readonly userId: string;
  readonly label: string;
  readonly trades: readonly Trade[];
  readonly orders: readonly Order[];
  readonly positions: readonly Position[];
}

/** One sync's worth of Kite data as a single import (orders first, so trades get their tags). */
export function kiteImport(day: KiteDay, now: Date): TradeImport {
  return {
    source: 'kite',
    label: day.label,
    kiteUserId: day.userId,
    at: now.toISOString(),
    trades: tradeColumnsOf(
      'kite',
      day.trades.map((trade) => tradeFromKite(trade, now)),
    ),
    orders: day.orders.map(orderFromKite),
    positions: day.positions.map(positionFromKite),
  };
}
