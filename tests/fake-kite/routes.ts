/**
 * How the loopback Kite server answers: Kite's JSON envelopes, the route table type, and the
 * market-data routes (/instruments, /quote, /quote/ohlc, /quote/ltp). Other route groups live in
 * their own files and are registered in server.ts with one line each.
 */
import type { FakeMarket, WireQuote } from './market';
import {
  KITE_EXCHANGES,
  KITE_HTTP,
  KITE_LTP_MAX_INSTRUMENTS,
  KITE_OHLC_MAX_INSTRUMENTS,
  KITE_QUOTE_MAX_INSTRUMENTS,
  type KiteErrorType,
} from './kite-docs';

export type Answer =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'csv'; readonly status: 200; readonly body: string };

/** {"status": "success", "data": …} (https://kite.trade/docs/connect/v3/#response-structure). */
export function success(data: unknown): Answer {
  return { kind: 'json', status: 200, body: { status: 'success', data } };
}

/** {"status": "error", "message": …, "error_type": …} with Kite's HTTP status. */
export function failure(status: number, errorType: KiteErrorType, message: string): Answer {
  return {
    kind: 'json',
    status,
    body: { status: 'error', message, data: null, error_type: errorType },
  };
}

export interface Clock {
  now(): Date;
}

export interface Sessions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly accessTokens: Set<string>;
  readonly requestTokens: Set<string>;
}

export interface RouteContext {
  readonly market: FakeMarket;
  readonly clock: Clock;
  readonly sessions: Sessions;
}

export interface RouteRequest {
  readonly method: string;
  /** Path without a trailing slash. */
  readonly path: string;
  readonly url: URL;
  /** The body parsed as a form (Kite's POST bodies are form-encoded). */
  readonly form: URLSearchParams;
  /** The raw body, for the few JSON-bodied endpoints (e.g. margins). */
  readonly body: string;
  /** The access token of a valid Authorization header, or null. */
  readonly accessToken: string | null;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An exact path, or a pattern for paths with parameters. */
  readonly path: string | RegExp;
  /** True for the endpoints Kite serves without an access token. */
  readonly public?: boolean;
  handle(ctx: RouteContext, request: RouteRequest): Answer;
}

export function invalidToken(): Answer {
  return failure(KITE_HTTP.forbidden, 'TokenException', 'Incorrect `api_key` or `access_token`.');
}

type QuoteShape = 'full' | 'ohlc' | 'ltp';
const LIMITS: Readonly<Record<QuoteShape, number>> = {
  full: KITE_QUOTE_MAX_INSTRUMENTS,
  ohlc: KITE_OHLC_MAX_INSTRUMENTS,
  ltp: KITE_LTP_MAX_INSTRUMENTS,
};

function shaped(quote: WireQuote, shape: QuoteShape): unknown {
  if (shape === 'full') return quote;
  const { instrument_token, last_price, ohlc } = quote;
  return shape === 'ohlc'
    ? { instrument_token, last_price, ohlc }
    : { instrument_token, last_price };
}

/** Kite leaves instruments it does not know out of the answer rather than failing the request. */
function quoteRoute(shape: QuoteShape, path: string): Route {
  return {
    method: 'GET',
    path,
    handle: (ctx, { url }) => {
      const keys = url.searchParams.getAll('i');
      if (keys.length === 0)
        return failure(KITE_HTTP.badRequest, 'InputException', 'No instruments were given.');
      if (keys.length > LIMITS[shape]) {
        return failure(
          KITE_HTTP.badRequest,
          'InputException',
          `Too many instruments. Maximum allowed is ${LIMITS[shape]}.`,
        );
      }
      const at = ctx.clock.now();
      const data: Record<string, unknown> = {};
      for (const key of keys) {
        const quote = ctx.market.quote(key, at);
        if (quote !== undefined) data[key] = shaped(quote, shape);
      }
      return success(data);
    },
  };
}

function instrumentsRoute(path: string | RegExp): Route {
  return {
    method: 'GET',
    path,
    // Kite serves the dump, which is the same for everyone, without checking the session.
    public: true,
    handle: (ctx, { path: requested }) => {
      const exchange =
        requested === '/instruments' ? undefined : requested.slice('/instruments/'.length);
      if (exchange !== undefined && !(KITE_EXCHANGES as readonly string[]).includes(exchange)) {
        return failure(KITE_HTTP.badRequest, 'InputException', 'Invalid exchange.');
      }
      return {
        kind: 'csv',
        status: 200,
        body: ctx.market.instrumentCsv(ctx.clock.now(), exchange),
      };
    },
  };
}

/** https://kite.trade/docs/connect/v3/market-quotes/ */
export const marketRoutes: readonly Route[] = [
  instrumentsRoute('/instruments'),
  instrumentsRoute(/^\/instruments\/[^/]+$/),
  quoteRoute('full', '/quote'),
  quoteRoute('ohlc', '/quote/ohlc'),
  quoteRoute('ltp', '/quote/ltp'),
];

/** The route for a request: the route, 'wrong-method' when only the method differs, or null. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): Route | 'wrong-method' | null {
  const matching = routes.filter((r) =>
    typeof r.path === 'string' ? r.path === path : r.path.test(path),
  );
  return matching.find((r) => r.method === method) ?? (matching.length > 0 ? 'wrong-method' : null);
}
