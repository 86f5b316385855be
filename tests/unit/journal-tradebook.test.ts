import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTradebookFile } from '../../src-main/journal/tradebook-file';
import { parseTradebookCsv, TradebookError } from '../../src-main/journal/tradebook';
import { tradeRecords } from '../../src-main/storage/trade-columns';

/** A CSV's fills as records (the parser returns columns). */
const csvTrades = (name: string) => tradeRecords(parseTradebookCsv(name, text(name)).trades);

const FIXTURES = join(import.meta.dirname, '../fixtures/journal');
const text = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('Console tradebook CSV', () => {
  it('reads F&O rows: NFO exchange, underlying, expiry from the file, strike, IST fill time', () => {
    const book = parseTradebookCsv('tradebook-ZR1234-FO.csv', text('tradebook-ZR1234-FO.csv'));
    expect(book.kiteUserId).toBe('ZR1234');
    const trades = tradeRecords(book.trades);
    expect(trades).toHaveLength(7);
    expect(trades[0]).toEqual({
      exchange: 'NFO',
      tradeId: '1001',
      orderId: '5001',
      tradingsymbol: 'NIFTY2611326000CE',
      underlying: 'NIFTY',
      kind: 'CE',
      expiry: '2026-01-13',
      strike: 26000,
      side: 'SELL',
      quantity: 75,
      price: 100,
      tradedAt: '2026-01-05T03:50:00.000Z', // 09:20 IST
      tradeDate: '2026-01-05',
      product: null,
      source: 'console',
    });
    expect(trades[2]).toMatchObject({ underlying: 'BANKNIFTY', kind: 'PE', strike: 60000 });
  });

  it('reads equity rows as their own underlying', () => {
    expect(
      csvTrades('tradebook-ZR1234-EQ.csv').map((t) => [
        t.exchange,
        t.underlying,
        t.kind,
        t.side,
        t.quantity,
      ]),
    ).toEqual([
      ['NSE', 'INFY', 'EQ', 'BUY', 10],
      ['NSE', 'INFY', 'EQ', 'SELL', 4],
    ]);
  });

  it('refuses a file with a malformed row, naming the line and the field', () => {
    const attempt = () =>
      parseTradebookCsv('tradebook-ZR1234-bad.csv', text('tradebook-ZR1234-bad.csv'));
    expect(attempt).toThrow(TradebookError);
    expect(attempt).toThrow(
      'tradebook-ZR1234-bad.csv was not imported — line 3, quantity: "ten" is not a number',
    );
  });

  it.each([
    ['an unknown side', 'trade_type', 'hold', 'line 2, trade_type: "hold" is neither buy nor sell'],
    ['a bad date', 'trade_date', '2026-02-30', 'line 2, trade_date: is not a date'],
    ['a negative price', 'price', '-1', 'line 2, price: -1 must be at least zero'],
    ['no trade id', 'trade_id', '', 'line 2, trade_id: is empty'],
  ])('refuses %s', (_label, column, value, message) => {
    const header =
      'symbol,isin,trade_date,exchange,segment,series,trade_type,auction,quantity,price,trade_id,order_id,order_execution_time';
    const cells: Record<string, string> = {
      symbol: 'INFY',
      isin: 'INE009A01021',
      trade_date: '2026-01-05',
      exchange: 'NSE',
      segment: 'EQ',
      series: 'EQ',
      trade_type: 'buy',
      auction: 'false',
      quantity: '1',
      price: '1500',
      trade_id: '1',
      order_id: '2',
      order_execution_time: '2026-01-05T10:00:00',
    };
    cells[column] = value;
    const row = header
      .split(',')
      .map((name) => cells[name] ?? '')
      .join(',');
    expect(() => parseTradebookCsv('t.csv', `${header}\n${row}\n`)).toThrow(message);
  });

  it('refuses a file that is not a tradebook at all', () => {
    expect(() => parseTradebookCsv('notes.csv', 'date,amount\n2026-01-01,5\n')).toThrow(
      'notes.csv was not imported — no header row',
    );
    const header = text('tradebook-ZR1234-EQ.csv').split('\n')[0] ?? '';
    expect(() => parseTradebookCsv('q.csv', `${header}\n"INFY,1\n`)).toThrow(
      'q.csv was not imported — line 2: a quoted field is never closed',
    );
  });
});

describe('Console tradebook .xlsx (built by tests/fixtures/journal/make-xlsx.py)', () => {
  it('finds the header below the preamble, the client id above it, and serial dates', () => {
    const bytes = readFileSync(join(FIXTURES, 'tradebook-ZR1234-FO.xlsx'));
    const book = parseTradebookFile({
      name: 'tradebook-ZR1234-FO.xlsx',
      encoding: 'base64',
      contents: bytes.toString('base64'),
    });
    expect(book.kiteUserId).toBe('ZR1234');
    const csv = csvTrades('tradebook-ZR1234-FO.csv');
    // Same three fills as the first three CSV rows, whether dates were text or serials.
    expect(tradeRecords(book.trades)).toEqual(csv.slice(0, 3));
  });

  it('refuses bytes that are not a workbook', () => {
    expect(() =>
      parseTradebookFile({ name: 'x.xlsx', encoding: 'base64', contents: 'bm90IGEgemlw' }),
    ).toThrow('x.xlsx was not imported — is not a readable .xlsx workbook');
  });
});
