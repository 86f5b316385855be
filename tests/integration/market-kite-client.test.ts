import { Piscina } from 'piscina';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveWorkerScript } from '../../src-main/app/worker-script';
import { pooledInstrumentParser } from '../../src-main/market/pooled-instrument-parser';
import { QUOTE_BATCH_LIMIT } from '../../src-main/market/broker';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import type { FakeInstrument } from '../fake-kite/book';
import type { DepthLevel } from '../fake-kite/market';
import { fakeFill } from '../fake-kite/portfolio-minimal';
import { FAKE_KITE_USER } from '../fake-kite/session';
import { ACCESS_TOKEN, kiteFixture, profileId, type KiteFixture } from './kite-fixture';

const signal = new AbortController().signal;
let f: KiteFixture;

beforeEach(async () => {
  f = await kiteFixture();
});
afterEach(async () => {
  await f.close();
});

/** The fake market's own listing of a row, in the broker's terms (the reference for the client). */
function listed(instrument: FakeInstrument): Record<string, unknown> {
  return {
    instrumentToken: instrument.instrumentToken,
    exchangeToken: instrument.exchangeToken,
    tradingsymbol: instrument.tradingsymbol,
    name: instrument.name,
    lastPrice: instrument.lastPrice,
    expiry: instrument.expiry === '' ? null : instrument.expiry,
    strike: instrument.strike,
    tickSize: instrument.tickSize,
    lotSize: instrument.lotSize,
    instrumentType: instrument.instrumentType,
    segment: instrument.segment,
    exchange: instrument.exchange,
  };
}

/** A Kite depth level of price 0 means "nobody at this level". */
function bestOf(levels: readonly DepthLevel[]): DepthLevel | null {
  const level = levels[0];
  return level !== undefined && level.price > 0 ? level : null;
}

describe('KiteBroker against the loopback Kite server', () => {
  it('reads instruments, quotes and the portfolio as the fake market has them', async () => {
    const broker = f.broker();
    const now = f.clock.now();
    const book = f.kite.market.book(now);
    const table = await broker.instruments({}, signal);
    expect(table.size).toBe(book.instruments.length);
    for (const row of [0, 1, 4, 1000, table.size - 1]) {
      const instrument = book.instruments[row];
      if (instrument === undefined) throw new Error(`the fake book has no row ${row}`);
      expect(table.row(row)).toEqual(listed(instrument));
    }
    const nfo = await broker.instruments({ exchange: 'NFO' }, signal);
    expect(nfo.size).toBe(book.instruments.filter((i) => i.exchange === 'NFO').length);

    const nearest = book.monthlies[0];
    const chain = book.instruments.filter((i) => i.name === 'NIFTY' && i.expiry === nearest);
    const mahindra = book.instruments.find((i) => i.name === 'M&M' && i.instrumentType === 'CE');
    const keys = [...chain, ...(mahindra === undefined ? [] : [mahindra])].map(
      (i) => `${i.exchange}:${i.tradingsymbol}`,
    );
    keys.push('NSE:NIFTY 50', 'NSE:RELIANCE', 'NFO:NOT-LISTED');
    const quotes = await broker.quote(keys, signal);
    expect(quotes.size).toBe(keys.length - 1);
    for (const key of keys.slice(0, -1)) {
      const wire = f.kite.market.quote(key, now);
      if (wire === undefined) throw new Error(`the fake market does not list ${key}`);
      expect(quotes.get(key)).toMatchObject({
        instrumentToken: wire.instrument_token,
        lastPrice: wire.last_price,
        volume: wire.volume,
        openInterest: wire.oi,
        ohlc: wire.ohlc,
        bestBid: bestOf(wire.depth.buy),
        bestAsk: bestOf(wire.depth.sell),
        timestamp: now,
      });
    }
    const ltp = await broker.ltp(keys, signal);
    const ohlc = await broker.ohlc(keys, signal);
    expect(ltp.get('NSE:NIFTY 50')?.lastPrice).toBe(
      f.kite.market.quote('NSE:NIFTY 50', now)?.last_price,
    );
    expect(ohlc.get('NSE:RELIANCE')?.ohlc).toEqual(f.kite.market.quote('NSE:RELIANCE', now)?.ohlc);
    expect(ltp.size).toBe(keys.length - 1);

    expect((await broker.profile(signal)).userId).toBe(FAKE_KITE_USER.user_id);
    const fill = fakeFill(f.kite.market, now);
    const [order] = await broker.orders(signal);
    expect(order).toMatchObject({
      tradingsymbol: fill.option.tradingsymbol,
      transactionType: 'SELL',
      filledQuantity: fill.quantity,
      averagePrice: fill.price,
      orderTimestamp: fill.filledAt,
    });
    const [trade] = await broker.trades(signal);
    expect(trade).toMatchObject({ quantity: fill.quantity, fillTimestamp: fill.filledAt });
    const positions = await broker.positions(signal);
    expect(positions.net).toHaveLength(1);
    expect(positions.net[0]).toMatchObject({
      tradingsymbol: fill.option.tradingsymbol,
      quantity: -fill.quantity,
    });

    for (const request of f.kite.requests) {
      expect(request.kiteVersion).toBe('3');
      expect(request.authorization).toBe(`token ${f.kite.apiKey}:${ACCESS_TOKEN}`);
      expect(request.status).toBe(200);
    }
  });

  it('parses the instrument dump in the piscina pool when given a pooled parser', async () => {
    const script = resolveWorkerScript(
      new URL('../../src-main/market/instruments-task.ts', import.meta.url),
    );
    const pool = new Piscina({ filename: script.filename, argv: [...script.argv], maxThreads: 1 });
    try {
      const broker = f.broker({ parseInstruments: pooledInstrumentParser(pool) });
      const table = await broker.instruments({ exchange: 'NFO' }, signal);
      expect(pool.completed).toBe(1);
      const listedNfo = f.kite.market
        .book(f.clock.now())
        .instruments.filter((i) => i.exchange === 'NFO');
      expect(table.size).toBe(listedNfo.length);
      const sample = listedNfo[100];
      if (sample === undefined) throw new Error('the fake book lists fewer than 101 NFO rows');
      expect(table.row(100)).toEqual(listed(sample));
    } finally {
      await pool.destroy();
    }
  });

  it('logs in with a request_token and the checksum, then logs out', async () => {
    const broker = f.broker({
      credentials: { apiKey: f.kite.apiKey, apiSecret: f.kite.apiSecret },
    });
    await expect(broker.profile(signal)).rejects.toMatchObject({
      code: 'BROKER_TOKEN_EXPIRED',
      message: expect.stringMatching(/log in to Kite/i),
    });
    expect(f.kite.requests).toHaveLength(0);
    const session = await broker.exchangeToken(f.kite.issueRequestToken(), signal);
    expect(f.kite.accessTokens.has(session.accessToken)).toBe(true);
    expect(session).toMatchObject({ userId: FAKE_KITE_USER.user_id, apiKey: f.kite.apiKey });
    expect(broker.tokenStatus).toBe('present');
    expect((await broker.profile(signal)).userId).toBe(FAKE_KITE_USER.user_id);
    await broker.invalidateToken(signal);
    expect(f.kite.accessTokens.has(session.accessToken)).toBe(false);
    expect(broker.tokenStatus).toBe('missing');
    expect(f.expired).toEqual([]);
  });

  it('explains a refused login without marking any token expired', async () => {
    const wrongSecret = f.broker({
      credentials: { apiKey: f.kite.apiKey, apiSecret: 'not-the-secret' },
    });
    await expect(
      wrongSecret.exchangeToken(f.kite.issueRequestToken(), signal),
    ).rejects.toMatchObject({
      code: 'BROKER_ERROR',
      message: expect.stringMatching(/did not accept this login/),
    });
    const broker = f.broker({
      credentials: { apiKey: f.kite.apiKey, apiSecret: f.kite.apiSecret },
    });
    const token = f.kite.issueRequestToken();
    await broker.exchangeToken(token, signal);
    await expect(broker.exchangeToken(token, signal)).rejects.toMatchObject({
      code: 'BROKER_ERROR',
    });
    await expect(broker.exchangeToken('not a token!', signal)).rejects.toMatchObject({
      code: 'BROKER_ERROR',
    });
    expect(f.expired).toEqual([]);
  });

  it('stops at an expired token: marks it expired once, asks to log in again, never retries', async () => {
    const broker = f.broker({
      limiters: new RateLimiterRegistry({ quotePerSecond: 5, otherPerSecond: 10 }),
    });
    f.kite.faults.expireTokens();
    // A scan's worth of queued quote calls: the first 403 must stop the rest before they are sent.
    const calls: Promise<unknown>[] = Array.from({ length: 5 }, () =>
      broker.quote(['NSE:INFY'], signal),
    );
    calls.push(broker.positions(signal));
    for (const outcome of await Promise.allSettled(calls)) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: {
          code: 'BROKER_TOKEN_EXPIRED',
          message: expect.stringMatching(/log in to Kite again/i),
        },
      });
    }
    expect(f.expired).toEqual([profileId('profile0001')]);
    const sent = f.kite.requests.length;
    expect(f.kite.requests.every((r) => r.status === 403)).toBe(true);
    expect(f.kite.requests.filter((r) => r.endpoint === 'quote')).toHaveLength(1);
    await expect(broker.ltp(['NSE:INFY'], signal)).rejects.toMatchObject({
      code: 'BROKER_TOKEN_EXPIRED',
    });
    expect(f.kite.requests).toHaveLength(sent);
    expect(broker.tokenStatus).toBe('rejected');
  });

  it('keeps to 500 instruments per quote; the server refuses more with InputException', async () => {
    const broker = f.broker();
    const keys = Array.from({ length: QUOTE_BATCH_LIMIT + 1 }, (_, i) => `NFO:NIFTY${i}`);
    await expect(broker.quote(keys, signal)).rejects.toMatchObject({ code: 'BROKER_ERROR' });
    expect(f.kite.requests).toHaveLength(0);
    const query = keys.map((k) => `i=${encodeURIComponent(k)}`).join('&');
    const response = await fetch(`${f.kite.url}/quote?${query}`, {
      headers: { 'X-Kite-Version': '3', Authorization: `token ${f.kite.apiKey}:${ACCESS_TOKEN}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 'error', error_type: 'InputException' });
  });

  it('reports garbage as a broker error without retrying it', async () => {
    const broker = f.broker();
    f.kite.faults.malformedJson(1);
    await expect(broker.quote(['NSE:INFY'], signal)).rejects.toMatchObject({
      code: 'BROKER_ERROR',
      kind: 'malformed',
      message: expect.stringMatching(/could not be read: it is not JSON/),
    });
    f.kite.faults.wrongShape(1);
    await expect(broker.positions(signal)).rejects.toMatchObject({
      code: 'BROKER_ERROR',
      message: expect.stringMatching(/expected shape/),
    });
    expect(f.kite.requests.map((r) => r.fault)).toEqual(['malformed-json', 'wrong-shape']);
    expect((await broker.quote(['NSE:INFY'], signal)).size).toBe(1);
  });

  it('maps Kite error types and HTTP codes to error codes', async () => {
    const broker = f.broker();
    await expect(broker.instruments({ exchange: 'nfo; rm' }, signal)).rejects.toMatchObject({
      code: 'BROKER_ERROR',
    });
    const response = await fetch(`${f.kite.url}/nowhere`, {
      headers: { 'X-Kite-Version': '3', Authorization: `token ${f.kite.apiKey}:${ACCESS_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      status: 'error',
      message: 'Route not found',
      data: null,
      error_type: 'GeneralException',
    });
  });
});
