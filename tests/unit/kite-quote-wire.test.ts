import { describe, expect, it } from 'vitest';
import { QuoteMapSchema } from '../../src-main/market/kite-wire';

/**
 * A /quote entry shaped as Kite Connect v3's documentation shows it (market quotes: full quote
 * with depth), trimmed to two depth levels a side.
 */
const INFY = {
  instrument_token: 408065,
  timestamp: '2021-06-08 15:45:56',
  last_trade_time: '2021-06-08 15:45:52',
  last_price: 1412.95,
  last_quantity: 5,
  buy_quantity: 0,
  sell_quantity: 5191,
  volume: 7360198,
  average_price: 1412.47,
  oi: 0,
  oi_day_high: 0,
  oi_day_low: 0,
  net_change: 0,
  lower_circuit_limit: 1250.7,
  upper_circuit_limit: 1528.6,
  ohlc: { open: 1396, high: 1421.75, low: 1395.55, close: 1389.65 },
  depth: {
    buy: [
      { price: 0, quantity: 0, orders: 0 },
      { price: 0, quantity: 0, orders: 0 },
    ],
    sell: [
      { price: 1412.95, quantity: 5191, orders: 13 },
      { price: 0, quantity: 0, orders: 0 },
    ],
  },
};

describe('/quote entries', () => {
  it('reads a documented entry: zero levels are no bid, the first live level is the offer', () => {
    const quotes = QuoteMapSchema.parse({ 'NSE:INFY': INFY });
    const quote = quotes['NSE:INFY'];
    expect(quote).toMatchObject({
      instrumentToken: 408065,
      lastPrice: 1412.95,
      volume: 7360198,
      ohlc: { open: 1396, high: 1421.75, low: 1395.55, close: 1389.65 },
      bestBid: null,
      bestAsk: { price: 1412.95, quantity: 5191, orders: 13 },
    });
    // 15:45:56 IST is 10:15:56 UTC.
    expect(quote?.timestamp?.toISOString()).toBe('2021-06-08T10:15:56.000Z');
  });

  it('takes missing optional numbers as 0 and a missing book as empty', () => {
    const bare = {
      instrument_token: 1,
      last_price: 10,
      ohlc: { open: 1, high: 2, low: 0.5, close: 1.5 },
    };
    const quote = QuoteMapSchema.parse({ 'NFO:X': bare })['NFO:X'];
    expect(quote).toMatchObject({ volume: 0, openInterest: 0, bestBid: null, bestAsk: null });
    expect(quote?.timestamp).toBeNull();
  });

  it('drops only the malformed entries of a reply', () => {
    const quotes = QuoteMapSchema.parse({
      'NSE:INFY': INFY,
      'NSE:PRICE': { ...INFY, last_price: '1412.95' },
      'NSE:LEVEL': { ...INFY, depth: { buy: [null], sell: [] } },
      'NSE:OHLC': { ...INFY, ohlc: null },
      'NSE:TIME': { ...INFY, timestamp: 1623147356 },
      'NSE:NULL': null,
    });
    expect(Object.keys(quotes)).toEqual(['NSE:INFY']);
  });
});
