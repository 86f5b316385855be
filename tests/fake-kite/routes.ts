/** The loopback Kite server's endpoints: Kite's paths, parameters, limits and JSON shapes. */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src-main/app/clock';
import { LTP_BATCH_LIMIT, QUOTE_BATCH_LIMIT } from '../../src-main/market/broker';
import { formatKiteTimestamp } from '../../src-main/market/dates';
import { SIMULATOR_PROFILE } from '../../src-main/market/simulator-broker';
import { demoBook } from '../../src-main/market/simulator/demo-book';
import type { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { orderToWire, positionToWire, profileToWire, quoteToWire, tradeToWire } from './wire';
import { portfolioRoute } from './portfolio';

export type Answer =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'csv'; readonly status: 200; readonly body: string };

export function success(data: unknown): Answer {
  return { kind: 'json', status: 200, body: { status: 'success', data } };
}

export function failure(status: number, errorType: string, message: string): Answer {
  return {
    kind: 'json',
    status,
    body: { status: 'error', message, data: null, error_type: errorType },
  };
}

export interface Sessions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly accessTokens: Set<string>;
  readonly requestTokens: Set<string>;
}

export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  readonly form: URLSearchParams;
  /** The access token of a valid Authorization header, or null. */
  readonly accessToken: string | null;
}

export interface RouteContext {
  readonly simulator: MarketSimulator;
  readonly clock: Clock;
  readonly sessions: Sessions;
}

const INVALID_TOKEN = (): Answer =>
  failure(403, 'TokenException', 'Incorrect `api_key` or `access_token`.');

function quoteRoute(ctx: RouteContext, url: URL, shape: 'full' | 'ohlc' | 'ltp'): Answer {
  const keys = url.searchParams.getAll('i');
  const limit = shape === 'full' ? QUOTE_BATCH_LIMIT : LTP_BATCH_LIMIT;
  if (keys.length === 0) return failure(400, 'InputException', 'No instruments were given.');
  if (keys.length > limit) {
    return failure(400, 'InputException', `Too many instruments. Maximum allowed is ${limit}.`);
  }
  const data: Record<string, unknown> = {};
  for (const [key, quote] of ctx.simulator.quotes(keys, ctx.clock.now())) {
    const wire = quoteToWire(quote);
    if (shape === 'full') data[key] = wire;
    else if (shape === 'ohlc')
      data[key] = {
        instrument_token: quote.instrumentToken,
        last_price: quote.lastPrice,
        ohlc: quote.ohlc,
      };
    else data[key] = { instrument_token: quote.instrumentToken, last_price: quote.lastPrice };
  }
  return success(data);
}

function createSession(ctx: RouteContext, form: URLSearchParams): Answer {
  const { sessions } = ctx;
  const apiKey = form.get('api_key') ?? '';
  const requestToken = form.get('request_token') ?? '';
  const checksum = form.get('checksum') ?? '';
  if (apiKey === '' || requestToken === '' || checksum === '') {
    return failure(400, 'InputException', 'Missing api_key, request_token or checksum.');
  }
  const expected = createHash('sha256')
    .update(apiKey + requestToken + sessions.apiSecret)
    .digest('hex');
  if (apiKey !== sessions.apiKey || checksum !== expected) {
    return failure(403, 'TokenException', 'Invalid `checksum`.');
  }
  if (!sessions.requestTokens.delete(requestToken)) {
    return failure(403, 'TokenException', 'Token is invalid or has expired.');
  }
  const accessToken = randomBytes(16).toString('hex');
  sessions.accessTokens.add(accessToken);
  const p = SIMULATOR_PROFILE;
  return success({
    user_type: p.userType,
    email: p.email,
    user_name: p.userName,
    user_shortname: p.userShortname,
    broker: 'ZERODHA',
    exchanges: p.exchanges,
    products: p.products,
    order_types: p.orderTypes,
    avatar_url: null,
    user_id: p.userId,
    api_key: apiKey,
    access_token: accessToken,
    public_token: randomBytes(16).toString('hex'),
    refresh_token: '',
    enctoken: '',
    login_time: formatKiteTimestamp(ctx.clock.now()),
    meta: { demat_consent: 'consent' },
  });
}

function deleteSession(ctx: RouteContext, url: URL): Answer {
  const token = url.searchParams.get('access_token') ?? '';
  if (url.searchParams.get('api_key') !== ctx.sessions.apiKey) {
    return failure(400, 'InputException', 'Invalid `api_key`.');
  }
  ctx.sessions.accessTokens.delete(token);
  return success(true);
}

/** Answers one request that passed the rate limiter and fault injection. */
export function route(ctx: RouteContext, request: RouteRequest): Answer {
  const { method, url } = request;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (method === 'POST' && path === '/session/token') return createSession(ctx, request.form);
  if (method === 'GET' && (path === '/instruments' || path.startsWith('/instruments/'))) {
    const exchange = path === '/instruments' ? undefined : path.slice('/instruments/'.length);
    return {
      kind: 'csv',
      status: 200,
      body: ctx.simulator.instrumentCsv(ctx.clock.now(), exchange),
    };
  }
  if (request.accessToken === null) return INVALID_TOKEN();
  const portfolio = portfolioRoute(method, path);
  if (portfolio !== null) return portfolio;
  if (method === 'DELETE' && path === '/session/token') return deleteSession(ctx, url);
  if (method !== 'GET') return failure(405, 'GeneralException', 'Method not allowed.');
  const now = ctx.clock.now();
  switch (path) {
    case '/quote':
      return quoteRoute(ctx, url, 'full');
    case '/quote/ohlc':
      return quoteRoute(ctx, url, 'ohlc');
    case '/quote/ltp':
      return quoteRoute(ctx, url, 'ltp');
    case '/user/profile':
      return success(profileToWire(SIMULATOR_PROFILE));
    case '/orders':
      return success(demoBook(ctx.simulator, now).orders.map(orderToWire));
    case '/trades':
      return success(demoBook(ctx.simulator, now).trades.map(tradeToWire));
    case '/portfolio/positions': {
      const { net, day } = demoBook(ctx.simulator, now).positions;
      return success({ net: net.map(positionToWire), day: day.map(positionToWire) });
    }
    default:
      return failure(404, 'GeneralException', 'Route not found');
  }
}
