import { UserFacingError } from '../domain/errors';
import { dayNumberFromIso, istInstant } from '../market/dates';
import type { TradeRecord } from '../storage/journal-records';
import { TradeColumnsBuilder, type TradeColumns } from '../storage/trade-columns';
import {
  instrumentFacts,
  isDerivativeExchange,
  kiteExchange,
  type InstrumentFacts,
} from './instrument';

/** The columns of Zerodha Console's tradebook report (F&O files add expiry_date). */
export const TRADEBOOK_COLUMNS = [
  'symbol',
  'isin',
  'trade_date',
  'exchange',
  'segment',
  'series',
  'trade_type',
  'auction',
  'quantity',
  'price',
  'trade_id',
  'order_id',
  'order_execution_time',
] as const;
const REQUIRED = [
  'symbol',
  'trade_date',
  'exchange',
  'segment',
  'trade_type',
  'quantity',
  'price',
  'trade_id',
  'order_id',
  'order_execution_time',
] as const;

/** One row of a tradebook with the line it came from (1-based, as a spreadsheet shows it). */
export interface SourceRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface ParsedTradebook {
  readonly fileName: string;
  /** The Zerodha client id the file names (tradebook-AB1234-FO.csv, or the report's header). */
  readonly kiteUserId: string | null;
  /** Columnar: a 200,000-row file never exists as 200,000 objects (trade-columns.ts). */
  readonly trades: TradeColumns;
}

/** A refused file: names the file, the line and the field, so the trader can fix or re-export. */
export class TradebookError extends UserFacingError {
  constructor(fileName: string, line: number | null, field: string | null, problem: string) {
    const where =
      line === null ? '' : field === null ? `line ${line}: ` : `line ${line}, ${field}: `;
    super('BAD_INPUT', `${fileName} was not imported — ${where}${problem}`, {
      issues: [{ path: [line ?? 0, field ?? ''].join(':'), message: problem }],
    });
    this.name = 'TradebookError';
  }
}

/** The client id in Console's file name: tradebook-AB1234-FO.csv → AB1234. */
export function clientIdFromFileName(fileName: string): string | null {
  const match = /tradebook-([A-Z]{2,4}\d{3,6})-/i.exec(fileName);
  return match?.[1]?.toUpperCase() ?? null;
}

/** Spreadsheet serial day numbers count from 1899-12-30 (Excel's 1900 leap-year quirk included). */
const EXCEL_EPOCH_DAY = -25_569;

/** A cell that a spreadsheet stored as a date serial (45000.5) rather than as text. */
function fromSerial(text: string): Date | null {
  if (!/^\d{5}(\.\d+)?$/.test(text)) return null;
  const serial = Number(text);
  // The serial is an IST wall-clock date and time: shift it back by IST's offset.
  return new Date(Math.round((serial + EXCEL_EPOCH_DAY) * 86_400_000) - 330 * 60_000);
}

function isoDate(text: string): string | null {
  const trimmed = text.trim();
  const serial = fromSerial(trimmed);
  if (serial !== null) return new Date(serial.getTime() + 330 * 60_000).toISOString().slice(0, 10);
  let iso = trimmed.slice(0, 10);
  const dmy = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(trimmed);
  if (dmy !== null) iso = `${dmy[3]}-${dmy[2]}-${dmy[1]}`;
  return Number.isNaN(dayNumberFromIso(iso)) ? null : iso;
}

/** Two ASCII digits at `at` as a number, NaN if either is not a digit. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN;
}

/**
 * Console's order_execution_time, IST wall clock ("2025-12-09T10:15:02" or with a space), as ms
 * since the epoch. Read by character with the day cached: the regular expression and Date
 * objects were a tenth of a 200,000-row import.
 */
function executionMs(text: string, days: Map<string, number>): number | null {
  const serial = fromSerial(text);
  if (serial !== null) return serial.getTime();
  const separator = text[10];
  if (text.length < 19 || (separator !== 'T' && separator !== ' ')) return null;
  if (text[13] !== ':' || text[16] !== ':') return null;
  const date = text.slice(0, 10);
  let day = days.get(date);
  if (day === undefined) {
    day = dayNumberFromIso(date);
    days.set(date, day);
  }
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (Number.isNaN(day + hours + minutes + seconds)) return null;
  return istInstant(day, hours, minutes, seconds).getTime();
}

type Column = (typeof TRADEBOOK_COLUMNS)[number] | 'expiry_date';
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Reads a file's rows into trades. Built once per file: column positions are looked up once, and
 * the instrument facts and dates that repeat across thousands of rows are parsed once each.
 */
class RowParser {
  private readonly columns = new Map<string, number>();
  private readonly facts = new Map<string, InstrumentFacts>();
  private readonly dates = new Map<string, string | null>();
  private readonly days = new Map<string, number>();
  private row: SourceRow = { line: 0, cells: [] };

  constructor(
    private readonly fileName: string,
    header: readonly string[],
  ) {
    header.forEach((name, i) => this.columns.set(name, i));
  }

  private fail(field: Column, problem: string): never {
    throw new TradebookError(this.fileName, this.row.line, field, problem);
  }

  private text(field: Column): string {
    const i = this.columns.get(field);
    return i === undefined ? '' : (this.row.cells[i] ?? '').trim();
  }

  private required(field: Column): string {
    const value = this.text(field);
    return value === '' ? this.fail(field, 'is empty') : value;
  }

  private number(field: Column, positive: boolean): number {
    const raw = this.required(field);
    const value = Number(raw);
    if (!DECIMAL.test(raw) || !Number.isFinite(value)) {
      this.fail(field, `"${raw.slice(0, 30)}" is not a number`);
    }
    if (positive ? value <= 0 : value < 0) {
      this.fail(field, `${raw} must be ${positive ? 'above' : 'at least'} zero`);
    }
    return value;
  }

  private date(field: Column, raw: string): string {
    let iso = this.dates.get(raw);
    if (iso === undefined) {
      iso = isoDate(raw);
      this.dates.set(raw, iso);
    }
    return iso ?? this.fail(field, 'is not a date');
  }

  private instrument(exchange: string, symbol: string, expiry: string | null): InstrumentFacts {
    const key = `${exchange}|${symbol}|${expiry ?? ''}`;
    let facts = this.facts.get(key);
    if (facts === undefined) {
      const derivative = isDerivativeExchange(exchange);
      facts = instrumentFacts(symbol, derivative, expiry);
      if (derivative && facts.kind === 'EQ')
        this.fail('symbol', `"${symbol}" is not a future or option symbol`);
      this.facts.set(key, facts);
    }
    return facts;
  }

  trade(row: SourceRow): Omit<TradeRecord, 'tradedAt' | 'source'> & { tradedAt: number } {
    this.row = row;
    const side = this.required('trade_type').toUpperCase();
    if (side !== 'BUY' && side !== 'SELL')
      this.fail('trade_type', `"${side.toLowerCase()}" is neither buy nor sell`);
    const quantity = this.number('quantity', true);
    if (!Number.isInteger(quantity))
      this.fail('quantity', `${quantity} is not a whole number of units`);
    const price = this.number('price', false);
    const tradeDate = this.date('trade_date', this.required('trade_date'));
    const executed =
      executionMs(this.required('order_execution_time'), this.days) ??
      this.fail('order_execution_time', 'is not a date and time like 2025-12-09T10:15:02');
    const rawExpiry = this.text('expiry_date');
    const expiry = rawExpiry === '' ? null : this.date('expiry_date', rawExpiry);
    const exchange = kiteExchange(this.required('exchange'), this.required('segment'));
    const tradingsymbol = this.required('symbol').toUpperCase();
    const facts = this.instrument(exchange, tradingsymbol, expiry);
    return {
      exchange,
      tradeId: this.required('trade_id'),
      orderId: this.required('order_id'),
      tradingsymbol,
      underlying: facts.underlying,
      kind: facts.kind,
      expiry: facts.expiry,
      strike: facts.strike,
      side,
      quantity,
      price,
      tradedAt: executed,
      tradeDate,
      product: null,
    };
  }
}

function normalizeHeader(cells: readonly string[]): string[] {
  return cells.map((cell) =>
    cell
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, '')
      .replace(/[\s.]+/g, '_'),
  );
}

/** Console's .xlsx report puts a few lines (client id, period) above the header row. */
function clientIdAbove(preamble: readonly SourceRow[]): string | null {
  for (const row of preamble) {
    const cells = row.cells.map((cell) => cell.trim());
    const label = cells.findIndex((cell) => /^client\s*id:?$/i.test(cell));
    const value = label === -1 ? undefined : cells.slice(label + 1).find((cell) => cell !== '');
    if (value !== undefined) return value.toUpperCase();
  }
  return null;
}

/**
 * Turns a tradebook's rows into trades, all or nothing: the first malformed row refuses the whole
 * file with its line and field. The header row may sit below a preamble (the .xlsx report). Rows
 * are consumed as they come, so a large CSV is never held as cells and trades at once.
 */
export function parseTradebookRows(
  fileName: string,
  rows: Iterable<SourceRow>,
  expectedRows = 64,
): ParsedTradebook {
  const preamble: SourceRow[] = [];
  let parser: RowParser | null = null;
  const trades = new TradeColumnsBuilder('console', expectedRows);
  for (const row of rows) {
    if (parser === null) {
      const names = normalizeHeader(row.cells);
      if (names.includes('symbol') && names.includes('trade_id')) {
        parser = headerParser(fileName, row, names);
      } else preamble.push(row);
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    trades.push(parser.trade(row));
  }
  if (parser === null) {
    throw new TradebookError(
      fileName,
      null,
      null,
      `no header row with the tradebook's columns (${TRADEBOOK_COLUMNS.join(', ')}). Download the tradebook from Console → Reports → Tradebook.`,
    );
  }
  return {
    fileName,
    kiteUserId: clientIdAbove(preamble) ?? clientIdFromFileName(fileName),
    trades: trades.finish(),
  };
}

function headerParser(fileName: string, row: SourceRow, header: readonly string[]): RowParser {
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new TradebookError(fileName, row.line, null, `the header lacks ${missing.join(', ')}`);
  }
  return new RowParser(fileName, header);
}

/** One CSV record starting at `start` that contains quotes: the RFC 4180 way, char by char. */
function quotedRecord(
  fileName: string,
  source: string,
  start: number,
  line: number,
): { cells: string[]; next: number; lines: number } {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  let lines = 1;
  let i = start;
  for (; i < source.length; i += 1) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') lines += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  if (quoted) throw new TradebookError(fileName, line, null, 'a quoted field is never closed');
  cells.push(field);
  return { cells, next: i, lines };
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows with their line numbers.
 * Lines without a quote — nearly all of a tradebook — are split directly; only a line holding a
 * quote goes through the character-by-character reader.
 */
export function* csvRows(fileName: string, text: string): Generator<SourceRow> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let at = 0;
  let line = 1;
  while (at < source.length) {
    let end = source.indexOf('\n', at);
    if (end === -1) end = source.length;
    const raw = source.slice(at, end > at && source[end - 1] === '\r' ? end - 1 : end);
    if (!raw.includes('"')) {
      yield { line, cells: raw.split(',') };
      at = end + 1;
      line += 1;
      continue;
    }
    const record = quotedRecord(fileName, source, at, line);
    yield { line, cells: record.cells };
    at = record.next;
    if (source[at] === '\r') at += 1;
    at += 1;
    line += record.lines;
  }
}

/** Lines in a text (an upper bound on its rows), so the columns are sized once. */
function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

export function parseTradebookCsv(fileName: string, text: string): ParsedTradebook {
  return parseTradebookRows(fileName, csvRows(fileName, text), lineCount(text));
}
