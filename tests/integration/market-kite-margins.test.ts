/**
 * The Kite client's margin calculator and quote parsing against replies written from Kite's
 * documentation (kite.trade/docs/connect/v3/margins/ and /market-quotes/), served by a bare
 * loopback HTTP server: nothing here comes from Premia's simulator.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { KiteBroker } from '../../src-main/market/kite-broker';
import { marginBatches, MARGIN_PAYLOAD_LIMIT_BYTES } from '../../src-main/market/margins';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import { profileId } from './kite-fixture';

/** Kite's margin block for a one-lot NIFTY call sold NRML (values from Kite's forum example). */
const SOLD_CALL = {
  type: 'equity',
  tradingsymbol: 'NIFTY25JUL25700CE',
  exchange: 'NFO',
  span: 159005.25,
  exposure: 38523,
  option_premium: 0,
  additional: 0,
  bo: 0,
  cash: 0,
  var: 0,
  pnl: { realised: 0, unrealised: 0 },
  leverage: 1,
  charges: {
    transaction_tax: 17.40375,
    transaction_tax_type: 'stt',
    exchange_turnover_charge: 6.1835523750000005,
    sebi_turnover_charge: 0.01740375,
    brokerage: 20,
    stamp_duty: 0,
    gst: { igst: 4.716172102499999, cgst: 0, sgst: 0, total: 4.716172102499999 },
    total: 48.3208782275,
  },
  total: 197528.25,
};

/** /quote's documented full-quote shape; the second entry is broken (a null depth level). */
const QUOTE_REPLY = {
  status: 'success',
  data: {
    'NFO:NIFTY25JUL25700CE': {
      instrument_token: 12345666,
      timestamp: '2025-07-10 10:15:00',
      last_trade_time: '2025-07-10 10:14:58',
      last_price: 155.2,
      last_quantity: 75,
      buy_quantity: 120000,
      sell_quantity: 98000,
      volume: 5250000,
      average_price: 149.8,
      oi: 1250000,
      oi_day_high: 1300000,
      oi_day_low: 1100000,
      net_change: 0,
      lower_circuit_limit: 0.05,
      upper_circuit_limit: 600.5,
      ohlc: { open: 140, high: 160.5, low: 138.1, close: 142.35 },
      depth: {
        buy: [
          { price: 155.1, quantity: 750, orders: 3 },
          { price: 155, quantity: 1500, orders: 5 },
          { price: 154.95, quantity: 75, orders: 1 },
          { price: 154.9, quantity: 300, orders: 2 },
          { price: 154.85, quantity: 150, orders: 1 },
        ],
        sell: [
          { price: 155.3, quantity: 600, orders: 2 },
          { price: 155.35, quantity: 75, orders: 1 },
          { price: 155.4, quantity: 900, orders: 4 },
          { price: 155.45, quantity: 150, orders: 1 },
          { price: 155.5, quantity: 225, orders: 2 },
        ],
      },
    },
    'NFO:NIFTY25JUL25800CE': {
      instrument_token: 12345667,
      timestamp: '2025-07-10 10:15:00',
      last_price: 'not a number',
      ohlc: { open: 100, high: 110, low: 95, close: 101 },
      depth: { buy: [null], sell: [] },
    },
  },
};

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let root: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      received.push({
        method: req.method ?? '',
        path: url.pathname,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply =
        url.pathname === '/margins/orders'
          ? { status: 'success', data: [SOLD_CALL, { ...SOLD_CALL, total: 'n/a' }] }
          : QUOTE_REPLY;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  root = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function broker(): KiteBroker {
  return new KiteBroker({
    profileId: profileId('profile0001'),
    credentials: { apiKey: 'apikey123', accessToken: 'token123456' },
    limiters: new RateLimiterRegistry({ quotePerSecond: 50, otherPerSecond: 50 }),
    tokenStore: { markExpired: () => undefined },
    clock: systemClock,
    apiRoot: root,
    logger: createMemoryLogger(),
    retry: { maxAttempts: 1 },
  });
}

describe('Kite margin calculator and quotes, from documented replies', () => {
  it('posts one-lot SELL orders as JSON and reads each order’s total; a malformed block costs only its order', async () => {
    received.length = 0;
    const margins = await broker().orderMargins(
      [
        { exchange: 'NFO', tradingsymbol: 'NIFTY25JUL25700CE', quantity: 75, price: 120.5 },
        { exchange: 'NFO', tradingsymbol: 'NIFTY25JUL25700CE', quantity: 75, price: 120.5 },
      ],
      new AbortController().signal,
    );
    expect(margins[0]).toEqual({
      exchange: 'NFO',
      tradingsymbol: 'NIFTY25JUL25700CE',
      span: 159005.25,
      exposure: 38523,
      optionPremium: 0,
      total: 197528.25,
    });
    expect(margins[1]).toBeNull();
    const request = received[0];
    expect(request).toMatchObject({ method: 'POST', path: '/margins/orders' });
    expect(request?.contentType).toBe('application/json');
    expect(JSON.parse(request?.body ?? '[]')[0]).toEqual({
      exchange: 'NFO',
      tradingsymbol: 'NIFTY25JUL25700CE',
      transaction_type: 'SELL',
      variety: 'regular',
      product: 'NRML',
      order_type: 'LIMIT',
      quantity: 75,
      price: 120.5,
      trigger_price: 0,
    });
    // Hand-computed return on that margin: 120.5 × 75 / 197,528.25 = 4.5753 %.
    expect(((120.5 * 75) / (margins[0]?.total ?? 1)) * 100).toBeCloseTo(4.5753, 4);
  });

  it('keeps the good entries of a /quote reply when one entry is malformed', async () => {
    const quotes = await broker().quote(
      ['NFO:NIFTY25JUL25700CE', 'NFO:NIFTY25JUL25800CE'],
      new AbortController().signal,
    );
    expect([...quotes.keys()]).toEqual(['NFO:NIFTY25JUL25700CE']);
    expect(quotes.get('NFO:NIFTY25JUL25700CE')?.bestBid?.price).toBe(155.1);
    expect(quotes.get('NFO:NIFTY25JUL25700CE')?.ohlc.close).toBe(142.35);
  });

  it('splits orders into request bodies below Kite’s ~100 kB cap', () => {
    const orders = Array.from({ length: 2000 }, (_, i) => ({
      exchange: 'NFO',
      tradingsymbol: `BANKNIFTY25JUL${50000 + i * 100}CE`,
      quantity: 35,
      price: 123.45,
    }));
    const batches = marginBatches(orders);
    expect(batches.flat()).toHaveLength(2000);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const bytes = Buffer.byteLength(
        JSON.stringify(
          batch.map((o) => ({
            exchange: o.exchange,
            tradingsymbol: o.tradingsymbol,
            transaction_type: 'SELL',
            variety: 'regular',
            product: 'NRML',
            order_type: 'LIMIT',
            quantity: o.quantity,
            price: o.price,
            trigger_price: 0,
          })),
        ),
      );
      expect(bytes).toBeLessThanOrEqual(MARGIN_PAYLOAD_LIMIT_BYTES);
    }
  });
});
