import type { InstrumentKind, TradeRecord, TradeSide, TradeSource } from './journal-records';

/**
 * A batch of fills as columns: numbers in typed arrays, repeated text (exchange, symbol,
 * underlying, dates) as indexes into one small table of distinct strings. It crosses into the
 * writer thread by transfer, so a 200,000-trade import is a few MiB moved instead of 200,000
 * objects cloned (and held twice) — measured: the object clone alone doubled the import's peak
 * memory. The trade and order ids, unique per fill, are UTF-8 bytes in one buffer: as 400,000
 * small strings they were the largest thing the batch held.
 */
export interface TradeColumns {
  readonly length: number;
  readonly source: TradeSource;
  /** Distinct strings, referenced by the Uint32 columns below. */
  readonly strings: readonly string[];
  readonly exchange: Uint32Array;
  readonly tradingsymbol: Uint32Array;
  readonly underlying: Uint32Array;
  /** NONE for equity. */
  readonly expiry: Uint32Array;
  readonly tradeDate: Uint32Array;
  /** NONE when the source does not say (Console files). */
  readonly product: Uint32Array;
  /** KINDS index. */
  readonly kind: Uint8Array;
  /** SIDES index. */
  readonly side: Uint8Array;
  /** NaN when there is none (equity, futures). */
  readonly strike: Float64Array;
  readonly quantity: Float64Array;
  readonly price: Float64Array;
  /** The fill's instant, ms since the epoch. */
  readonly tradedAtMs: Float64Array;
  /** Each fill's trade id then order id, UTF-8, back to back. */
  readonly idBytes: Uint8Array;
  /** End offsets in idBytes: [2i] ends fill i's trade id, [2i + 1] its order id. */
  readonly idEnds: Uint32Array;
}

/** "No string" in a Uint32 string column. */
export const NONE = 0xffff_ffff;
export const KINDS: readonly InstrumentKind[] = ['EQ', 'FUT', 'CE', 'PE'];
export const SIDES: readonly TradeSide[] = ['BUY', 'SELL'];

type Growable = Uint32Array | Uint8Array | Float64Array;

function grown<T extends Growable>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Collects fills one by one into columns; `finish` trims them to length. */
export class TradeColumnsBuilder {
  private length = 0;
  private capacity: number;
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private exchange: Uint32Array;
  private tradingsymbol: Uint32Array;
  private underlying: Uint32Array;
  private expiry: Uint32Array;
  private tradeDate: Uint32Array;
  private product: Uint32Array;
  private kind: Uint8Array;
  private side: Uint8Array;
  private strike: Float64Array;
  private quantity: Float64Array;
  private price: Float64Array;
  private tradedAtMs: Float64Array;
  private idBytes: Uint8Array;
  private idEnds: Uint32Array;
  private idLength = 0;

  constructor(
    private readonly source: TradeSource,
    expected = 64,
  ) {
    this.capacity = Math.max(16, expected);
    const n = this.capacity;
    this.exchange = new Uint32Array(n);
    this.tradingsymbol = new Uint32Array(n);
    this.underlying = new Uint32Array(n);
    this.expiry = new Uint32Array(n);
    this.tradeDate = new Uint32Array(n);
    this.product = new Uint32Array(n);
    this.kind = new Uint8Array(n);
    this.side = new Uint8Array(n);
    this.strike = new Float64Array(n);
    this.quantity = new Float64Array(n);
    this.price = new Float64Array(n);
    this.tradedAtMs = new Float64Array(n);
    this.idBytes = new Uint8Array(n * 24);
    this.idEnds = new Uint32Array(n * 2);
  }

  get count(): number {
    return this.length;
  }

  private intern(text: string | null): number {
    if (text === null) return NONE;
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.index.set(text, at);
    }
    return at;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.exchange = grown(this.exchange, n);
    this.tradingsymbol = grown(this.tradingsymbol, n);
    this.underlying = grown(this.underlying, n);
    this.expiry = grown(this.expiry, n);
    this.tradeDate = grown(this.tradeDate, n);
    this.product = grown(this.product, n);
    this.kind = grown(this.kind, n);
    this.side = grown(this.side, n);
    this.strike = grown(this.strike, n);
    this.quantity = grown(this.quantity, n);
    this.price = grown(this.price, n);
    this.tradedAtMs = grown(this.tradedAtMs, n);
    this.idEnds = grown(this.idEnds, n * 2);
    this.capacity = n;
  }

  private pushId(id: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    while (this.idBytes.length - this.idLength < id.length * 3)
      this.idBytes = grown(this.idBytes, this.idBytes.length * 2);
    this.idLength += encoder.encodeInto(id, this.idBytes.subarray(this.idLength)).written;
  }

  /** One fill; its tradedAt is an ISO instant or ms since the epoch. */
  push(trade: Omit<TradeRecord, 'source' | 'tradedAt'> & { tradedAt: string | number }): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length;
    this.exchange[i] = this.intern(trade.exchange);
    this.tradingsymbol[i] = this.intern(trade.tradingsymbol);
    this.underlying[i] = this.intern(trade.underlying);
    this.expiry[i] = this.intern(trade.expiry);
    this.tradeDate[i] = this.intern(trade.tradeDate);
    this.product[i] = this.intern(trade.product);
    this.kind[i] = KINDS.indexOf(trade.kind);
    this.side[i] = SIDES.indexOf(trade.side);
    this.strike[i] = trade.strike ?? Number.NaN;
    this.quantity[i] = trade.quantity;
    this.price[i] = trade.price;
    this.tradedAtMs[i] =
      typeof trade.tradedAt === 'number' ? trade.tradedAt : Date.parse(trade.tradedAt);
    this.pushId(trade.tradeId);
    this.idEnds[2 * i] = this.idLength;
    this.pushId(trade.orderId);
    this.idEnds[2 * i + 1] = this.idLength;
    this.length += 1;
  }

  finish(): TradeColumns {
    const n = this.length;
    return {
      length: n,
      source: this.source,
      strings: this.strings,
      exchange: this.exchange.slice(0, n),
      tradingsymbol: this.tradingsymbol.slice(0, n),
      underlying: this.underlying.slice(0, n),
      expiry: this.expiry.slice(0, n),
      tradeDate: this.tradeDate.slice(0, n),
      product: this.product.slice(0, n),
      kind: this.kind.slice(0, n),
      side: this.side.slice(0, n),
      strike: this.strike.slice(0, n),
      quantity: this.quantity.slice(0, n),
      price: this.price.slice(0, n),
      tradedAtMs: this.tradedAtMs.slice(0, n),
      idBytes: this.idBytes.slice(0, this.idLength),
      idEnds: this.idEnds.slice(0, 2 * n),
    };
  }
}

export function tradeColumnsOf(source: TradeSource, trades: readonly TradeRecord[]): TradeColumns {
  const builder = new TradeColumnsBuilder(source, trades.length);
  for (const trade of trades) builder.push(trade);
  return builder.finish();
}

const encoder = new TextEncoder();

/** Reads the fills' trade and order ids (a Buffer view decodes a slice without copying it). */
export function tradeIdReader(columns: TradeColumns): {
  tradeId(i: number): string;
  orderId(i: number): string;
} {
  const bytes = Buffer.from(
    columns.idBytes.buffer,
    columns.idBytes.byteOffset,
    columns.idBytes.byteLength,
  );
  const { idEnds } = columns;
  const end = (k: number): number => (k < 0 ? 0 : (idEnds[k] ?? 0));
  return {
    tradeId: (i) => bytes.toString('utf8', end(2 * i - 1), end(2 * i)),
    orderId: (i) => bytes.toString('utf8', end(2 * i), end(2 * i + 1)),
  };
}

const text = (columns: TradeColumns, at: number): string | null =>
  at === NONE ? null : (columns.strings[at] ?? null);

/** Row `i` as a record (previews, tests and small batches; the writer binds columns directly). */
export function tradeRecordAt(columns: TradeColumns, i: number): TradeRecord {
  const strike = columns.strike[i] ?? Number.NaN;
  const ids = tradeIdReader(columns);
  return {
    exchange: text(columns, columns.exchange[i] ?? NONE) ?? '',
    tradeId: ids.tradeId(i),
    orderId: ids.orderId(i),
    tradingsymbol: text(columns, columns.tradingsymbol[i] ?? NONE) ?? '',
    underlying: text(columns, columns.underlying[i] ?? NONE) ?? '',
    kind: KINDS[columns.kind[i] ?? 0] ?? 'EQ',
    expiry: text(columns, columns.expiry[i] ?? NONE),
    strike: Number.isNaN(strike) ? null : strike,
    side: SIDES[columns.side[i] ?? 0] ?? 'BUY',
    quantity: columns.quantity[i] ?? 0,
    price: columns.price[i] ?? 0,
    tradedAt: new Date(columns.tradedAtMs[i] ?? 0).toISOString(),
    tradeDate: text(columns, columns.tradeDate[i] ?? NONE) ?? '',
    product: text(columns, columns.product[i] ?? NONE),
    source: columns.source,
  };
}

export function tradeRecords(columns: TradeColumns): TradeRecord[] {
  return Array.from({ length: columns.length }, (_, i) => tradeRecordAt(columns, i));
}

/** The first and last trading day in a batch (YYYY-MM-DD), without touching each row's text. */
export function tradeDateRange(columns: TradeColumns): {
  first: string | null;
  last: string | null;
} {
  const seen = new Set(columns.tradeDate);
  let first: string | null = null;
  let last: string | null = null;
  for (const at of seen) {
    const day = text(columns, at);
    if (day === null) continue;
    if (first === null || day < first) first = day;
    if (last === null || day > last) last = day;
  }
  return { first, last };
}

/** The typed arrays' buffers, to hand to postMessage's transfer list. */
export function tradeTransferList(columns: TradeColumns): ArrayBuffer[] {
  const arrays = [
    columns.exchange,
    columns.tradingsymbol,
    columns.underlying,
    columns.expiry,
    columns.tradeDate,
    columns.product,
    columns.kind,
    columns.side,
    columns.strike,
    columns.quantity,
    columns.price,
    columns.tradedAtMs,
    columns.idBytes,
    columns.idEnds,
  ];
  return arrays.flatMap((a) => (a.buffer instanceof ArrayBuffer ? [a.buffer] : []));
}
