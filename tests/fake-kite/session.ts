/**
 * Kite's login endpoints and the user profile (https://kite.trade/docs/connect/v3/user/):
 * POST /session/token exchanges a one-use request_token, with checksum
 * SHA-256(api_key + request_token + api_secret), for an access token; DELETE /session/token
 * invalidates one; GET /user/profile describes the user.
 */
import { createHash, randomBytes } from 'node:crypto';
import { KITE_CHECKSUM_ALGORITHM, KITE_HTTP, kiteTimestamp } from './kite-docs';
import { failure, success, type Route, type RouteContext } from './routes';

/** The fake's account, shaped like the profile example in Kite's user documentation. */
export const FAKE_KITE_USER = {
  user_id: 'FK4821',
  user_type: 'individual',
  email: 'fake.trader@example.com',
  user_name: 'Fake Trader',
  user_shortname: 'Fake',
  broker: 'ZERODHA',
  exchanges: ['NSE', 'NFO', 'BSE', 'BFO', 'CDS', 'MCX'],
  products: ['CNC', 'NRML', 'MIS', 'BO', 'CO'],
  order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  avatar_url: null,
  meta: { demat_consent: 'consent' },
} as const;

function createSession(ctx: RouteContext, form: URLSearchParams): ReturnType<Route['handle']> {
  const { sessions } = ctx;
  const apiKey = form.get('api_key') ?? '';
  const requestToken = form.get('request_token') ?? '';
  const checksum = form.get('checksum') ?? '';
  if (apiKey === '' || requestToken === '' || checksum === '') {
    return failure(
      KITE_HTTP.badRequest,
      'InputException',
      'Missing api_key, request_token or checksum.',
    );
  }
  const expected = createHash(KITE_CHECKSUM_ALGORITHM)
    .update(apiKey + requestToken + sessions.apiSecret)
    .digest('hex');
  if (apiKey !== sessions.apiKey || checksum !== expected) {
    return failure(KITE_HTTP.forbidden, 'TokenException', 'Invalid `checksum`.');
  }
  if (!sessions.requestTokens.delete(requestToken)) {
    return failure(KITE_HTTP.forbidden, 'TokenException', 'Token is invalid or has expired.');
  }
  const accessToken = randomBytes(16).toString('hex');
  sessions.accessTokens.add(accessToken);
  return success({
    ...FAKE_KITE_USER,
    api_key: apiKey,
    access_token: accessToken,
    public_token: randomBytes(16).toString('hex'),
    refresh_token: '',
    enctoken: '',
    login_time: kiteTimestamp(ctx.clock.now()),
  });
}

export const sessionRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/session/token',
    public: true,
    handle: (ctx, r) => createSession(ctx, r.form),
  },
  {
    method: 'DELETE',
    path: '/session/token',
    handle: (ctx, { url }) => {
      if (url.searchParams.get('api_key') !== ctx.sessions.apiKey) {
        return failure(KITE_HTTP.badRequest, 'InputException', 'Invalid `api_key`.');
      }
      ctx.sessions.accessTokens.delete(url.searchParams.get('access_token') ?? '');
      return success(true);
    },
  },
  { method: 'GET', path: '/user/profile', handle: () => success(FAKE_KITE_USER) },
];
