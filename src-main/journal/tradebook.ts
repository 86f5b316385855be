import { UserFacingError } from '../domain/errors';
import { dayNumberFromIso, istInstant } from '../market/dates';
import type { TradeRecord } from '../storage/journal-records';
import { instrumentFacts, isDerivativeExchange, kiteExchange } from './instrument';

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
  readonly trades: TradeRecord[];
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

/** Console's order_execution_time: IST wall clock, "2025-12-09T10:15:02" or with a space. */
function executionInstant(text: string): Date | null {
  const serial = fromSerial(text.trim());
  if (serial !== null) return serial;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (match === null) return null;
  const day = dayNumberFromIso(match[1] ?? '');
  if (Number.isNaN(day)) return null;
  return istInstant(day, Number(match[2]), Number(match[3]), Number(match[4]));
}

type Column = (typeof TRADEBOOK_COLUMNS)[number] | 'expiry_date';

function rowReader(fileName: string, header: readonly string[], row: SourceRow) {
  const index = new Map(header.map((name, i) => [name, i]));
  const fail = (field: Column, problem: string): never => {
    throw new TradebookError(fileName, row.line, field, problem);
  };
  const text = (field: Column): string => {
    const i = index.get(field);
    return (i === undefined ? '' : (row.cells[i] ?? '')).trim();
  };
  const required = (field: Column): string => {
    const value = text(field);
    return value === '' ? fail(field, 'is empty') : value;
  };
  const number = (field: Column, positive: boolean): number => {
    const raw = required(field);
    const value = Number(raw);
    if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
      return fail(field, `"${raw.slice(0, 30)}" is not a number`);
    }
    if (positive ? value <= 0 : value < 0) {
      return fail(field, `${raw} must be ${positive ? 'above' : 'at least'} zero`);
    }
    return value;
  };
  return { fail, text, required, number };
}

function tradeFromRow(fileName: string, header: readonly string[], row: SourceRow): TradeRecord {
  const r = rowReader(fileName, header, row);
  const side = r.required('trade_type').toUpperCase();
  if (side !== 'BUY' && side !== 'SELL')
    r.fail('trade_type', `"${side.toLowerCase()}" is neither buy nor sell`);
  const quantity = r.number('quantity', true);
  if (!Number.isInteger(quantity)) r.fail('quantity', `${quantity} is not a whole number of units`);
  const price = r.number('price', false);
  const tradeDate = isoDate(r.required('trade_date')) ?? r.fail('trade_date', 'is not a date');
  const executed =
    executionInstant(r.required('order_execution_time')) ??
    r.fail('order_execution_time', 'is not a date and time like 2025-12-09T10:15:02');
  const rawExpiry = r.text('expiry_date');
  const expiry =
    rawExpiry === '' ? null : (isoDate(rawExpiry) ?? r.fail('expiry_date', 'is not a date'));
  const exchange = kiteExchange(r.required('exchange'), r.required('segment'));
  const tradingsymbol = r.required('symbol').toUpperCase();
  const facts = instrumentFacts(tradingsymbol, isDerivativeExchange(exchange), expiry);
  if (isDerivativeExchange(exchange) && facts.kind === 'EQ')
    r.fail('symbol', `"${tradingsymbol}" is not a future or option symbol`);
  return {
    exchange,
    tradeId: r.required('trade_id'),
    orderId: r.required('order_id'),
    tradingsymbol,
    ...facts,
    side: side as 'BUY' | 'SELL',
    quantity,
    price,
    tradedAt: executed.toISOString(),
    tradeDate,
    product: null,
    source: 'console',
  };
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
function clientIdAbove(rows: readonly SourceRow[], headerAt: number): string | null {
  for (const row of rows.slice(0, headerAt)) {
    const cells = row.cells.map((cell) => cell.trim());
    const label = cells.findIndex((cell) => /^client\s*id:?$/i.test(cell));
    const value = label === -1 ? undefined : cells.slice(label + 1).find((cell) => cell !== '');
    if (value !== undefined) return value.toUpperCase();
  }
  return null;
}

/**
 * Turns a tradebook's rows into trades, all or nothing: the first malformed row refuses the whole
 * file with its line and field. The header row may sit below a preamble (the .xlsx report).
 */
export function parseTradebookRows(fileName: string, rows: readonly SourceRow[]): ParsedTradebook {
  const headerAt = rows.findIndex((row) => {
    const names = normalizeHeader(row.cells);
    return names.includes('symbol') && names.includes('trade_id');
  });
  const headerRow = rows[headerAt];
  if (headerRow === undefined) {
    throw new TradebookError(
      fileName,
      null,
      null,
      `no header row with the tradebook's columns (${TRADEBOOK_COLUMNS.join(', ')}). Download the tradebook from Console → Reports → Tradebook.`,
    );
  }
  const header = normalizeHeader(headerRow.cells);
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new TradebookError(
      fileName,
      headerRow.line,
      null,
      `the header lacks ${missing.join(', ')}`,
    );
  }
  const trades: TradeRecord[] = [];
  for (const row of rows.slice(headerAt + 1)) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    trades.push(tradeFromRow(fileName, header, row));
  }
  return {
    fileName,
    kiteUserId: clientIdAbove(rows, headerAt) ?? clientIdFromFileName(fileName),
    trades,
  };
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows with their line numbers. A
 * quote left open at the end of the file is malformed.
 */
export function csvRows(fileName: string, text: string): SourceRow[] {
  const rows: SourceRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
      cells.push(field);
      rows.push({ line: rowLine, cells });
      cells = [];
      field = '';
      line += 1;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) throw new TradebookError(fileName, rowLine, null, 'a quoted field is never closed');
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

export function parseTradebookCsv(fileName: string, text: string): ParsedTradebook {
  return parseTradebookRows(fileName, csvRows(fileName, text));
}
