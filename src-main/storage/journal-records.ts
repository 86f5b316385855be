import type { TradeColumns } from './trade-columns';

/**
 * The trade journal's rows as they cross into the writer thread and back out of a reader: plain
 * data, declared once here so the writer (journal-writes.ts), the reads (journal-store.ts) and the
 * journal service agree on every column.
 */

/** What a fill is of: an equity share, a future, or a call / put option. */
export type InstrumentKind = 'EQ' | 'FUT' | 'CE' | 'PE';
export type TradeSide = 'BUY' | 'SELL';
/** Where a trade came from: a Console tradebook file or a Kite sync. */
export type TradeSource = 'console' | 'kite';

/** One fill. (exchange, tradeId) is unique per profile: the same fill imported twice is one row. */
export interface TradeRecord {
  /** Kite's exchange code: NSE, BSE, NFO, BFO, CDS, MCX. */
  readonly exchange: string;
  readonly tradeId: string;
  readonly orderId: string;
  readonly tradingsymbol: string;
  readonly underlying: string;
  readonly kind: InstrumentKind;
  /** YYYY-MM-DD; null for equity. */
  readonly expiry: string | null;
  readonly strike: number | null;
  readonly side: TradeSide;
  /** Units (shares, or lots × lot size), always positive. */
  readonly quantity: number;
  readonly price: number;
  /** ISO instant of the fill. */
  readonly tradedAt: string;
  /** The IST trading day of the fill, YYYY-MM-DD. */
  readonly tradeDate: string;
  /** Kite product (CNC, MIS, NRML) when known; Console files do not say. */
  readonly product: string | null;
  readonly source: TradeSource;
}

/** Stored trade: the record plus its row id, import and strategy tag. */
export interface StoredTrade extends TradeRecord {
  readonly id: number;
  readonly importId: number | null;
  readonly tag: string | null;
}

/** What P&L needs of a stored trade: FIFO matching, charges and grouping (no ids of origin). */
export type LedgerRow = Pick<
  StoredTrade,
  | 'id'
  | 'exchange'
  | 'orderId'
  | 'tradingsymbol'
  | 'underlying'
  | 'kind'
  | 'expiry'
  | 'strike'
  | 'side'
  | 'quantity'
  | 'price'
  | 'tradedAt'
  | 'tradeDate'
  | 'product'
  | 'tag'
>;

/** One order of today's order book, as Kite reported it at a sync. */
export interface OrderRecord {
  readonly orderId: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly status: string;
  readonly side: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly averagePrice: number;
  readonly orderedAt: string | null;
  /** Kite's order tag: Premia reads it as the trade's strategy tag. */
  readonly tag: string | null;
}

/** One net position as Kite reported it at a sync. */
export interface PositionRecord {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly product: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly lastPrice: number;
  readonly pnl: number;
}

/** A batch of trades from one source, stored in one transaction (or not at all). */
export interface TradeImport {
  readonly source: TradeSource;
  /** The file name, or "Kite sync". Shown in the import history. */
  readonly label: string;
  /** The Kite (Zerodha client) id the trades belong to, when the source says. */
  readonly kiteUserId: string | null;
  readonly at: string;
  /** Columnar, so a big file crosses into the writer thread by transfer (trade-columns.ts). */
  readonly trades: TradeColumns;
  readonly orders: readonly OrderRecord[];
  /** Present for a Kite sync: the snapshot of net positions at that moment. */
  readonly positions: readonly PositionRecord[] | null;
}

export interface ImportOutcome {
  readonly importId: number;
  readonly added: number;
  readonly duplicates: number;
  /** The Kite user id the profile is bound to after this import (null if still unbound). */
  readonly kiteUserId: string | null;
}

/** The underlying's closing price on an option's expiry day, which settles it at intrinsic. */
export interface SettlementInput {
  readonly underlying: string;
  readonly expiry: string;
  readonly closePrice: number;
  /** trader: typed in; scan: from a stored scan's spot; kite: from Kite's quote. */
  readonly source: 'trader' | 'scan' | 'kite';
  readonly at: string;
}

/** Every journal write the writer thread accepts. */
export type JournalWrite =
  | { readonly kind: 'import'; readonly batch: TradeImport }
  | { readonly kind: 'settlement'; readonly settlement: SettlementInput }
  | { readonly kind: 'tag'; readonly tradeIds: readonly number[]; readonly tag: string | null };

export type JournalWriteOutcome =
  | { readonly kind: 'import'; readonly outcome: ImportOutcome }
  | { readonly kind: 'settlement' }
  | { readonly kind: 'tag'; readonly changed: number };

/** The row of journal_imports: one file or sync, with what it added. */
export interface ImportSummary {
  readonly id: number;
  readonly at: string;
  readonly source: TradeSource;
  readonly label: string;
  readonly kiteUserId: string | null;
  readonly tradesRead: number;
  readonly tradesAdded: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

export interface StoredSettlement {
  readonly underlying: string;
  readonly expiry: string;
  readonly closePrice: number;
  readonly source: SettlementInput['source'];
  readonly at: string;
}

/** The most recent price Premia holds for an instrument, and where it came from. */
export interface StoredMark {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly price: number;
  readonly at: string;
  readonly source: 'kite-position' | 'scan';
}

/** A scan row that suggested selling an option, for suggested-vs-realized. */
export interface ScanSuggestion {
  readonly runId: number;
  readonly runStartedAt: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly premium: number | null;
  readonly spot: number;
  readonly annualizedYieldPct: number | null;
  /** Present once the results table carries a return-on-margin column (seller metrics). */
  readonly annualizedReturnOnMarginPct: number | null;
}
