/** Failures the loopback Kite server can be told to produce, one test at a time. */
import type { KiteErrorType } from './kite-docs';

export type FaultKind =
  /** 5xx with Kite's error JSON. */
  | 'server-error'
  /** 502 with an HTML page, as from a failing proxy. */
  | 'html-error'
  /** The socket is destroyed without an answer. */
  | 'drop-connection'
  /** HTTP 200 with truncated JSON. */
  | 'malformed-json'
  /** HTTP 200 with a valid envelope whose data has the wrong shape. */
  | 'wrong-shape'
  /** 429 Too many requests. */
  | 'rate-limited';

export interface Fault {
  readonly kind: FaultKind;
  readonly status: number;
  readonly errorType: KiteErrorType;
  /** Only requests whose path starts with this are affected… */
  readonly pathPrefix: string;
  /** …or, when set, only requests for exactly this path. */
  readonly exactPath: boolean;
}

interface QueuedFault extends Fault {
  remaining: number;
  /** Matching requests still to be let through before the fault starts. */
  passes: number;
}

export interface FaultScope {
  /** Affect only requests whose path starts with this (default: every request). */
  readonly path?: string;
  /** Match `path` exactly ('/quote' then leaves '/quote/ltp' alone). */
  readonly exact?: boolean;
  /**
   * Let this many matching requests through first: "the broker goes down after the first quote
   * batch" without racing the client from the test.
   */
  readonly after?: number;
}

export class FaultInjector {
  /** Added before every answer. */
  latencyMs = 0;
  /** When true, every access token is refused with 403 TokenException. */
  tokensExpired = false;
  /** Set by holdUntil(): answers to `path` wait until `arrivals` requests for it have come. */
  hold: { readonly path: string; readonly arrivals: number; arrived: number } | null = null;
  private readonly queue: QueuedFault[] = [];

  private push(
    kind: FaultKind,
    count: number,
    status: number,
    errorType: KiteErrorType,
    scope: FaultScope,
  ): void {
    this.queue.push({
      kind,
      remaining: count,
      status,
      errorType,
      pathPrefix: scope.path ?? '/',
      exactPath: scope.exact ?? false,
      passes: scope.after ?? 0,
    });
  }

  serverErrors(count: number, status = 503, scope: FaultScope = {}): void {
    this.push(
      'server-error',
      count,
      status,
      status === 503 ? 'NetworkException' : 'GeneralException',
      scope,
    );
  }

  htmlErrors(count: number, status = 502, scope: FaultScope = {}): void {
    this.push('html-error', count, status, 'GeneralException', scope);
  }

  dropConnections(count: number, scope: FaultScope = {}): void {
    this.push('drop-connection', count, 0, 'GeneralException', scope);
  }

  malformedJson(count: number, scope: FaultScope = {}): void {
    this.push('malformed-json', count, 200, 'GeneralException', scope);
  }

  wrongShape(count: number, scope: FaultScope = {}): void {
    this.push('wrong-shape', count, 200, 'GeneralException', scope);
  }

  rateLimited(count: number, scope: FaultScope = {}): void {
    this.push('rate-limited', count, 429, 'NetworkException', scope);
  }

  /** Kite's answer to a token that expired at 06:00 or was revoked by a new login. */
  expireTokens(): void {
    this.tokensExpired = true;
  }

  /**
   * Holds every answer to exactly `path` until `arrivals` requests for it have arrived, then
   * answers them all: "two clients are both at this step" without racing either from the test.
   * Requests refused for the rate limit do not count.
   */
  holdUntil(path: string, arrivals: number): void {
    this.hold = { path, arrivals, arrived: 0 };
  }

  reset(): void {
    this.hold = null;
    this.latencyMs = 0;
    this.tokensExpired = false;
    this.queue.length = 0;
  }

  /** Faults still waiting to fire. */
  get pending(): number {
    return this.queue.reduce((total, f) => total + f.remaining, 0);
  }

  /** The next fault for a request path, consumed. */
  take(path: string): Fault | null {
    const index = this.queue.findIndex((f) =>
      f.exactPath ? path === f.pathPrefix : path.startsWith(f.pathPrefix),
    );
    const fault = this.queue[index];
    if (fault === undefined) return null;
    if (fault.passes > 0) {
      fault.passes--;
      return null;
    }
    fault.remaining--;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return fault;
  }
}
