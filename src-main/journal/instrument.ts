import type { InstrumentKind } from '../storage/journal-records';

/** What a tradingsymbol says about its instrument. */
export interface InstrumentFacts {
  readonly underlying: string;
  readonly kind: InstrumentKind;
  /** YYYY-MM-DD when the symbol (or the file) says; null for equity. */
  readonly expiry: string | null;
  readonly strike: number | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKLY_MONTHS = '123456789OND';

// NIFTY25D0924000CE (weekly: yy, month code, dd), RELIANCE25DEC1400CE (monthly), NIFTY25DECFUT.
const WEEKLY_OPTION = /^([A-Z][A-Z0-9&-]*?)(\d{2})([1-9OND])(\d{2})(\d+(?:\.\d+)?)(CE|PE)$/;
const MONTHLY_OPTION = /^([A-Z][A-Z0-9&-]*?)(\d{2})([A-Z]{3})(\d+(?:\.\d+)?)(CE|PE)$/;
const FUTURE = /^([A-Z][A-Z0-9&-]*?)(\d{2})([A-Z]{3})FUT$/;

function iso(year: number, monthIndex: number, day: number): string {
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

/**
 * The last expiry weekday of a month: NSE's monthly contracts expired on the last Thursday until
 * August 2025 and on the last Tuesday from September 2025 (NSE circular, 2025). Used only when
 * neither the file nor the instrument list gives the exact date.
 */
export function monthlyExpiry(year: number, monthIndex: number): string {
  const weekday = year > 2025 || (year === 2025 && monthIndex >= 8) ? 2 : 4;
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (last.getUTCDay() - weekday + 7) % 7;
  return iso(year, monthIndex, last.getUTCDate() - back);
}

/**
 * Reads an exchange tradingsymbol. Equity symbols (anything that is not an F&O pattern) are their
 * own underlying. `expiry` from the source (Console's expiry_date column) wins over the symbol.
 */
export function instrumentFacts(
  tradingsymbol: string,
  derivative: boolean,
  expiry: string | null = null,
): InstrumentFacts {
  if (derivative) {
    const weekly = WEEKLY_OPTION.exec(tradingsymbol);
    if (weekly !== null) {
      const [, underlying = '', yy = '', m = '', dd = '', strike = '', right = ''] = weekly;
      const derived = iso(2000 + Number(yy), WEEKLY_MONTHS.indexOf(m), Number(dd));
      return {
        underlying,
        kind: right as 'CE' | 'PE',
        expiry: expiry ?? derived,
        strike: Number(strike),
      };
    }
    const monthly = MONTHLY_OPTION.exec(tradingsymbol);
    if (monthly !== null && MONTHS.includes(monthly[3] ?? '')) {
      const [, underlying = '', yy = '', mon = '', strike = '', right = ''] = monthly;
      return {
        underlying,
        kind: right as 'CE' | 'PE',
        expiry: expiry ?? monthlyExpiry(2000 + Number(yy), MONTHS.indexOf(mon)),
        strike: Number(strike),
      };
    }
    const future = FUTURE.exec(tradingsymbol);
    if (future !== null && MONTHS.includes(future[3] ?? '')) {
      const [, underlying = '', yy = '', mon = ''] = future;
      return {
        underlying,
        kind: 'FUT',
        expiry: expiry ?? monthlyExpiry(2000 + Number(yy), MONTHS.indexOf(mon)),
        strike: null,
      };
    }
  }
  return { underlying: tradingsymbol, kind: 'EQ', expiry: null, strike: null };
}

/** Kite's exchange codes carry the segment: NSE + F&O is NFO, BSE + F&O is BFO. */
export function kiteExchange(exchange: string, segment: string): string {
  const ex = exchange.toUpperCase();
  const seg = segment.toUpperCase();
  if (['NFO', 'BFO', 'CDS', 'BCD', 'MCX'].includes(ex)) return ex;
  if (seg === 'FO' || seg === 'F&O' || seg === 'FNO') return ex === 'BSE' ? 'BFO' : 'NFO';
  if (seg === 'CD' || seg === 'CDS') return ex === 'BSE' ? 'BCD' : 'CDS';
  if (seg === 'COM' || seg === 'MCX') return 'MCX';
  return ex;
}

/** Whether an exchange code trades derivatives (its symbols follow the F&O patterns). */
export function isDerivativeExchange(exchange: string): boolean {
  return ['NFO', 'BFO', 'CDS', 'BCD', 'MCX'].includes(exchange);
}
