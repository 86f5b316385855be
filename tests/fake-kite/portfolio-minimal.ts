/**
 * A minimal portfolio for the fake account: one NIFTY call sold this morning, filled in one trade,
 * held as a short position. Field names and shapes follow the examples of
 * https://kite.trade/docs/connect/v3/orders/ (orders, trades) and
 * https://kite.trade/docs/connect/v3/portfolio/ (positions). The journal work replaces this with a
 * fuller book; until then it keeps the client's portfolio parsing exercised.
 */
import type { FakeInstrument } from './book';
import { istDate, istInstantOf, kiteTimestamp } from './kite-docs';
import type { FakeMarket } from './market';
import { success, type Route, type RouteContext } from './routes';
import { FAKE_KITE_USER } from './session';

export interface FakeFill {
  readonly option: FakeInstrument;
  readonly quantity: number;
  readonly price: number;
  readonly filledAt: Date;
}

/** The day's one fill: two lots of the nearest-month NIFTY call 2 % out of the money, at 09:20 IST. */
export function fakeFill(market: FakeMarket, at: Date): FakeFill {
  const book = market.book(at);
  const filledAt = istInstantOf(istDate(at), 9, 20);
  const expiry = book.monthlies[0] ?? '';
  const calls = book.instruments.filter(
    (i) => i.name === 'NIFTY' && i.expiry === expiry && i.instrumentType === 'CE',
  );
  const first = calls[0];
  if (first === undefined) throw new Error('The fake book lists no NIFTY calls.');
  const spot = market.underlyingPrice(first.underlying, filledAt);
  const option = calls.reduce((a, b) =>
    Math.abs(b.strike - spot * 1.02) < Math.abs(a.strike - spot * 1.02) ? b : a,
  );
  const quote = market.quote(`NFO:${option.tradingsymbol}`, filledAt);
  return { option, quantity: 2 * option.lotSize, price: quote?.depth.buy[0]?.price ?? 0, filledAt };
}

function order(ctx: RouteContext): Record<string, unknown> {
  const fill = fakeFill(ctx.market, ctx.clock.now());
  const time = kiteTimestamp(fill.filledAt);
  return {
    placed_by: FAKE_KITE_USER.user_id,
    order_id: '251201000000001',
    exchange_order_id: '1100000000000001',
    parent_order_id: null,
    status: 'COMPLETE',
    status_message: null,
    order_timestamp: time,
    exchange_update_timestamp: time,
    exchange_timestamp: time,
    variety: 'regular',
    exchange: 'NFO',
    tradingsymbol: fill.option.tradingsymbol,
    instrument_token: fill.option.instrumentToken,
    order_type: 'LIMIT',
    transaction_type: 'SELL',
    validity: 'DAY',
    product: 'NRML',
    quantity: fill.quantity,
    disclosed_quantity: 0,
    price: fill.price,
    trigger_price: 0,
    average_price: fill.price,
    filled_quantity: fill.quantity,
    pending_quantity: 0,
    cancelled_quantity: 0,
    tag: null,
  };
}

function trade(ctx: RouteContext): Record<string, unknown> {
  const fill = fakeFill(ctx.market, ctx.clock.now());
  const time = kiteTimestamp(fill.filledAt);
  return {
    trade_id: '10000001',
    order_id: '251201000000001',
    exchange_order_id: '1100000000000001',
    tradingsymbol: fill.option.tradingsymbol,
    exchange: 'NFO',
    instrument_token: fill.option.instrumentToken,
    transaction_type: 'SELL',
    product: 'NRML',
    average_price: fill.price,
    quantity: fill.quantity,
    fill_timestamp: time,
    order_timestamp: time,
    exchange_timestamp: time,
  };
}

function position(ctx: RouteContext): Record<string, unknown> {
  const now = ctx.clock.now();
  const fill = fakeFill(ctx.market, now);
  const last = ctx.market.quote(`NFO:${fill.option.tradingsymbol}`, now)?.last_price ?? 0;
  const pnl = Number(((fill.price - last) * fill.quantity).toFixed(2));
  return {
    tradingsymbol: fill.option.tradingsymbol,
    exchange: 'NFO',
    instrument_token: fill.option.instrumentToken,
    product: 'NRML',
    quantity: -fill.quantity,
    overnight_quantity: 0,
    multiplier: 1,
    average_price: fill.price,
    close_price: 0,
    last_price: last,
    value: fill.price * fill.quantity,
    pnl,
    m2m: pnl,
    unrealised: pnl,
    realised: 0,
    buy_quantity: 0,
    buy_price: 0,
    buy_value: 0,
    sell_quantity: fill.quantity,
    sell_price: fill.price,
    sell_value: fill.price * fill.quantity,
  };
}

export const portfolioRoutes: readonly Route[] = [
  { method: 'GET', path: '/orders', handle: (ctx) => success([order(ctx)]) },
  { method: 'GET', path: '/trades', handle: (ctx) => success([trade(ctx)]) },
  {
    method: 'GET',
    path: '/portfolio/positions',
    handle: (ctx) => {
      const held = position(ctx);
      return success({ net: [held], day: [held] });
    },
  },
];
