/**
 * Types shared by market (which downloads and parses instruments) and storage (which caches a
 * day's list per profile). They live here so neither layer imports the other for a type.
 */

/** One row of the instrument dump, in trader's words. */
export interface Instrument {
  readonly instrumentToken: number;
  readonly exchangeToken: number;
  /** e.g. NIFTY25D0924000CE, RELIANCE, NIFTY 50. */
  readonly tradingsymbol: string;
  /** For derivatives the underlying (NIFTY, RELIANCE); for equities the company name. */
  readonly name: string;
  readonly lastPrice: number;
  /** YYYY-MM-DD, or null for equities and indices. */
  readonly expiry: string | null;
  readonly strike: number;
  readonly tickSize: number;
  readonly lotSize: number;
  /** EQ, FUT, CE, PE. */
  readonly instrumentType: string;
  /** NSE, INDICES, NFO-FUT, NFO-OPT, … */
  readonly segment: string;
  /** NSE, NFO, BSE, … */
  readonly exchange: string;
}
