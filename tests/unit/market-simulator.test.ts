import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { QUOTE_BATCH_LIMIT, quoteInBatches, type Quote } from '../../src-main/market/broker';
import { dayNumberFromIso, istInstant, weekdayOf } from '../../src-main/market/dates';
import { FnoUniverse } from '../../src-main/market/fno-universe';
import { parseInstrumentCsv } from '../../src-main/market/instrument-csv';
import { type InstrumentTable, KITE_INSTRUMENT_COLUMNS } from '../../src-main/market/instruments';
import { SimulatorBroker } from '../../src-main/market/simulator-broker';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { yearsToExpiry } from '../../src-main/market/simulator/quotes';

/** 10:30 IST on a Wednesday, and the same day at 14:45. */
const MORNING = istInstant(dayNumberFromIso('2025-12-10'), 10, 30);
const AFTERNOON = istInstant(dayNumberFromIso('2025-12-10'), 14, 45);
const signal = new AbortController().signal;

function brokerAt(simulator: MarketSimulator, at: Date) {
  return new SimulatorBroker({ simulator, clock: createManualClock(at) });
}

describe('MarketSimulator instrument list', () => {
  const simulator = new MarketSimulator({ seed: 7 });

  it("has exactly Kite's CSV columns and parses back row for row", () => {
    const csv = simulator.instrumentCsv(MORNING);
    expect(csv.slice(0, csv.indexOf('\n'))).toBe(KITE_INSTRUMENT_COLUMNS.join(','));
    const parsed = parseInstrumentCsv(csv);
    expect(parsed.skippedRows).toBe(0);
    expect(parsed.columns.count).toBe(simulator.contracts(MORNING).contracts.length);
    expect(parsed.columns.count).toBeGreaterThan(30_000);
  });

  it('lists about 210 stocks and the five NSE indices with their spot rows', () => {
    const universe = new FnoUniverse(simulator.instrumentTable(MORNING));
    const indices = universe.underlyings().filter((u) => u.kind === 'index');
    const stocks = universe.underlyings().filter((u) => u.kind === 'stock');
    expect(indices.map((u) => u.underlying).sort()).toEqual([
      'BANKNIFTY',
      'FINNIFTY',
      'MIDCPNIFTY',
      'NIFTY',
      'NIFTYNXT50',
    ]);
    expect(universe.underlying('BANKNIFTY')?.spotKey).toBe('NSE:NIFTY BANK');
    expect(stocks.length).toBeGreaterThanOrEqual(200);
    expect(universe.underlying('RELIANCE')).toMatchObject({
      companyName: 'RELIANCE INDUSTRIES',
      spotKey: 'NSE:RELIANCE',
      lotSize: 500,
    });
    const table = simulator.instrumentTable(MORNING);
    const nifty = table.row(table.indexOf('NSE:NIFTY 50'));
    expect(nifty).toMatchObject({ instrumentToken: 256265, segment: 'INDICES', lotSize: 0 });
  });

  it('lists weekly NIFTY and monthly stock expiries on Tuesdays, named the way Kite names them', () => {
    const table = simulator.instrumentTable(MORNING);
    const universe = new FnoUniverse(table);
    const niftyExpiries = universe.expiries('NIFTY');
    expect(niftyExpiries.length).toBeGreaterThanOrEqual(6);
    expect(niftyExpiries.map((e) => e.expiry).slice(0, 4)).toEqual([
      '2025-12-16',
      '2025-12-23',
      '2025-12-30',
      '2026-01-06',
    ]);
    expect(niftyExpiries.find((e) => e.expiry === '2025-12-30')?.isMonthly).toBe(true);
    for (const { expiry } of niftyExpiries) expect(weekdayOf(dayNumberFromIso(expiry))).toBe(2);
    const relianceExpiries = universe.expiries('RELIANCE').map((e) => e.expiry);
    expect(relianceExpiries).toEqual(['2025-12-30', '2026-01-27', '2026-02-24']);

    const weekly = universe.chain('NIFTY', '2025-12-16');
    const monthly = universe.chain('RELIANCE', '2025-12-30');
    const weeklySymbol = table.tradingsymbol(weekly[10]?.callRow ?? -1);
    const monthlySymbol = table.tradingsymbol(monthly[10]?.putRow ?? -1);
    expect(weeklySymbol).toMatch(/^NIFTY25D16\d+CE$/);
    expect(monthlySymbol).toMatch(/^RELIANCE25DEC\d+PE$/);
    expect(table.tradingsymbol(universe.futureRow('NIFTY', '2025-12-30') ?? -1)).toBe(
      'NIFTY25DECFUT',
    );
  });

  it('moves an expiry that falls on an exchange holiday to the trading day before', () => {
    // 31 March 2026 is a Tuesday and an NSE holiday: March's monthly expiry is Monday the 30th.
    const universe = new FnoUniverse(
      simulator.instrumentTable(istInstant(dayNumberFromIso('2026-03-02'), 11, 0)),
    );
    expect(universe.expiries('TCS').map((e) => e.expiry)).toEqual([
      '2026-03-30',
      '2026-04-28',
      '2026-05-26',
    ]);
  });

  it('lists strikes at the usual steps around the previous close', () => {
    const universe = new FnoUniverse(simulator.instrumentTable(MORNING));
    const strikes = universe.chain('NIFTY', '2025-12-16').map((s) => s.strike);
    expect(strikes.every((s) => s % 50 === 0)).toBe(true);
    expect(strikes.length).toBeGreaterThan(100);
    const bank = universe.chain('BANKNIFTY', '2025-12-30').map((s) => s.strike);
    expect(bank.every((s) => s % 100 === 0)).toBe(true);
  });
});

describe('MarketSimulator determinism', () => {
  it('produces the same list and quotes for the same seed and instant, and moves with time', async () => {
    const a = brokerAt(new MarketSimulator({ seed: 11 }), MORNING);
    const b = brokerAt(new MarketSimulator({ seed: 11 }), MORNING);
    const other = brokerAt(new MarketSimulator({ seed: 12 }), MORNING);
    const later = brokerAt(new MarketSimulator({ seed: 11 }), AFTERNOON);
    const table = await a.instruments({}, signal);
    const keys = Array.from({ length: 200 }, (_, i) => table.instrumentKey((i * 211) % table.size));
    expect(await a.quote(keys, signal)).toEqual(await b.quote(keys, signal));
    const spot = ['NSE:NIFTY 50', 'NSE:RELIANCE', 'NSE:HDFCBANK'];
    const now = await a.ltp(spot, signal);
    expect(await other.ltp(spot, signal)).not.toEqual(now);
    expect(await later.ltp(spot, signal)).not.toEqual(now);
  });

  it('shows the last session on a weekend', async () => {
    const simulator = new MarketSimulator({ seed: 3 });
    const fridayClose = istInstant(dayNumberFromIso('2025-12-12'), 15, 30);
    const saturday = istInstant(dayNumberFromIso('2025-12-13'), 11, 0);
    const keys = ['NSE:NIFTY 50', 'NSE:INFY'];
    expect(simulator.quotes(keys, saturday)).toEqual(simulator.quotes(keys, fridayClose));
  });
});

interface ChainQuote {
  readonly strike: number;
  readonly call: Quote;
  readonly put: Quote;
}

async function chainQuotes(
  broker: SimulatorBroker,
  table: InstrumentTable,
  underlying: string,
  expiry: string,
): Promise<ChainQuote[]> {
  const chain = new FnoUniverse(table).chain(underlying, expiry);
  const keys = chain.flatMap((s) => [
    table.instrumentKey(s.callRow ?? -1),
    table.instrumentKey(s.putRow ?? -1),
  ]);
  const quotes = await quoteInBatches(broker, keys, signal);
  return chain.map((s) => {
    const call = quotes.get(table.instrumentKey(s.callRow ?? -1));
    const put = quotes.get(table.instrumentKey(s.putRow ?? -1));
    if (call === undefined || put === undefined)
      throw new Error(`no quote for ${underlying} ${s.strike}`);
    return { strike: s.strike, call, put };
  });
}

describe('MarketSimulator option chains', () => {
  const simulator = new MarketSimulator({ seed: 2025 });
  const cases = ['NIFTY', 'BANKNIFTY', 'MIDCPNIFTY', 'RELIANCE', 'IDEA', 'PAGEIND', 'DIXON'];

  it('prices every chain sanely: no negatives, bid ≤ ask, monotone in strike, parity within the spread', async () => {
    let checked = 0;
    for (const at of [MORNING, AFTERNOON]) {
      const broker = brokerAt(simulator, at);
      const table = await broker.instruments({ exchange: 'NFO' }, signal);
      const spotTable = await broker.instruments({}, signal);
      const universe = new FnoUniverse(spotTable);
      for (const underlying of cases) {
        const info = universe.underlying(underlying);
        const spotKey = info?.spotKey ?? '';
        const spot = (await broker.ltp([spotKey], signal)).get(spotKey)?.lastPrice ?? Number.NaN;
        expect(spot).toBeGreaterThan(0);
        for (const { expiry } of universe.expiries(underlying)) {
          const chain = await chainQuotes(broker, table, underlying, expiry);
          const years = yearsToExpiry(dayNumberFromIso(expiry), at);
          for (let i = 0; i < chain.length; i++) {
            const { strike, call, put } = chain[i] as ChainQuote;
            for (const q of [call, put]) {
              for (const price of [
                q.lastPrice,
                q.ohlc.open,
                q.ohlc.high,
                q.ohlc.low,
                q.ohlc.close,
                q.bestBid?.price ?? 0,
                q.bestAsk?.price ?? 0,
              ]) {
                expect(price).toBeGreaterThanOrEqual(0);
              }
              if (q.bestBid !== null && q.bestAsk !== null)
                expect(q.bestBid.price).toBeLessThanOrEqual(q.bestAsk.price);
              expect(q.volume).toBeGreaterThanOrEqual(0);
              expect(q.openInterest).toBeGreaterThanOrEqual(0);
            }
            const previous = chain[i - 1];
            if (previous !== undefined) {
              expect(call.lastPrice, `${underlying} ${expiry} ${strike}CE`).toBeLessThanOrEqual(
                previous.call.lastPrice,
              );
              expect(put.lastPrice, `${underlying} ${expiry} ${strike}PE`).toBeGreaterThanOrEqual(
                previous.put.lastPrice,
              );
            }
            const parity = spot - strike * Math.exp(-simulator.riskFreeRate * years);
            const callBid = call.bestBid?.price ?? 0;
            const putBid = put.bestBid?.price ?? 0;
            const callAsk = call.bestAsk?.price ?? Number.POSITIVE_INFINITY;
            const putAsk = put.bestAsk?.price ?? Number.POSITIVE_INFINITY;
            expect(callBid - putAsk, `${underlying} ${expiry} ${strike}`).toBeLessThanOrEqual(
              parity + 1e-6,
            );
            expect(callAsk - putBid, `${underlying} ${expiry} ${strike}`).toBeGreaterThanOrEqual(
              parity - 1e-6,
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('has liquid strikes near the money and illiquid far strikes with no bid and no trades', async () => {
    const broker = brokerAt(simulator, MORNING);
    const table = await broker.instruments({ exchange: 'NFO' }, signal);
    const chain = await chainQuotes(broker, table, 'RELIANCE', '2026-02-24');
    const illiquid = chain.filter((s) => s.call.bestBid === null && s.call.volume === 0);
    const liquid = chain.filter((s) => s.call.bestBid !== null && s.call.volume > 0);
    expect(illiquid.length).toBeGreaterThan(0);
    expect(liquid.length).toBeGreaterThan(0);
    expect(illiquid.every((s) => s.call.lastTradeTime === null)).toBe(true);
    const spreadPct = (q: Quote): number => {
      const bid = q.bestBid?.price ?? 0;
      const ask = q.bestAsk?.price ?? 0;
      return ((ask - bid) / ((ask + bid) / 2)) * 100;
    };
    const byDistance = [...liquid].sort((x, y) => y.call.lastPrice - x.call.lastPrice);
    const nearest = byDistance.at(-1);
    const farthest = byDistance[0];
    expect(nearest === undefined || farthest === undefined).toBe(false);
    if (nearest !== undefined && farthest !== undefined) {
      expect(spreadPct(nearest.call)).toBeGreaterThan(spreadPct(farthest.call));
    }
  });

  it('refuses more than 500 instruments per quote call, like Kite', async () => {
    const broker = brokerAt(simulator, MORNING);
    const keys = Array.from({ length: QUOTE_BATCH_LIMIT + 1 }, (_, i) => `NFO:X${i}`);
    await expect(broker.quote(keys, signal)).rejects.toMatchObject({ code: 'BROKER_ERROR' });
  });

  it('has a small demo book of short options', async () => {
    const broker = brokerAt(simulator, AFTERNOON);
    const positions = await broker.positions(signal);
    expect(positions.net.length).toBe(2);
    expect(positions.net.every((p) => p.quantity < 0)).toBe(true);
    expect((await broker.orders(signal)).every((o) => o.status === 'COMPLETE')).toBe(true);
    expect((await broker.trades(signal)).length).toBe(2);
  });
});
