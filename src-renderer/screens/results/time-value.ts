/**
 * The time (extrinsic) value of an option's premium and the yield it alone gives. An
 * in-the-money option's premium is mostly intrinsic value, which a seller hands back at expiry,
 * so its headline yield flatters it; the time-value yield is what selling it actually earns.
 */
export interface PricedOption {
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly spot: number;
  readonly premium: number | null;
  readonly annualizedYieldPct: number | null;
}

/** Intrinsic value at the scan's spot: what exercising now would be worth. */
export function intrinsicValue(option: Pick<PricedOption, 'optionType' | 'strike' | 'spot'>) {
  return Math.max(
    0,
    option.optionType === 'CE' ? option.spot - option.strike : option.strike - option.spot,
  );
}

/** Premium less intrinsic value; negative when the price is below parity. Null with no premium. */
export function timeValue(option: PricedOption): number | null {
  return option.premium === null ? null : option.premium - intrinsicValue(option);
}

/**
 * The annualized yield of the time value alone, on the same base as the yield (spot for a
 * covered call, strike for a cash-secured put): yield × time value ÷ premium.
 */
export function annualizedTimeValueYieldPct(option: PricedOption): number | null {
  const extrinsic = timeValue(option);
  if (extrinsic === null || option.annualizedYieldPct === null || option.premium === null) {
    return null;
  }
  if (option.premium <= 0) return null;
  return (option.annualizedYieldPct * extrinsic) / option.premium;
}
