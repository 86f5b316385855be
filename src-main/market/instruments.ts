import type { Instrument } from '../domain/instrument';
import { isoFromDayNumber } from './dates';

/** The columns of Kite's instrument dump, in Kite's order. */
export const KITE_INSTRUMENT_COLUMNS = [
  'instrument_token',
  'exchange_token',
  'tradingsymbol',
  'name',
  'last_price',
  'expiry',
  'strike',
  'tick_size',
  'lot_size',
  'instrument_type',
  'segment',
  'exchange',
] as const;

// The row type is shared with storage (the day's cached list): its home is the domain folder.
// Re-exported for the storage records module until it imports from there.
export type { Instrument } from '../domain/instrument';

/** Low-cardinality strings: each distinct value once, one code per row. */
export interface DictionaryColumn {
  readonly values: readonly string[];
  readonly codes: Uint32Array;
}

/** Unique strings packed into one string; row i spans [ends[i-1] ?? 0, ends[i]). */
export interface PackedTextColumn {
  readonly text: string;
  readonly ends: Uint32Array;
}

/**
 * The instrument list as columns: typed arrays that cross a worker boundary by transfer, and a
 * handful of strings. A full Kite dump (~100k rows) is a few MB this way instead of 100k objects.
 */
export interface InstrumentColumns {
  readonly count: number;
  readonly instrumentToken: Uint32Array;
  readonly exchangeToken: Uint32Array;
  readonly tradingsymbol: PackedTextColumn;
  readonly name: DictionaryColumn;
  readonly lastPrice: Float64Array;
  /** Days since 1970-01-01; NO_EXPIRY for equities and indices. */
  readonly expiryDay: Int32Array;
  readonly strike: Float64Array;
  readonly tickSize: Float64Array;
  readonly lotSize: Uint32Array;
  readonly instrumentType: DictionaryColumn;
  readonly segment: DictionaryColumn;
  readonly exchange: DictionaryColumn;
}

export const NO_EXPIRY = -1;

/** "NFO:NIFTY25D0924000CE": how Kite's quote endpoints name an instrument. */
export type InstrumentKey = string;

export function instrumentKey(exchange: string, tradingsymbol: string): InstrumentKey {
  return `${exchange}:${tradingsymbol}`;
}

/** The ArrayBuffers of a column set, for a worker's transfer list. */
export function transferListOf(columns: InstrumentColumns): ArrayBuffer[] {
  const arrays = [
    columns.instrumentToken,
    columns.exchangeToken,
    columns.tradingsymbol.ends,
    columns.name.codes,
    columns.lastPrice,
    columns.expiryDay,
    columns.strike,
    columns.tickSize,
    columns.lotSize,
    columns.instrumentType.codes,
    columns.segment.codes,
    columns.exchange.codes,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  }
  return [...buffers];
}

/** Read access to an instrument list in columns. */
export class InstrumentTable {
  private keyIndex: Map<InstrumentKey, number> | null = null;

  constructor(readonly columns: InstrumentColumns) {}

  get size(): number {
    return this.columns.count;
  }

  tradingsymbol(row: number): string {
    const { text, ends } = this.columns.tradingsymbol;
    return text.slice(row === 0 ? 0 : (ends[row - 1] ?? 0), ends[row] ?? 0);
  }

  name(row: number): string {
    return dictionaryValue(this.columns.name, row);
  }

  instrumentType(row: number): string {
    return dictionaryValue(this.columns.instrumentType, row);
  }

  segment(row: number): string {
    return dictionaryValue(this.columns.segment, row);
  }

  exchange(row: number): string {
    return dictionaryValue(this.columns.exchange, row);
  }

  expiryDay(row: number): number {
    return this.columns.expiryDay[row] ?? NO_EXPIRY;
  }

  expiry(row: number): string | null {
    const day = this.expiryDay(row);
    return day === NO_EXPIRY ? null : isoFromDayNumber(day);
  }

  strike(row: number): number {
    return this.columns.strike[row] ?? 0;
  }

  lotSize(row: number): number {
    return this.columns.lotSize[row] ?? 0;
  }

  instrumentKey(row: number): InstrumentKey {
    return instrumentKey(this.exchange(row), this.tradingsymbol(row));
  }

  row(row: number): Instrument {
    const c = this.columns;
    return {
      instrumentToken: c.instrumentToken[row] ?? 0,
      exchangeToken: c.exchangeToken[row] ?? 0,
      tradingsymbol: this.tradingsymbol(row),
      name: this.name(row),
      lastPrice: c.lastPrice[row] ?? 0,
      expiry: this.expiry(row),
      strike: this.strike(row),
      tickSize: c.tickSize[row] ?? 0,
      lotSize: this.lotSize(row),
      instrumentType: this.instrumentType(row),
      segment: this.segment(row),
      exchange: this.exchange(row),
    };
  }

  *rows(): Generator<Instrument> {
    for (let row = 0; row < this.size; row++) yield this.row(row);
  }

  /** Row of "EXCHANGE:TRADINGSYMBOL", or -1. */
  indexOf(key: InstrumentKey): number {
    if (this.keyIndex === null) {
      const index = new Map<InstrumentKey, number>();
      for (let row = 0; row < this.size; row++) index.set(this.instrumentKey(row), row);
      this.keyIndex = index;
    }
    return this.keyIndex.get(key) ?? -1;
  }
}

function dictionaryValue(column: DictionaryColumn, row: number): string {
  return column.values[column.codes[row] ?? 0] ?? '';
}

/** Kite writes whole numbers with one decimal ("24000.0") and others as they are ("0.05"). */
export function formatKiteNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An instrument list in Kite's CSV format, header included. */
export function formatInstrumentCsv(instruments: Iterable<Instrument>): string {
  const lines: string[] = [KITE_INSTRUMENT_COLUMNS.join(',')];
  for (const i of instruments) {
    lines.push(
      [
        String(i.instrumentToken),
        String(i.exchangeToken),
        csvField(i.tradingsymbol),
        csvField(i.name),
        formatKiteNumber(i.lastPrice),
        i.expiry ?? '',
        formatKiteNumber(i.strike),
        formatKiteNumber(i.tickSize),
        String(i.lotSize),
        i.instrumentType,
        i.segment,
        i.exchange,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
