import { isoFromDayNumber } from './dates';
import { instrumentKey, type InstrumentKey, type InstrumentTable } from './instruments';

/** NFO underlying → the index's cash-market symbol (segment INDICES) on Kite. */
export const INDEX_SPOT_SYMBOLS: Readonly<Record<string, string>> = {
  NIFTY: 'NIFTY 50',
  BANKNIFTY: 'NIFTY BANK',
  FINNIFTY: 'NIFTY FIN SERVICE',
  MIDCPNIFTY: 'NIFTY MID SELECT',
  NIFTYNXT50: 'NIFTY NEXT 50',
};

export interface UnderlyingInfo {
  /** The name derivatives carry in the instrument list: NIFTY, RELIANCE, BAJAJ-AUTO. */
  readonly underlying: string;
  readonly kind: 'index' | 'stock';
  /** Company name from the cash-market row ("RELIANCE INDUSTRIES"), or the index name. */
  readonly companyName: string | null;
  /** Where to quote the underlying itself ("NSE:RELIANCE", "NSE:NIFTY 50"), if listed. */
  readonly spotKey: InstrumentKey | null;
  /** Lot size of the nearest expiry's contracts. */
  readonly lotSize: number;
}

export interface ExpiryInfo {
  /** YYYY-MM-DD. */
  readonly expiry: string;
  /** The last expiry of its calendar month for this underlying (Kite's monthly contract). */
  readonly isMonthly: boolean;
  readonly optionCount: number;
}

/** One strike of an option chain: rows of the instrument table, or null when not listed. */
export interface ChainStrike {
  readonly strike: number;
  readonly callRow: number | null;
  readonly putRow: number | null;
}

interface ExpiryBucket {
  readonly strikes: Map<number, { callRow: number | null; putRow: number | null }>;
  futureRow: number | null;
  optionCount: number;
}

/**
 * The F&O universe of an instrument list: underlyings, their expiries and option chains. Expiries
 * come only from the list, never from a weekday rule, so exchange holidays and calendar changes
 * are whatever the list says.
 */
export class FnoUniverse {
  private readonly byUnderlying = new Map<string, Map<number, ExpiryBucket>>();
  private readonly infos = new Map<string, UnderlyingInfo>();

  constructor(
    readonly table: InstrumentTable,
    readonly derivativesExchange = 'NFO',
  ) {
    const spotRows = new Map<string, number>();
    for (let row = 0; row < table.size; row++) {
      const exchange = table.exchange(row);
      if (exchange === derivativesExchange) this.addDerivative(row);
      else if (exchange === 'NSE') spotRows.set(table.tradingsymbol(row), row);
    }
    for (const underlying of [...this.byUnderlying.keys()].sort()) {
      this.infos.set(underlying, this.describe(underlying, spotRows));
    }
  }

  private addDerivative(row: number): void {
    const t = this.table;
    const type = t.instrumentType(row);
    if (type !== 'CE' && type !== 'PE' && type !== 'FUT') return;
    const underlying = t.name(row);
    let expiries = this.byUnderlying.get(underlying);
    if (expiries === undefined) this.byUnderlying.set(underlying, (expiries = new Map()));
    const day = t.expiryDay(row);
    let bucket = expiries.get(day);
    if (bucket === undefined) {
      expiries.set(day, (bucket = { strikes: new Map(), futureRow: null, optionCount: 0 }));
    }
    if (type === 'FUT') {
      bucket.futureRow = row;
      return;
    }
    bucket.optionCount++;
    const strike = t.strike(row);
    let pair = bucket.strikes.get(strike);
    if (pair === undefined) bucket.strikes.set(strike, (pair = { callRow: null, putRow: null }));
    if (type === 'CE') pair.callRow = row;
    else pair.putRow = row;
  }

  private describe(underlying: string, spotRows: ReadonlyMap<string, number>): UnderlyingInfo {
    const indexSpot = INDEX_SPOT_SYMBOLS[underlying];
    const spotSymbol = indexSpot ?? underlying;
    const spotRow = spotRows.get(spotSymbol);
    const nearest = this.expiryDays(underlying)[0];
    const bucket =
      nearest === undefined ? undefined : this.byUnderlying.get(underlying)?.get(nearest);
    const anyRow = bucket?.futureRow ?? firstRow(bucket);
    return {
      underlying,
      kind: indexSpot === undefined ? 'stock' : 'index',
      companyName: spotRow === undefined ? (indexSpot ?? null) : this.table.name(spotRow),
      spotKey: spotRow === undefined ? null : instrumentKey('NSE', spotSymbol),
      lotSize: anyRow === null ? 0 : this.table.lotSize(anyRow),
    };
  }

  private expiryDays(underlying: string): number[] {
    return [...(this.byUnderlying.get(underlying)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Every underlying with derivatives, indices first, then stocks, each alphabetically. */
  underlyings(): UnderlyingInfo[] {
    const all = [...this.infos.values()];
    return [...all.filter((u) => u.kind === 'index'), ...all.filter((u) => u.kind === 'stock')];
  }

  underlying(name: string): UnderlyingInfo | undefined {
    return this.infos.get(name);
  }

  /** An underlying's option expiries, nearest first. */
  expiries(underlying: string): ExpiryInfo[] {
    const days = this.expiryDays(underlying);
    const buckets = this.byUnderlying.get(underlying);
    const lastOfMonth = new Map<string, number>();
    for (const day of days) lastOfMonth.set(isoFromDayNumber(day).slice(0, 7), day);
    return days.flatMap((day) => {
      const optionCount = buckets?.get(day)?.optionCount ?? 0;
      if (optionCount === 0) return [];
      const expiry = isoFromDayNumber(day);
      return [{ expiry, isMonthly: lastOfMonth.get(expiry.slice(0, 7)) === day, optionCount }];
    });
  }

  /** The option chain of one expiry, by ascending strike. */
  chain(underlying: string, expiry: string): ChainStrike[] {
    const day = this.expiryDays(underlying).find((d) => isoFromDayNumber(d) === expiry);
    const bucket = day === undefined ? undefined : this.byUnderlying.get(underlying)?.get(day);
    if (bucket === undefined) return [];
    return [...bucket.strikes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([strike, pair]) => ({ strike, callRow: pair.callRow, putRow: pair.putRow }));
  }

  /** The future of an expiry (monthly expiries only), as a table row. */
  futureRow(underlying: string, expiry: string): number | null {
    const day = this.expiryDays(underlying).find((d) => isoFromDayNumber(d) === expiry);
    if (day === undefined) return null;
    return this.byUnderlying.get(underlying)?.get(day)?.futureRow ?? null;
  }
}

function firstRow(bucket: ExpiryBucket | undefined): number | null {
  if (bucket === undefined) return null;
  for (const pair of bucket.strikes.values()) return pair.callRow ?? pair.putRow;
  return null;
}

export type WatchlistPresetId = 'fno-stocks' | 'indices';

export const WATCHLIST_PRESETS: readonly {
  readonly id: WatchlistPresetId;
  readonly name: string;
}[] = [
  { id: 'indices', name: 'Index options (NIFTY, BANKNIFTY, …)' },
  { id: 'fno-stocks', name: 'All F&O stocks' },
];

/** The underlyings of a built-in watchlist, from the instrument list of the day. */
export function presetUnderlyings(universe: FnoUniverse, preset: WatchlistPresetId): string[] {
  const kind = preset === 'indices' ? 'index' : 'stock';
  return universe
    .underlyings()
    .filter((u) => u.kind === kind)
    .map((u) => u.underlying);
}
