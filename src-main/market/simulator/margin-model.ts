/**
 * The simulator's margin for selling an option: a SPAN-like model, so the demo ranks by return
 * on margin as a live scan does. It is not NSE SPAN (which revalues the whole portfolio over 16
 * scenarios); it keeps SPAN's shape:
 *
 *   scan price   = S·(1 + scanRange) for a call, S·(1 − scanRange) for a put (the adverse move)
 *   scanning loss = intrinsic value at the scan price, per unit (the premium received is not
 *                   netted: Kite's "total" for a short option does not deduct it either)
 *   SPAN         = max(scanning loss, shortOptionMinimum·S) · quantity
 *   exposure     = exposurePct · S · quantity
 *   total        = SPAN + exposure
 *
 * Parameters follow NSE's published orders of magnitude: index price scan range ~10 %, stocks
 * ~15 %; exposure margin 2 % of notional for index options and 3.5 % for stock options; the
 * short-option minimum keeps far out-of-the-money shorts from needing almost nothing.
 */
export interface MarginParameters {
  readonly scanRange: number;
  readonly exposurePct: number;
  readonly shortOptionMinimum: number;
}

export const SIMULATED_MARGIN: Readonly<Record<'index' | 'stock', MarginParameters>> = {
  index: { scanRange: 0.1, exposurePct: 0.02, shortOptionMinimum: 0.03 },
  stock: { scanRange: 0.15, exposurePct: 0.035, shortOptionMinimum: 0.075 },
};

export interface ShortOptionPosition {
  readonly kind: 'index' | 'stock';
  readonly right: 'CE' | 'PE';
  readonly spot: number;
  readonly strike: number;
  /** Units (lot size × lots). */
  readonly quantity: number;
}

export function simulatedShortMargin(position: ShortOptionPosition): {
  span: number;
  exposure: number;
  total: number;
} {
  const { spot, strike, quantity } = position;
  const parameters = SIMULATED_MARGIN[position.kind];
  const isCall = position.right === 'CE';
  const scanPrice = spot * (isCall ? 1 + parameters.scanRange : 1 - parameters.scanRange);
  const intrinsicAtScan = Math.max(0, isCall ? scanPrice - strike : strike - scanPrice);
  const span = Math.max(intrinsicAtScan, parameters.shortOptionMinimum * spot) * quantity;
  const exposure = parameters.exposurePct * spot * quantity;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return { span: round(span), exposure: round(exposure), total: round(span + exposure) };
}
