import { gunzipSync } from 'node:zlib';
import { dayNumberFromIso } from './dates';
import {
  KITE_INSTRUMENT_COLUMNS,
  NO_EXPIRY,
  type DictionaryColumn,
  type InstrumentColumns,
} from './instruments';

export interface ParsedInstruments {
  readonly columns: InstrumentColumns;
  /** Rows that could not be read (wrong field count, non-numeric token, bad date). */
  readonly skippedRows: number;
  /** The first few reasons, for the log. */
  readonly problems: readonly string[];
}

export class InstrumentCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstrumentCsvError';
  }
}

const MAX_PROBLEMS = 5;
const COLUMN_COUNT = KITE_INSTRUMENT_COLUMNS.length;

/** Kite's whole dump inflates to about 10 MB; a gzip that inflates past this is a bomb, not Kite. */
export const MAX_INFLATED_DUMP_BYTES = 64 * 1024 * 1024;

function inflate(input: Uint8Array): Buffer {
  try {
    return gunzipSync(input, { maxOutputLength: MAX_INFLATED_DUMP_BYTES });
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE')
    ) {
      throw new Error(
        `The instrument list unpacks to more than ${MAX_INFLATED_DUMP_BYTES / 1024 / 1024} MiB, far more than Kite's; Premia refused to unpack it.`,
      );
    }
    throw error;
  }
}

/** Kite serves the dump gzipped; fetch usually inflates it already, a saved file may not be. */
export function decodeInstrumentDump(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  const bytes = input[0] === 0x1f && input[1] === 0x8b ? inflate(input) : input;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

class DictionaryBuilder {
  private readonly values: string[] = [];
  private readonly codeOf = new Map<string, number>();
  readonly codes: Uint32Array;

  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }

  set(row: number, value: string): void {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codeOf.set(value, code);
    }
    this.codes[row] = code;
  }

  build(count: number): DictionaryColumn {
    return { values: this.values, codes: this.codes.slice(0, count) };
  }
}

/** Splits one CSV line; the fast path covers Kite's dump, which quotes nothing. */
function splitCsvLine(line: string, into: string[]): number {
  if (!line.includes('"')) {
    let start = 0;
    let count = 0;
    for (;;) {
      const comma = line.indexOf(',', start);
      if (comma < 0) {
        into[count++] = line.slice(start);
        return count;
      }
      into[count++] = line.slice(start, comma);
      start = comma + 1;
      if (count > COLUMN_COUNT + 8) return count;
    }
  }
  return splitQuotedCsvLine(line, into);
}

function splitQuotedCsvLine(line: string, into: string[]): number {
  let count = 0;
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      into[count++] = field;
      field = '';
    } else field += ch;
  }
  into[count++] = field;
  return count;
}

function columnPositions(header: string): number[] {
  const fields: string[] = [];
  const count = splitCsvLine(header.replace(/^\uFEFF/, '').trim(), fields);
  const names = fields.slice(0, count).map((f) => f.trim().toLowerCase());
  return KITE_INSTRUMENT_COLUMNS.map((column) => {
    const position = names.indexOf(column);
    if (position < 0) {
      throw new InstrumentCsvError(
        `The instrument list has no "${column}" column; its header is: ${header.slice(0, 200)}`,
      );
    }
    return position;
  });
}

/** Accumulates rows into preallocated columns. */
class ColumnsBuilder {
  private readonly tokens: Uint32Array;
  private readonly exchangeTokens: Uint32Array;
  private readonly lastPrices: Float64Array;
  private readonly expiryDays: Int32Array;
  private readonly strikes: Float64Array;
  private readonly tickSizes: Float64Array;
  private readonly lotSizes: Uint32Array;
  private readonly symbols: string[] = [];
  private readonly names: DictionaryBuilder;
  private readonly types: DictionaryBuilder;
  private readonly segments: DictionaryBuilder;
  private readonly exchanges: DictionaryBuilder;
  private readonly dayOf = new Map<string, number>([['', NO_EXPIRY]]);
  count = 0;

  constructor(capacity: number) {
    this.tokens = new Uint32Array(capacity);
    this.exchangeTokens = new Uint32Array(capacity);
    this.lastPrices = new Float64Array(capacity);
    this.expiryDays = new Int32Array(capacity);
    this.strikes = new Float64Array(capacity);
    this.tickSizes = new Float64Array(capacity);
    this.lotSizes = new Uint32Array(capacity);
    this.names = new DictionaryBuilder(capacity);
    this.types = new DictionaryBuilder(capacity);
    this.segments = new DictionaryBuilder(capacity);
    this.exchanges = new DictionaryBuilder(capacity);
  }

  /** Adds a row from its fields in Kite's column order; returns why it was refused, or null. */
  add(field: (column: number) => string): string | null {
    const token = Number(field(0));
    if (!Number.isInteger(token) || token <= 0 || token > 0xffffffff) {
      return `instrument_token "${field(0)}" is not a token`;
    }
    const expiryText = field(5);
    let expiryDay = this.dayOf.get(expiryText);
    if (expiryDay === undefined) {
      expiryDay = dayNumberFromIso(expiryText);
      if (Number.isNaN(expiryDay)) return `expiry "${expiryText}" is not a date`;
      this.dayOf.set(expiryText, expiryDay);
    }
    const row = this.count++;
    const exchangeToken = Number(field(1));
    const lotSize = Number(field(8));
    this.tokens[row] = token;
    this.exchangeTokens[row] = Number.isFinite(exchangeToken) ? exchangeToken : 0;
    this.lastPrices[row] = Number(field(4)) || 0;
    this.expiryDays[row] = expiryDay;
    this.strikes[row] = Number(field(6)) || 0;
    this.tickSizes[row] = Number(field(7)) || 0;
    this.lotSizes[row] = Number.isFinite(lotSize) && lotSize > 0 ? lotSize : 0;
    this.symbols.push(field(2));
    this.names.set(row, field(3));
    this.types.set(row, field(9));
    this.segments.set(row, field(10));
    this.exchanges.set(row, field(11));
    return null;
  }

  build(): InstrumentColumns {
    const count = this.count;
    const ends = new Uint32Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      end += (this.symbols[i] ?? '').length;
      ends[i] = end;
    }
    return {
      count,
      instrumentToken: this.tokens.slice(0, count),
      exchangeToken: this.exchangeTokens.slice(0, count),
      tradingsymbol: { text: this.symbols.join(''), ends },
      name: this.names.build(count),
      lastPrice: this.lastPrices.slice(0, count),
      expiryDay: this.expiryDays.slice(0, count),
      strike: this.strikes.slice(0, count),
      tickSize: this.tickSizes.slice(0, count),
      lotSize: this.lotSizes.slice(0, count),
      instrumentType: this.types.build(count),
      segment: this.segments.build(count),
      exchange: this.exchanges.build(count),
    };
  }
}

/**
 * Parses Kite's instrument dump (CSV text, or its bytes, gzipped or not) into columns. Pure and
 * synchronous, so it runs the same in the piscina pool and in-line. A row that cannot be read is
 * skipped and counted rather than failing the whole list: one odd BSE row must not block NFO.
 */
export function parseInstrumentCsv(input: string | Uint8Array): ParsedInstruments {
  const lines = decodeInstrumentDump(input).split('\n');
  const header = lines[0] ?? '';
  if (header.trim() === '') throw new InstrumentCsvError('The instrument list is empty.');
  const at = columnPositions(header);
  const required = Math.max(...at) + 1;
  const builder = new ColumnsBuilder(lines.length);
  const problems: string[] = [];
  let skippedRows = 0;
  const fields: string[] = [];
  const field = (column: number): string => fields[at[column] ?? 0] ?? '';
  for (let lineIndex = 1; lineIndex < lines.length; lineIndex++) {
    let line = lines[lineIndex] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const count = splitCsvLine(line, fields);
    const problem =
      count < required ? `${count} fields instead of ${required}` : builder.add(field);
    if (problem !== null) {
      skippedRows++;
      if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineIndex + 1}: ${problem}`);
    }
  }
  return { columns: builder.build(), skippedRows, problems };
}
