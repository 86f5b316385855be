import type { InstrumentKind, StoredTrade } from '../storage/journal-records';

/** What FIFO matching needs of a trade: a StoredTrade's fields, declared once in storage. */
export type LedgerTrade = Pick<
  StoredTrade,
  | 'id'
  | 'exchange'
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
  | 'tag'
>;

/** Part of a lot closed by a later trade (or settled at expiry): one realized P&L figure. */
export interface Closure {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly underlying: string;
  readonly kind: InstrumentKind;
  readonly expiry: string | null;
  readonly direction: 'long' | 'short';
  readonly quantity: number;
  readonly openTradeId: number;
  /** null when the lot was settled at expiry rather than closed by a trade. */
  readonly closeTradeId: number | null;
  readonly openPrice: number;
  readonly closePrice: number;
  readonly openedAt: string;
  readonly closedAt: string;
  /** The IST day the P&L was realized on (the closing trade's day, or the expiry day). */
  readonly closeDate: string;
  readonly grossPnl: number;
  /** The opening trade's strategy tag (else the closing one's). */
  readonly tag: string | null;
}

export interface OpenLot {
  readonly tradeId: number;
  /** Positive: long units; negative: short units. */
  quantity: number;
  readonly price: number;
  readonly openedAt: string;
  readonly tag: string | null;
}

export interface Position {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly underlying: string;
  readonly kind: InstrumentKind;
  readonly expiry: string | null;
  readonly strike: number | null;
  /** Net units; negative when short. */
  readonly quantity: number;
  /** Quantity-weighted price of the open lots. */
  readonly averagePrice: number;
  readonly openedAt: string;
  /** An option or future past its expiry with no closing trade and no known settlement price. */
  readonly awaitingSettlement: boolean;
}

export interface Ledger {
  readonly closures: readonly Closure[];
  readonly positions: readonly Position[];
}

export interface LedgerOptions {
  /** Underlying closing prices on expiry days, keyed `${underlying}|${expiry}`. */
  readonly settlements: ReadonlyMap<string, number>;
  /** Contracts expiring on or before this IST day have expired (today once 15:30 IST passed). */
  readonly expiredThrough: string;
}

export function settlementKey(underlying: string, expiry: string): string {
  return `${underlying}|${expiry}`;
}

interface Book {
  readonly first: LedgerTrade;
  readonly lots: OpenLot[];
}

function close(book: Book, lot: OpenLot, units: number, at: LedgerTrade | null, price: number) {
  const direction = lot.quantity > 0 ? 'long' : 'short';
  const sign = direction === 'long' ? 1 : -1;
  const { first } = book;
  const expiryClose = `${first.expiry ?? ''}T10:00:00.000Z`; // 15:30 IST
  return {
    exchange: first.exchange,
    tradingsymbol: first.tradingsymbol,
    underlying: first.underlying,
    kind: first.kind,
    expiry: first.expiry,
    direction,
    quantity: units,
    openTradeId: lot.tradeId,
    closeTradeId: at?.id ?? null,
    openPrice: lot.price,
    closePrice: price,
    openedAt: lot.openedAt,
    closedAt: at?.tradedAt ?? expiryClose,
    closeDate: at?.tradeDate ?? first.expiry ?? '',
    grossPnl: sign * (price - lot.price) * units,
    tag: lot.tag ?? at?.tag ?? null,
  } satisfies Closure;
}

/**
 * One fill against an instrument's open lots, first in first out. A fill on the side of the
 * position (or on a flat book) opens a lot; an opposite fill closes the oldest lots, and whatever
 * is left after the book reaches zero opens a lot the other way (long → short and back).
 */
function apply(book: Book, trade: LedgerTrade, closures: Closure[]): void {
  const signed = trade.side === 'BUY' ? trade.quantity : -trade.quantity;
  let remaining = Math.abs(signed);
  const direction = Math.sign(signed);
  while (remaining > 0) {
    const oldest = book.lots[0];
    if (oldest === undefined || Math.sign(oldest.quantity) === direction) break;
    const units = Math.min(remaining, Math.abs(oldest.quantity));
    closures.push(close(book, oldest, units, trade, trade.price));
    oldest.quantity += direction * units;
    remaining -= units;
    if (oldest.quantity === 0) book.lots.shift();
  }
  if (remaining > 0) {
    book.lots.push({
      tradeId: trade.id,
      quantity: direction * remaining,
      price: trade.price,
      openedAt: trade.tradedAt,
      tag: trade.tag,
    });
  }
}

/** What an expired contract is worth per unit, given the underlying's close on expiry day. */
export function settlementValue(
  kind: InstrumentKind,
  strike: number | null,
  close: number,
): number {
  if (kind === 'CE') return Math.max(0, close - (strike ?? 0));
  if (kind === 'PE') return Math.max(0, (strike ?? 0) - close);
  return close;
}

function position(book: Book, awaiting: boolean): Position {
  const { first, lots } = book;
  const quantity = lots.reduce((sum, lot) => sum + lot.quantity, 0);
  const cost = lots.reduce((sum, lot) => sum + lot.quantity * lot.price, 0);
  return {
    exchange: first.exchange,
    tradingsymbol: first.tradingsymbol,
    underlying: first.underlying,
    kind: first.kind,
    expiry: first.expiry,
    strike: first.strike,
    quantity,
    averagePrice: quantity === 0 ? 0 : cost / quantity,
    openedAt: lots[0]?.openedAt ?? first.tradedAt,
    awaitingSettlement: awaiting,
  };
}

/**
 * Realized P&L of every trade, derived from the trades alone (plus settlement prices): trades in
 * time order, matched FIFO per instrument. Contracts left open past expiry settle at intrinsic
 * value when the underlying's close is known, and wait as "awaiting settlement" otherwise.
 */
export function buildLedger(trades: readonly LedgerTrade[], options: LedgerOptions): Ledger {
  const books = new Map<string, Book>();
  const closures: Closure[] = [];
  for (const trade of trades) {
    const key = `${trade.exchange}:${trade.tradingsymbol}`;
    let book = books.get(key);
    if (book === undefined) {
      book = { first: trade, lots: [] };
      books.set(key, book);
    }
    apply(book, trade, closures);
  }
  const positions: Position[] = [];
  for (const book of books.values()) {
    if (book.lots.length === 0) continue;
    const { expiry, kind, underlying, strike } = book.first;
    const expired = kind !== 'EQ' && expiry !== null && expiry <= options.expiredThrough;
    if (!expired) {
      positions.push(position(book, false));
      continue;
    }
    const close = options.settlements.get(settlementKey(underlying, expiry));
    if (close === undefined) {
      positions.push(position(book, true));
      continue;
    }
    const value = settlementValue(kind, strike, close);
    for (const lot of book.lots) closures.push(settleLot(book, lot, value));
  }
  return { closures, positions };
}

/** A lot still open at expiry closes at the contract's settlement value, on the expiry day. */
function settleLot(book: Book, lot: OpenLot, value: number): Closure {
  return close(book, lot, Math.abs(lot.quantity), null, value);
}
