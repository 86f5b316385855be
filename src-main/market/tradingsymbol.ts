import { isoFromDayNumber } from './dates';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Kite's one-character month in weekly option symbols: 1–9 for Jan–Sep, then O, N, D. */
const WEEKLY_MONTH = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'];

function parts(expiryDay: number): { yy: string; month: number; dd: string } {
  const iso = isoFromDayNumber(expiryDay);
  return { yy: iso.slice(2, 4), month: Number(iso.slice(5, 7)) - 1, dd: iso.slice(8, 10) };
}

/** 24000 → "24000", 7.5 → "7.5": how NFO symbols write a strike. */
export function formatStrike(strike: number): string {
  return String(Number(strike.toFixed(2)));
}

/**
 * An NFO option symbol as Kite writes it. The contract that expires last in its month uses the
 * monthly form (RELIANCE25DEC1400CE); every other expiry the weekly form (NIFTY25D0924000CE).
 */
export function optionTradingsymbol(
  underlying: string,
  expiryDay: number,
  isMonthlyExpiry: boolean,
  strike: number,
  right: 'CE' | 'PE',
): string {
  return `${underlying}${expiryCode(expiryDay, isMonthlyExpiry)}${formatStrike(strike)}${right}`;
}

/** The expiry part of an option symbol: "25DEC" (monthly) or "25D09" (weekly). */
export function expiryCode(expiryDay: number, isMonthlyExpiry: boolean): string {
  const { yy, month, dd } = parts(expiryDay);
  return isMonthlyExpiry ? `${yy}${MONTHS[month] ?? ''}` : `${yy}${WEEKLY_MONTH[month] ?? ''}${dd}`;
}

/** An NFO future symbol as Kite writes it: NIFTY25DECFUT. */
export function futureTradingsymbol(underlying: string, expiryDay: number): string {
  const { yy, month } = parts(expiryDay);
  return `${underlying}${yy}${MONTHS[month] ?? ''}FUT`;
}
