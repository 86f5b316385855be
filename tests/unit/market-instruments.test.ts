import { gzipSync } from 'node:zlib';
import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { resolveWorkerScript } from '../../src-main/app/worker-script';
import { FnoUniverse } from '../../src-main/market/fno-universe';
import { InstrumentCsvError, parseInstrumentCsv } from '../../src-main/market/instrument-csv';
import type { Instrument } from '../../src-main/domain/instrument';
import { formatInstrumentCsv, InstrumentTable } from '../../src-main/market/instruments';
import type { InstrumentsTaskResult } from '../../src-main/market/instruments-task';
import { optionTradingsymbol } from '../../src-main/market/tradingsymbol';
import { dayNumberFromIso } from '../../src-main/market/dates';

/** A few rows the way Kite's dump writes them. */
const KITE_DUMP = [
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange',
  '256265,1001,NIFTY 50,NIFTY 50,0.0,,0.0,0.0,0,EQ,INDICES,NSE',
  '738561,2885,RELIANCE,RELIANCE INDUSTRIES,0.0,,0.0,0.1,1,EQ,NSE,NSE',
  '12345602,48225,NIFTY25D0925800CE,NIFTY,0.0,2025-12-09,25800.0,0.05,75,CE,NFO-OPT,NFO',
  '12345858,48226,NIFTY25D0925800PE,NIFTY,0.0,2025-12-09,25800.0,0.05,75,PE,NFO-OPT,NFO',
  '12346114,48227,NIFTY25DEC25800CE,NIFTY,0.0,2025-12-30,25800.0,0.05,75,CE,NFO-OPT,NFO',
  '12346370,48228,NIFTY25DECFUT,NIFTY,0.0,2025-12-30,0.0,0.1,75,FUT,NFO-FUT,NFO',
  '12346626,48229,RELIANCE25DEC1500PE,RELIANCE,0.0,2025-12-30,1500.0,0.05,500,PE,NFO-OPT,NFO',
  '12346882,48230,RELIANCE26MAR1500PE,RELIANCE,0.0,2026-03-30,1500.0,0.05,500,PE,NFO-OPT,NFO',
  '',
].join('\n');

describe('parseInstrumentCsv', () => {
  it("reads Kite's dump into columns", () => {
    const { columns, skippedRows } = parseInstrumentCsv(KITE_DUMP);
    expect(skippedRows).toBe(0);
    const table = new InstrumentTable(columns);
    expect(table.size).toBe(8);
    expect(table.row(2)).toEqual({
      instrumentToken: 12345602,
      exchangeToken: 48225,
      tradingsymbol: 'NIFTY25D0925800CE',
      name: 'NIFTY',
      lastPrice: 0,
      expiry: '2025-12-09',
      strike: 25800,
      tickSize: 0.05,
      lotSize: 75,
      instrumentType: 'CE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
    expect(table.row(0).expiry).toBeNull();
    expect(table.indexOf('NSE:RELIANCE')).toBe(1);
    expect(table.indexOf('NFO:NOPE')).toBe(-1);
  });

  it('reads gzipped bytes, plain bytes, CRLF line ends and quoted fields alike', () => {
    const quoted = KITE_DUMP.replace(
      'RELIANCE INDUSTRIES',
      '"RELIANCE INDUSTRIES, ""RIL"""',
    ).replaceAll('\n', '\r\n');
    const fromGzip = parseInstrumentCsv(gzipSync(quoted));
    const fromBytes = parseInstrumentCsv(new TextEncoder().encode(quoted));
    const table = new InstrumentTable(fromGzip.columns);
    expect(table.name(1)).toBe('RELIANCE INDUSTRIES, "RIL"');
    expect(table.tradingsymbol(7)).toBe('RELIANCE26MAR1500PE');
    expect(fromBytes.columns).toEqual(fromGzip.columns);
  });

  it('skips and reports unreadable rows instead of failing the list', () => {
    const damaged = `${KITE_DUMP}abc,1,X,X,0,,0,0,1,EQ,NSE,NSE\n1,2,short row\n99,1,BAD,BAD,0,2025-13-45,0,0,1,EQ,NSE,NSE\n`;
    const parsed = parseInstrumentCsv(damaged);
    expect(parsed.columns.count).toBe(8);
    expect(parsed.skippedRows).toBe(3);
    expect(parsed.problems.join(' | ')).toMatch(
      /instrument_token "abc".*fields instead of 12.*expiry "2025-13-45"/,
    );
  });

  it('refuses a file that is not an instrument list', () => {
    expect(() => parseInstrumentCsv('')).toThrow(InstrumentCsvError);
    expect(() => parseInstrumentCsv('<html>Gateway timeout</html>')).toThrow(
      /no "instrument_token" column/,
    );
  });

  it('round-trips formatInstrumentCsv', () => {
    const table = new InstrumentTable(parseInstrumentCsv(KITE_DUMP).columns);
    const again = parseInstrumentCsv(formatInstrumentCsv(table.rows()));
    expect(again.columns).toEqual(table.columns);
  });
});

function syntheticDump(rows: number): string {
  const instruments: Instrument[] = [];
  const expiry = dayNumberFromIso('2025-12-30');
  for (let i = 0; i < rows; i++) {
    const strike = 1000 + (i >> 1) * 5;
    const right = i % 2 === 0 ? 'CE' : 'PE';
    instruments.push({
      instrumentToken: 100_000 + i,
      exchangeToken: 400 + i,
      tradingsymbol: optionTradingsymbol(`STK${i % 97}`, expiry, true, strike, right),
      name: `STK${i % 97}`,
      lastPrice: 0,
      expiry: '2025-12-30',
      strike,
      tickSize: 0.05,
      lotSize: 250,
      instrumentType: right,
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
  }
  return formatInstrumentCsv(instruments);
}

describe('instruments task in the piscina pool', () => {
  it('parses a 100k-row gzipped dump in a worker and moves the columns back', async () => {
    const script = resolveWorkerScript(
      new URL('../../src-main/market/instruments-task.ts', import.meta.url),
    );
    const pool = new Piscina({ filename: script.filename, argv: [...script.argv], maxThreads: 1 });
    try {
      const dump = gzipSync(syntheticDump(100_000));
      const result = (await pool.run(dump)) as InstrumentsTaskResult;
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const table = new InstrumentTable(result.columns);
      expect(table.size).toBe(100_000);
      expect(result.columns.strike).toBeInstanceOf(Float64Array);
      expect(table.row(99_999)).toMatchObject({
        instrumentToken: 199_999,
        lotSize: 250,
        instrumentType: 'PE',
      });
      const failed = (await pool.run('not,a,dump\n')) as InstrumentsTaskResult;
      expect(failed).toEqual({ ok: false, message: expect.stringMatching(/instrument_token/) });
    } finally {
      await pool.destroy();
    }
  });
});

describe('FnoUniverse', () => {
  const universe = new FnoUniverse(new InstrumentTable(parseInstrumentCsv(KITE_DUMP).columns));

  it('takes expiries from the list, whatever weekday they fall on', () => {
    expect(universe.expiries('NIFTY')).toEqual([
      { expiry: '2025-12-09', isMonthly: false, optionCount: 2 },
      { expiry: '2025-12-30', isMonthly: true, optionCount: 1 },
    ]);
    // A Monday: the list says so (31 March 2026 is a holiday), so that is the expiry.
    expect(universe.expiries('RELIANCE').map((e) => e.expiry)).toEqual([
      '2025-12-30',
      '2026-03-30',
    ]);
    expect(universe.expiries('UNKNOWN')).toEqual([]);
  });

  it('builds chains and describes underlyings', () => {
    expect(universe.chain('NIFTY', '2025-12-09')).toEqual([
      { strike: 25800, callRow: 2, putRow: 3 },
    ]);
    expect(universe.futureRow('NIFTY', '2025-12-30')).toBe(5);
    expect(universe.underlyings()).toEqual([
      {
        underlying: 'NIFTY',
        kind: 'index',
        companyName: 'NIFTY 50',
        spotKey: 'NSE:NIFTY 50',
        lotSize: 75,
      },
      {
        underlying: 'RELIANCE',
        kind: 'stock',
        companyName: 'RELIANCE INDUSTRIES',
        spotKey: 'NSE:RELIANCE',
        lotSize: 500,
      },
    ]);
  });
});
