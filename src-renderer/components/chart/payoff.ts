/** The P&L at expiry of one short option lot; pure so tests can pin it down. */

export interface ShortLot {
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  /** Premium received per unit. */
  readonly premium: number;
  readonly lotSize: number;
}

/** ₹ P&L of the short lot if the underlying settles at `price`: premium kept less intrinsic. */
export function shortPayoff(lot: ShortLot, price: number): number {
  const intrinsic =
    lot.optionType === 'CE' ? Math.max(0, price - lot.strike) : Math.max(0, lot.strike - price);
  return (lot.premium - intrinsic) * lot.lotSize;
}

/** The settlement price where the short lot neither gains nor loses: K + P or K − P. */
export function shortBreakeven(lot: ShortLot): number {
  return lot.optionType === 'CE' ? lot.strike + lot.premium : lot.strike - lot.premium;
}

/**
 * The settlement prices to draw: the centre ± 3 expected moves (± 15 % without one), widened
 * so the strike and the break-even are always on the chart. Includes the kink at the strike.
 */
export function payoffPrices(
  lot: ShortLot,
  centre: number,
  expectedMove: number | null,
  points = 60,
): number[] {
  const reach = expectedMove !== null && expectedMove > 0 ? 3 * expectedMove : 0.15 * centre;
  const breakeven = shortBreakeven(lot);
  const low = Math.max(0, Math.min(centre - reach, lot.strike, breakeven) * 0.98);
  const high = Math.max(centre + reach, lot.strike, breakeven) * 1.02;
  const prices: number[] = [];
  for (let i = 0; i <= points; i++) prices.push(low + ((high - low) * i) / points);
  prices.push(lot.strike);
  return prices.sort((a, b) => a - b);
}
