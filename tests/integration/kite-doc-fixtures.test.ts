/**
 * Premia's Kite client against replies written by hand from Kite Connect's documentation
 * (tests/fake-kite/fixtures, each file's source in its README). The expected values below are
 * read off those documents, so a pass means the client reads what Kite documents.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { KiteBroker } from '../../src-main/market/kite-broker';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import { ProfileIdSchema } from '../../src-preload/contract';
import { startFakeKite } from '../fake-kite/server';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fake-kite/fixtures/${name}`, import.meta.url), 'utf8');

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

const ERRORS = JSON.parse(fixture('errors.json')) as Record<
  string,
  { httpStatus: number; body: unknown }
>;

function errorReply(name: string): Reply {
  const error = ERRORS[name];
  if (error === undefined) throw new Error(`errors.json has no ${name}`);
  return { status: error.httpStatus, type: 'application/json', body: JSON.stringify(error.body) };
}

const json = (body: string): Reply => ({ status: 200, type: 'application/json', body });
/** What the server answers next on each path; set per test. */
const replies = new Map<string, Reply>();
const signal = new AbortController().signal;
let server: Server;
let apiRoot = '';

function broker(): KiteBroker {
  return new KiteBroker({
    profileId: ProfileIdSchema.parse('docfixtures01'),
    credentials: { apiKey: 'docapikey', apiSecret: 'docapisecret', accessToken: 'doctoken' },
    limiters: new RateLimiterRegistry({ quotePerSecond: 100, otherPerSecond: 100 }),
    tokenStore: { markExpired: () => undefined },
    clock: createManualClock(new Date('2021-06-08T10:16:00Z')),
    apiRoot,
    logger: createMemoryLogger(),
    retry: { maxAttempts: 1 },
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const reply = replies.get(path) ?? errorReply('general');
    res.writeHead(reply.status, { 'Content-Type': reply.type });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  apiRoot =
    typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Premia's Kite client reads Kite's documented replies", () => {
  it('reads the documented /quote example, including a market with no buyers', async () => {
    replies.set('/quote', json(fixture('quote.json')));
    const quotes = await broker().quote(['NSE:INFY'], signal);
    const infy = quotes.get('NSE:INFY');
    expect(infy).toMatchObject({
      instrumentToken: 408065,
      lastPrice: 1412.95,
      volume: 7360198,
      averagePrice: 1412.47,
      lowerCircuitLimit: 1250.7,
      upperCircuitLimit: 1528.6,
      ohlc: { open: 1396, high: 1421.75, low: 1395.55, close: 1389.65 },
      // Five empty buy levels mean nobody is bidding: no best bid, not a bid of zero.
      bestBid: null,
      bestAsk: { price: 1412.95, quantity: 5191, orders: 13 },
    });
    // "2021-06-08 15:45:56" is Indian time: 10:15:56 UTC.
    expect(infy?.timestamp?.toISOString()).toBe('2021-06-08T10:15:56.000Z');
    expect(infy?.lastTradeTime?.toISOString()).toBe('2021-06-08T10:15:52.000Z');
  });

  it('reads the documented /quote/ohlc and /quote/ltp examples', async () => {
    replies.set('/quote/ohlc', json(fixture('ohlc.json')));
    replies.set('/quote/ltp', json(fixture('ltp.json')));
    const client = broker();
    expect((await client.ohlc(['NSE:INFY'], signal)).get('NSE:INFY')).toEqual({
      instrumentToken: 408065,
      lastPrice: 1075,
      ohlc: { open: 1085.8, high: 1085.9, low: 1070.9, close: 1075.8 },
    });
    expect((await client.ltp(['NSE:INFY'], signal)).get('NSE:INFY')).toEqual({
      instrumentToken: 408065,
      lastPrice: 1074.35,
    });
  });

  it('reads the documented instrument dump and skips the row printed without an exchange token', async () => {
    replies.set('/instruments', {
      status: 200,
      type: 'text/csv',
      body: fixture('instruments.csv'),
    });
    const table = await broker().instruments({}, signal);
    const rows = [...table.rows()];
    expect(rows.map((row) => `${row.exchange}:${row.tradingsymbol}`)).toEqual([
      'NSE:INFY',
      'NFO:NIFTY15DECFUT',
      'NFO:NIFTY159500CE',
      'NSE:RELIANCE',
      'NFO:RELIANCE23NOV1840CE',
      'NFO:RELIANCE23NOV1840PE',
    ]);
    expect(rows[2]).toMatchObject({
      instrumentToken: 5720578,
      exchangeToken: 22346,
      lastPrice: 23,
      expiry: '2015-12-31',
      strike: 9500,
      tickSize: 0.05,
      lotSize: 75,
      instrumentType: 'CE',
      segment: 'NFO-OPT',
    });
    // Quoted names, as the dump itself writes them, come out without the quotes.
    expect(rows[3]).toMatchObject({ name: 'RELIANCE INDUSTRIES', lotSize: 1, expiry: null });
    expect(rows[4]).toMatchObject({ name: 'RELIANCE', strike: 1840, lotSize: 250 });
  });

  it('reads the documented session reply of POST /session/token', async () => {
    replies.set('/session/token', json(fixture('session.json')));
    const session = await broker().exchangeToken('docrequesttoken', signal);
    expect(session).toMatchObject({
      userId: 'XX0000',
      userName: 'Kite Connect',
      accessToken: 'XXXXXX',
      publicToken: 'XXXXXXXX',
    });
    expect(session.loginTime?.toISOString()).toBe('2021-01-01T10:45:14.000Z');
  });

  it.each([
    ['tokenExpired', 'BROKER_TOKEN_EXPIRED', /log in to Kite again/i],
    ['badInput', 'BROKER_ERROR', /Invalid `instruments`/],
    ['tooManyRequests', 'BROKER_RATE_LIMITED', /./],
    // A 5xx says Kite's side is unwell, whatever its error_type: worth a retry, not the trader's fault.
    ['gatewayDown', 'BROKER_UNAVAILABLE', /Kite is having trouble/],
    ['general', 'BROKER_UNAVAILABLE', /Kite is having trouble/],
  ])('turns the documented %s error envelope into %s', async (name, code, message) => {
    replies.set('/quote/ltp', errorReply(name));
    await expect(broker().ltp(['NSE:INFY'], signal)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });
});

/** The key structure of a JSON value: object keys sorted, arrays by their first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [value.length > 0 ? shape(value[0]) : null];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

describe('the loopback Kite server answers in the documented shapes', () => {
  it('has the fields and types of the documented /quote, /quote/ohlc and /quote/ltp replies', async () => {
    const kite = await startFakeKite({ seed: 3, accessTokens: ['shapetoken01'], rateLimits: null });
    try {
      const get = async (path: string): Promise<unknown> => {
        const response = await fetch(`${kite.url}${path}`, {
          headers: { 'X-Kite-Version': '3', Authorization: `token ${kite.apiKey}:shapetoken01` },
        });
        return response.json();
      };
      const documented = (name: string, key: string): unknown =>
        shape((JSON.parse(fixture(name)) as { data: Record<string, unknown> }).data[key]);
      const served = async (path: string): Promise<unknown> =>
        shape(((await get(path)) as { data: Record<string, unknown> }).data['NSE:INFY']);
      expect(await served('/quote?i=NSE:INFY')).toEqual(documented('quote.json', 'NSE:INFY'));
      expect(await served('/quote/ohlc?i=NSE:INFY')).toEqual(documented('ohlc.json', 'NSE:INFY'));
      expect(await served('/quote/ltp?i=NSE:INFY')).toEqual(documented('ltp.json', 'NSE:INFY'));
      const header = (await (await fetch(`${kite.url}/instruments`)).text()).split('\n')[0];
      const documentedHeader = fixture('instruments.csv').split('\n')[0]?.replaceAll(' ', '');
      expect(header).toBe(documentedHeader);
      const error = (await (await fetch(`${kite.url}/quote?i=NSE:INFY`)).json()) as object;
      expect(Object.keys(error)).toEqual(
        expect.arrayContaining(Object.keys(ERRORS.tokenExpired?.body ?? {})),
      );
    } finally {
      await kite.close();
    }
  });
});
