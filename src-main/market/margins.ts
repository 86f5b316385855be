/**
 * Kite's margin calculator, POST /margins/orders (Kite Connect v3, "Margin calculation"): a JSON
 * array of orders in, one margin block per order out, in the same order. Premia asks for one-lot
 * SELL orders (NRML, LIMIT at the premium) of the options that passed a scan's filters.
 */
import { z } from 'zod';

export interface MarginOrder {
  readonly exchange: string;
  readonly tradingsymbol: string;
  /** Units (one lot = lot size). */
  readonly quantity: number;
  /** The premium the seller would sell at (a LIMIT order's price). */
  readonly price: number;
}

export interface OrderMargin {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly span: number;
  readonly exposure: number;
  readonly optionPremium: number;
  /** What the broker blocks for the order, ₹. */
  readonly total: number;
}

/**
 * Kite refuses request bodies above about 100 kB; batches stay under this many bytes of JSON so
 * a batch is never refused for its size (each order is ~190 bytes: ~450 orders a request).
 */
export const MARGIN_PAYLOAD_LIMIT_BYTES = 90_000;

/** The wire form of one order, as Kite's documentation lists its fields. */
export function marginOrderToWire(order: MarginOrder): Record<string, string | number> {
  return {
    exchange: order.exchange,
    tradingsymbol: order.tradingsymbol,
    transaction_type: 'SELL',
    variety: 'regular',
    product: 'NRML',
    order_type: 'LIMIT',
    quantity: order.quantity,
    price: order.price,
    trigger_price: 0,
  };
}

/** Splits orders into request bodies below MARGIN_PAYLOAD_LIMIT_BYTES (JSON text, UTF-8). */
export function marginBatches(
  orders: readonly MarginOrder[],
  limitBytes: number = MARGIN_PAYLOAD_LIMIT_BYTES,
): MarginOrder[][] {
  const batches: MarginOrder[][] = [];
  let current: MarginOrder[] = [];
  let bytes = 2; // "[" and "]"
  for (const order of orders) {
    const size = new TextEncoder().encode(JSON.stringify(marginOrderToWire(order))).length + 1;
    if (current.length > 0 && bytes + size > limitBytes) {
      batches.push(current);
      current = [];
      bytes = 2;
    }
    current.push(order);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const amount = z
  .number()
  .nullish()
  .transform((value) => value ?? 0);

export const OrderMarginSchema = z
  .object({
    exchange: z.string(),
    tradingsymbol: z.string(),
    span: amount,
    exposure: amount,
    option_premium: amount,
    total: z.number().finite().min(0),
  })
  .transform((w): OrderMargin => ({
    exchange: w.exchange,
    tradingsymbol: w.tradingsymbol,
    span: w.span,
    exposure: w.exposure,
    optionPremium: w.option_premium,
    total: w.total,
  }));

/**
 * The reply's margin blocks. One malformed block costs that order its margin (null), not the
 * batch: a seller still sees the others.
 */
export const OrderMarginsSchema = z.array(z.unknown()).transform((entries) =>
  entries.map((entry) => {
    const parsed = OrderMarginSchema.safeParse(entry);
    return parsed.success ? parsed.data : null;
  }),
);
