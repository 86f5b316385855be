import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import { createStreamLogger, type Logger } from '../app/logger';
import {
  checkInstrumentBatch,
  LTP_BATCH_LIMIT,
  QUOTE_BATCH_LIMIT,
  type Broker,
  type InstrumentsRequest,
  type KiteSession,
  type LastPrice,
  type OhlcQuote,
  type Order,
  type Positions,
  type Quote,
  type Trade,
  type UserProfile,
} from './broker';
import {
  CircuitBreaker,
  DEFAULT_BREAKER_POLICY,
  type CircuitBreakerPolicy,
} from './circuit-breaker';
import { BrokerError, throwIfCancelled, tokenExpiredError } from './errors';
import { parseInstrumentCsv } from './instrument-csv';
import { InstrumentTable, type InstrumentColumns, type InstrumentKey } from './instruments';
import { KITE_API_ROOT, KiteHttp, type BodyLimits, type KiteRequest } from './kite-http';
import {
  KiteSessionSchema,
  LtpMapSchema,
  OhlcMapSchema,
  OrdersSchema,
  PositionsSchema,
  QuoteMapSchema,
  TradesSchema,
  UserProfileSchema,
} from './kite-wire';
import {
  marginOrderToWire,
  OrderMarginsSchema,
  type MarginOrder,
  type OrderMargin,
} from './margins';
import type { RateLimiterRegistry } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** What the market layer needs from the vault: to record that Kite rejected a profile's token. */
export interface TokenStore {
  markExpired(profileId: ProfileId): void | Promise<void>;
}

export interface KiteCredentials {
  readonly apiKey: string;
  /** Needed only to exchange a request_token for a session. */
  readonly apiSecret?: string | null;
  readonly accessToken?: string | null;
}

/** Parses an instrument dump; the app passes one that runs in the piscina pool. */
export type InstrumentParser = (
  dump: Uint8Array,
  signal: AbortSignal,
) => Promise<InstrumentColumns>;

export interface KiteBrokerOptions {
  readonly profileId: ProfileId;
  readonly credentials: KiteCredentials;
  /** Shared by every KiteBroker of the app: one budget per API key. */
  readonly limiters: RateLimiterRegistry;
  readonly tokenStore: TokenStore;
  readonly clock: Clock;
  readonly apiRoot?: string;
  readonly logger?: Logger;
  readonly retry?: Partial<RetryPolicy>;
  readonly breaker?: Partial<CircuitBreakerPolicy>;
  readonly requestTimeoutMs?: number;
  readonly instrumentsTimeoutMs?: number;
  readonly parseInstruments?: InstrumentParser;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  /** Largest answer read (after inflating); Kite's sizes with a wide margin by default. */
  readonly bodyLimits?: BodyLimits;
}

export type KiteTokenStatus = 'missing' | 'present' | 'rejected';

const inlineParser: InstrumentParser = async (dump) => parseInstrumentCsv(dump).columns;

/** Kite Connect v3 behind the Broker seam, for one profile. */
export class KiteBroker implements Broker {
  readonly kind = 'kite' as const;
  readonly breaker: CircuitBreaker;
  private readonly http: KiteHttp;
  private readonly logger: Logger;
  private accessToken: string | null;
  private tokenRejected = false;

  constructor(private readonly options: KiteBrokerOptions) {
    this.logger = options.logger ?? createStreamLogger();
    this.accessToken = options.credentials.accessToken ?? null;
    this.breaker = new CircuitBreaker(options.clock, {
      ...DEFAULT_BREAKER_POLICY,
      ...options.breaker,
    });
    this.http = new KiteHttp({
      apiRoot: options.apiRoot ?? KITE_API_ROOT,
      apiKey: options.credentials.apiKey,
      accessToken: () => this.accessToken,
      limiters: options.limiters.forApiKey(options.credentials.apiKey),
      breaker: this.breaker,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      random: options.random ?? Math.random,
      logger: this.logger,
      fetch: options.fetch ?? fetch,
      onTokenRejected: () => this.rejectToken(),
      assertSession: () => this.checkSession(),
      ...(options.bodyLimits === undefined ? {} : { bodyLimits: options.bodyLimits }),
    });
  }

  get tokenStatus(): KiteTokenStatus {
    if (this.accessToken === null) return 'missing';
    return this.tokenRejected ? 'rejected' : 'present';
  }

  /** Uses a token from the vault (or pasted by the trader) from now on. */
  setAccessToken(accessToken: string | null): void {
    this.accessToken = accessToken;
    this.tokenRejected = false;
  }

  private async rejectToken(): Promise<void> {
    if (this.tokenRejected) return;
    this.tokenRejected = true;
    this.logger.warn('kite.token.rejected', { profileId: this.options.profileId });
    try {
      await this.options.tokenStore.markExpired(this.options.profileId);
    } catch (error) {
      this.logger.error('kite.token.mark-expired-failed', { error: String(error) });
    }
  }

  /** Refuses at once when there is no usable token: a scan stops instead of retrying. */
  private checkSession(): void {
    if (this.accessToken === null) {
      throw new BrokerError(
        'token-expired',
        'This profile has no Kite session yet. Log in to Kite to continue.',
      );
    }
    if (this.tokenRejected) throw tokenExpiredError();
  }

  private async get<T>(
    request: Omit<KiteRequest, 'method' | 'authenticated'>,
    schema: z.ZodType<T>,
    signal: AbortSignal,
  ): Promise<T> {
    throwIfCancelled(signal);
    this.checkSession();
    return this.http.json({ ...request, method: 'GET', authenticated: true }, schema, signal);
  }

  async instruments(request: InstrumentsRequest, signal: AbortSignal): Promise<InstrumentTable> {
    const exchange = request.exchange;
    if (exchange !== undefined && !/^[A-Z]{2,8}$/.test(exchange)) {
      throw new BrokerError('input', `"${exchange.slice(0, 20)}" is not an exchange like NFO.`);
    }
    throwIfCancelled(signal);
    this.checkSession();
    const dump = await this.http.bytes(
      {
        method: 'GET',
        path: exchange === undefined ? '/instruments' : `/instruments/${exchange}`,
        endpoint: 'other',
        authenticated: true,
        timeoutMs: this.options.instrumentsTimeoutMs ?? 60_000,
      },
      signal,
    );
    const parse = this.options.parseInstruments ?? inlineParser;
    return new InstrumentTable(await parse(dump, signal));
  }

  async quote(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, Quote>> {
    checkInstrumentBatch(keys, QUOTE_BATCH_LIMIT, 'The quote request');
    const data = await this.get(
      { path: '/quote', query: keys.map((k) => ['i', k] as const), endpoint: 'quote' },
      QuoteMapSchema,
      signal,
    );
    return new Map(Object.entries(data));
  }

  async ohlc(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, OhlcQuote>> {
    checkInstrumentBatch(keys, LTP_BATCH_LIMIT, 'The OHLC request');
    const data = await this.get(
      { path: '/quote/ohlc', query: keys.map((k) => ['i', k] as const), endpoint: 'quote' },
      OhlcMapSchema,
      signal,
    );
    return new Map(Object.entries(data));
  }

  async ltp(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, LastPrice>> {
    checkInstrumentBatch(keys, LTP_BATCH_LIMIT, 'The last-price request');
    const data = await this.get(
      { path: '/quote/ltp', query: keys.map((k) => ['i', k] as const), endpoint: 'quote' },
      LtpMapSchema,
      signal,
    );
    return new Map(Object.entries(data));
  }

  /** POST /margins/orders, paced with the other (non-quote) calls of the API key. */
  async orderMargins(
    orders: readonly MarginOrder[],
    signal: AbortSignal,
  ): Promise<(OrderMargin | null)[]> {
    if (orders.length === 0) return [];
    throwIfCancelled(signal);
    this.checkSession();
    const margins = await this.http.json(
      {
        method: 'POST',
        path: '/margins/orders',
        json: orders.map(marginOrderToWire),
        endpoint: 'other',
        authenticated: true,
      },
      OrderMarginsSchema,
      signal,
    );
    // Kite answers in request order; match by symbol anyway, so a short reply cannot misalign.
    return orders.map((order, index) => {
      const margin = margins[index] ?? null;
      return margin !== null && margin.tradingsymbol === order.tradingsymbol ? margin : null;
    });
  }

  profile(signal: AbortSignal): Promise<UserProfile> {
    return this.get({ path: '/user/profile', endpoint: 'other' }, UserProfileSchema, signal);
  }

  orders(signal: AbortSignal): Promise<Order[]> {
    return this.get({ path: '/orders', endpoint: 'other' }, OrdersSchema, signal);
  }

  trades(signal: AbortSignal): Promise<Trade[]> {
    return this.get({ path: '/trades', endpoint: 'other' }, TradesSchema, signal);
  }

  positions(signal: AbortSignal): Promise<Positions> {
    return this.get({ path: '/portfolio/positions', endpoint: 'other' }, PositionsSchema, signal);
  }

  /** POST /session/token with checksum = SHA-256(api_key + request_token + api_secret). */
  async exchangeToken(requestToken: string, signal: AbortSignal): Promise<KiteSession> {
    const { apiKey, apiSecret } = this.options.credentials;
    if (apiSecret === undefined || apiSecret === null || apiSecret === '') {
      throw new BrokerError('input', 'Add the Kite API secret to this profile before logging in.');
    }
    const token = requestToken.trim();
    if (!/^[A-Za-z0-9]{6,64}$/.test(token)) {
      throw new BrokerError('input', 'That does not look like a Kite request_token.');
    }
    throwIfCancelled(signal);
    const checksum = createHash('sha256')
      .update(apiKey + token + apiSecret)
      .digest('hex');
    const request: KiteRequest = {
      method: 'POST',
      path: '/session/token',
      form: { api_key: apiKey, request_token: token, checksum },
      endpoint: 'other',
      authenticated: false,
    };
    const session = await this.http
      .json(request, KiteSessionSchema, signal)
      .catch((error: unknown) => {
        if (error instanceof BrokerError && error.kind === 'token-expired') {
          // On the exchange a TokenException means a used or stale request_token, or a wrong secret.
          throw new BrokerError(
            'input',
            'Kite did not accept this login: the request_token was already used or has expired, or the API secret is wrong. Log in to Kite again.',
            error.details,
          );
        }
        throw error;
      });
    this.setAccessToken(session.accessToken);
    return session;
  }

  /** DELETE /session/token: logs the session out at Kite, then forgets the token. */
  async invalidateToken(signal: AbortSignal): Promise<void> {
    const token = this.accessToken;
    if (token === null) return;
    throwIfCancelled(signal);
    await this.http.json(
      {
        method: 'DELETE',
        path: '/session/token',
        query: [
          ['api_key', this.options.credentials.apiKey],
          ['access_token', token],
        ],
        endpoint: 'other',
        authenticated: true,
      },
      z.unknown(),
      signal,
    );
    this.setAccessToken(null);
  }
}
