/**
 * POST /margins/orders on the loopback Kite server, in the shape Kite's documentation gives
 * ("Margin calculation": a JSON array of orders in; per order type, tradingsymbol, exchange,
 * span, exposure, option_premium, additional, bo, cash, var, pnl, leverage, charges, total).
 *
 * The numbers come from the fake's own formula, deliberately simple so tests can check Premia's
 * return on margin by hand and never share code with Premia's market or scan layers:
 *   a SELL order blocks span = 12 × price × quantity and exposure = 3 × price × quantity,
 *   so total = 15 × premium × quantity and return on margin is exactly 100 / 15 = 6.667 %.
 *   A BUY order blocks its premium (option_premium = price × quantity).
 */
import type { Answer } from './routes';

export const FAKE_SPAN_MULTIPLE = 12;
export const FAKE_EXPOSURE_MULTIPLE = 3;
/** Kite's body cap for this endpoint, roughly; larger requests are refused as Kite would. */
const MAX_BODY_BYTES = 100_000;

interface Order {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: string;
  readonly quantity: number;
  readonly price: number;
}

function isOrder(value: unknown): value is Order {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return (
    typeof o.exchange === 'string' &&
    typeof o.tradingsymbol === 'string' &&
    (o.transaction_type === 'BUY' || o.transaction_type === 'SELL') &&
    typeof o.quantity === 'number' &&
    o.quantity > 0 &&
    typeof o.price === 'number'
  );
}

function marginOf(order: Order): Record<string, unknown> {
  const sell = order.transaction_type === 'SELL';
  const span = sell ? FAKE_SPAN_MULTIPLE * order.price * order.quantity : 0;
  const exposure = sell ? FAKE_EXPOSURE_MULTIPLE * order.price * order.quantity : 0;
  const optionPremium = sell ? 0 : order.price * order.quantity;
  return {
    type: 'equity',
    tradingsymbol: order.tradingsymbol,
    exchange: order.exchange,
    span,
    exposure,
    option_premium: optionPremium,
    additional: 0,
    bo: 0,
    cash: 0,
    var: 0,
    pnl: { realised: 0, unrealised: 0 },
    leverage: 1,
    total: span + exposure + optionPremium,
  };
}

/** Answers POST /margins/orders, or null for any other request. */
export function marginsRoute(request: {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly contentType: string | undefined;
  readonly authenticated: boolean;
}): Answer | null {
  if (request.method !== 'POST' || request.path !== '/margins/orders') return null;
  const fail = (status: number, type: string, message: string): Answer => ({
    kind: 'json',
    status,
    body: { status: 'error', message, data: null, error_type: type },
  });
  if (!request.authenticated)
    return fail(403, 'TokenException', 'Incorrect `api_key` or `access_token`.');
  if (!(request.contentType ?? '').startsWith('application/json'))
    return fail(400, 'InputException', 'Send the orders as application/json.');
  if (Buffer.byteLength(request.body) > MAX_BODY_BYTES)
    return fail(413, 'InputException', 'Request body too large.');
  let orders: unknown;
  try {
    orders = JSON.parse(request.body);
  } catch {
    return fail(400, 'InputException', 'Invalid JSON.');
  }
  if (!Array.isArray(orders) || orders.length === 0 || !orders.every(isOrder))
    return fail(400, 'InputException', 'Invalid orders.');
  return { kind: 'json', status: 200, body: { status: 'success', data: orders.map(marginOf) } };
}
