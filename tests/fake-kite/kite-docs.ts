/**
 * What Kite Connect v3 documents, written down once for the loopback server. Nothing here comes
 * from Premia's code: each value cites the page it was read from, so a test that passes against
 * this server shows Premia speaks Kite's protocol as Kite describes it, not as Premia assumes it.
 */

/** https://kite.trade/docs/connect/v3/changelog/ ("/quote … up to 500 instruments in one go"). */
export const KITE_QUOTE_MAX_INSTRUMENTS = 500;
/** Same page: "/quote/ohlc … up to 1000", "/quote/ltp … up to 1000 instruments in one go". */
export const KITE_OHLC_MAX_INSTRUMENTS = 1000;
export const KITE_LTP_MAX_INSTRUMENTS = 1000;

/**
 * https://kite.trade/docs/connect/v3/exceptions/#api-rate-limit: quote endpoints 1 request per
 * second, historical 3, order placement 10, all other endpoints 10. Exceeding them gets HTTP 429.
 */
export interface KiteRateLimits {
  readonly quotePerSecond: number;
  readonly otherPerSecond: number;
}
export const KITE_DOCUMENTED_RATE_LIMITS: KiteRateLimits = {
  quotePerSecond: 1,
  otherPerSecond: 10,
};

/**
 * https://kite.trade/docs/connect/v3/exceptions/: every error is
 * {"status": "error", "message": …, "error_type": …}; the types and their usual HTTP codes.
 */
export type KiteErrorType =
  | 'TokenException'
  | 'UserException'
  | 'OrderException'
  | 'InputException'
  | 'MarginException'
  | 'HoldingException'
  | 'NetworkException'
  | 'DataException'
  | 'GeneralException';

/** Common HTTP codes from the same page: 400 missing or bad parameters, 403 session expired, … */
export const KITE_HTTP = {
  badRequest: 400,
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  gone: 410,
  tooManyRequests: 429,
  internal: 500,
  badGateway: 502,
  unavailable: 503,
  gatewayTimeout: 504,
} as const;

/**
 * https://kite.trade/docs/connect/v3/user/#authentication-and-token-exchange: the checksum is the
 * SHA-256 hex digest of api_key + request_token + api_secret, POSTed to /session/token.
 */
export const KITE_CHECKSUM_ALGORITHM = 'sha256';

/** https://kite.trade/docs/connect/v3/market-quotes/#instruments: the CSV dump's columns. */
export const KITE_INSTRUMENT_CSV_HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

/** Exchanges Kite lists instruments for (/instruments/:exchange). */
export const KITE_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX'] as const;

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

/**
 * Kite's timestamps ("2021-06-08 15:45:56" in the /quote example) are Indian wall-clock time
 * without a zone. Written here from the IST offset (UTC+05:30, no daylight saving).
 */
export function kiteTimestamp(at: Date): string {
  const ist = new Date(at.getTime() + IST_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${ist.getUTCFullYear()}-${pad(ist.getUTCMonth() + 1)}-${pad(ist.getUTCDate())} ` +
    `${pad(ist.getUTCHours())}:${pad(ist.getUTCMinutes())}:${pad(ist.getUTCSeconds())}`
  );
}

/** The IST calendar date of an instant, as YYYY-MM-DD. */
export function istDate(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of an IST wall-clock time on a YYYY-MM-DD date. */
export function istInstantOf(date: string, hours: number, minutes: number): Date {
  return new Date(
    Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000 - IST_OFFSET_MS,
  );
}
