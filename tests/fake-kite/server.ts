/**
 * A loopback Kite Connect v3 server (127.0.0.1, a free port) over a market of its own (market.ts):
 * CSV instrument dumps (gzipped when asked), quotes within Kite's documented instrument limits,
 * the session endpoints with Kite's checksum, Kite's error JSON and status codes, Kite's published
 * rate limits enforced per API key, and faults injected per test. It imports nothing from Premia's
 * market or scan code, so what Premia reads from it is a second opinion, not Premia's own output.
 * Every request is logged with its arrival time so tests and benchmarks can measure rates.
 *
 *   const kite = await startFakeKite({ seed: 7, clock });
 *   … new KiteBroker({ apiRoot: kite.url, credentials: { apiKey: kite.apiKey, … } }) …
 *   kite.market.quote('NSE:INFY', clock.now()); kite.faults.serverErrors(2); await kite.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { FaultInjector, type Fault, type FaultKind } from './faults';
import { KITE_DOCUMENTED_RATE_LIMITS, KITE_HTTP, type KiteRateLimits } from './kite-docs';
import { marginsRoute } from './margins';
import { FakeMarket } from './market';
import { portfolioRoutes } from './portfolio';
import {
  failure,
  findRoute,
  invalidToken,
  marketRoutes,
  success,
  type Answer,
  type Clock,
  type Route,
  type RouteContext,
  type Sessions,
} from './routes';
import { sessionRoutes } from './session';

/** Every endpoint the server answers; a new group of routes is one more line here. */
const ROUTES: readonly Route[] = [...sessionRoutes, ...marketRoutes, ...portfolioRoutes];

type EndpointClass = 'quote' | 'other';
const systemClock: Clock = { now: () => new Date() };

export interface FakeKiteOptions {
  /** Defaults to a fake market with `seed`. */
  readonly market?: FakeMarket;
  readonly seed?: number;
  /** The market's "now" (quotes, instrument list). Defaults to the system clock. */
  readonly clock?: Clock;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Access tokens valid from the start, so tests need not log in. */
  readonly accessTokens?: readonly string[];
  /** Enforced per API key; null turns enforcement off. Defaults to Kite's published limits. */
  readonly rateLimits?: KiteRateLimits | null;
  /** Fraction of the one-second window forgiven for jitter (default 0.1). */
  readonly rateTolerance?: number;
}

export interface LoggedRequest {
  /** performance.now() at arrival, in ms. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly endpoint: EndpointClass;
  readonly apiKey: string | null;
  readonly kiteVersion: string | null;
  readonly authorization: string | null;
  /** Instruments asked for (the `i` parameters). */
  readonly instruments: number;
  /** HTTP status sent; null while pending or when the connection was dropped. */
  status: number | null;
  fault: FaultKind | null;
}

export interface FakeKite {
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly market: FakeMarket;
  readonly faults: FaultInjector;
  readonly requests: LoggedRequest[];
  /** What Kite would redirect to after a successful login: a fresh one-use request_token. */
  issueRequestToken(): string;
  /** Access tokens the server currently accepts. */
  readonly accessTokens: ReadonlySet<string>;
  close(): Promise<void>;
}

/**
 * Kite counts requests per second per API key. The fake admits at most N requests (N = the
 * per-second limit) in any sliding window of one second, shortened by `tolerance` so that a
 * client pacing exactly at the limit is not refused for a few milliseconds of network jitter.
 * Refused requests do not count.
 */
class RatePacer {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limits: KiteRateLimits,
    private readonly tolerance: number,
  ) {}

  admit(apiKey: string, endpoint: EndpointClass, at: number): boolean {
    const perSecond =
      endpoint === 'quote' ? this.limits.quotePerSecond : this.limits.otherPerSecond;
    const allowed = Math.max(1, Math.round(perSecond));
    const windowMs = ((1000 * allowed) / perSecond) * (1 - this.tolerance);
    const key = `${apiKey}\u0000${endpoint}`;
    const times = (this.admitted.get(key) ?? []).filter((t) => at - t < windowMs);
    const ok = times.length < allowed;
    if (ok) times.push(at);
    this.admitted.set(key, times);
    return ok;
  }
}

function endpointOf(path: string): EndpointClass {
  return path.startsWith('/quote') ? 'quote' : 'other';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseAuthorization(header: string | undefined): { apiKey: string; token: string } | null {
  const match = /^token ([^:\s]+):(\S+)$/.exec(header ?? '');
  return match === null ? null : { apiKey: match[1] ?? '', token: match[2] ?? '' };
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  if (answer.kind === 'csv') {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? gzipSync(answer.body) : Buffer.from(answer.body);
    res.writeHead(200, {
      'Content-Type': 'text/csv',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      'Content-Length': body.length,
    });
    res.end(body);
    return;
  }
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Writes the injected fault's answer (or drops the connection); returns the status sent. */
function sendFault(req: IncomingMessage, res: ServerResponse, fault: Fault): number | null {
  switch (fault.kind) {
    case 'drop-connection':
      req.socket.destroy();
      return null;
    case 'html-error':
      res.writeHead(fault.status, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return fault.status;
    case 'malformed-json':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"success","data":{"NFO:NIFTY');
      return 200;
    case 'wrong-shape':
      send(req, res, success({ unexpected: ['not', 'what', 'you', 'asked', 'for'] }));
      return 200;
    case 'rate-limited':
      send(req, res, failure(KITE_HTTP.tooManyRequests, 'NetworkException', 'Too many requests'));
      return 429;
    case 'server-error':
      send(
        req,
        res,
        failure(fault.status, fault.errorType, 'Something went wrong at the exchange gateway.'),
      );
      return fault.status;
  }
}

function logEntry(req: IncomingMessage, url: URL, apiKey: string | null): LoggedRequest {
  const version = req.headers['x-kite-version'];
  return {
    at: performance.now(),
    method: req.method ?? 'GET',
    path: url.pathname,
    endpoint: endpointOf(url.pathname),
    apiKey,
    kiteVersion: typeof version === 'string' ? version : null,
    authorization: req.headers.authorization ?? null,
    instruments: url.searchParams.getAll('i').length,
    status: null,
    fault: null,
  };
}

/** The server's state: sessions, limits, faults, the request log and pending latency waits. */
class FakeKiteHandler {
  readonly faults = new FaultInjector();
  readonly requests: LoggedRequest[] = [];
  private readonly waits = new Set<() => void>();
  private readonly holds = new Set<() => void>();
  private readonly pacer: RatePacer | null;

  constructor(
    private readonly ctx: RouteContext,
    limits: KiteRateLimits | null,
    tolerance: number,
  ) {
    this.pacer = limits === null ? null : new RatePacer(limits, tolerance);
  }

  /** Waits out the injected latency; cut short when the server closes. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waits.add(done);
    });
  }

  /** Waits while faults.holdUntil() holds answers to this path; cut short when the server closes. */
  private held(path: string): Promise<void> | null {
    const hold = this.faults.hold;
    if (hold === null || hold.path !== path) return null;
    hold.arrived += 1;
    if (hold.arrived >= hold.arrivals) {
      for (const release of [...this.holds]) release();
      return null;
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.holds.delete(done);
        resolve();
      };
      this.holds.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waits, ...this.holds]) wake();
  }

  private route(request: {
    method: string;
    url: URL;
    form: URLSearchParams;
    body: string;
    accessToken: string | null;
  }): Answer {
    const path = request.url.pathname.replace(/\/+$/, '') || '/';
    const found = findRoute(ROUTES, request.method, path);
    if (found === null) return failure(KITE_HTTP.notFound, 'GeneralException', 'Route not found');
    if (found === 'wrong-method') {
      return failure(KITE_HTTP.methodNotAllowed, 'GeneralException', 'Method not allowed.');
    }
    if (found.public !== true && request.accessToken === null) return invalidToken();
    return found.handle(this.ctx, { ...request, path });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : '';
    const form = new URLSearchParams(body);
    const auth = parseAuthorization(req.headers.authorization);
    const apiKey = auth?.apiKey ?? url.searchParams.get('api_key') ?? form.get('api_key');
    const entry = logEntry(req, url, apiKey);
    this.requests.push(entry);
    if (this.pacer !== null && !this.pacer.admit(apiKey ?? 'anonymous', entry.endpoint, entry.at)) {
      entry.status = KITE_HTTP.tooManyRequests;
      send(req, res, failure(KITE_HTTP.tooManyRequests, 'NetworkException', 'Too many requests'));
      return;
    }
    await this.held(url.pathname);
    if (this.faults.latencyMs > 0) await this.pause(this.faults.latencyMs);
    const fault = this.faults.take(url.pathname);
    if (fault !== null) {
      entry.fault = fault.kind;
      entry.status = sendFault(req, res, fault);
      return;
    }
    const { sessions } = this.ctx;
    const valid =
      auth !== null &&
      auth.apiKey === sessions.apiKey &&
      sessions.accessTokens.has(auth.token) &&
      !this.faults.tokensExpired;
    const accessToken = valid ? (auth?.token ?? null) : null;
    // /margins/orders takes a JSON body (Kite's one JSON-bodied endpoint Premia uses).
    const answer =
      marginsRoute({
        method: entry.method,
        path: url.pathname,
        body,
        contentType: req.headers['content-type'],
        authenticated: accessToken !== null,
      }) ?? this.route({ method: entry.method, url, form, body, accessToken });
    entry.status = answer.status;
    send(req, res, answer);
  }
}

export async function startFakeKite(options: FakeKiteOptions = {}): Promise<FakeKite> {
  const sessions: Sessions = {
    apiKey: options.apiKey ?? 'fakeapikey',
    apiSecret: options.apiSecret ?? 'fakeapisecret',
    accessTokens: new Set(options.accessTokens ?? []),
    requestTokens: new Set(),
  };
  const ctx: RouteContext = {
    market: options.market ?? new FakeMarket(options.seed ?? 1),
    clock: options.clock ?? systemClock,
    sessions,
  };
  const limits =
    options.rateLimits === undefined ? KITE_DOCUMENTED_RATE_LIMITS : options.rateLimits;
  const handler = new FakeKiteHandler(ctx, limits, options.rateTolerance ?? 0.1);
  const server = createServer((req, res) => {
    handler.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(
          req,
          res,
          failure(KITE_HTTP.internal, 'GeneralException', `Fake Kite failed: ${String(error)}`),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('Fake Kite did not bind a port.');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    apiKey: sessions.apiKey,
    apiSecret: sessions.apiSecret,
    market: ctx.market,
    faults: handler.faults,
    requests: handler.requests,
    accessTokens: sessions.accessTokens,
    issueRequestToken: () => {
      const token = randomBytes(16).toString('hex');
      sessions.requestTokens.add(token);
      return token;
    },
    close: async () => {
      handler.wakeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
