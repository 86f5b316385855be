/**
 * A small Kite Connect v3 HTTP client on Node's fetch. Premia does not use the official
 * `kiteconnect` package: it takes no AbortSignal (a cancelled scan could not stop its requests),
 * hides HTTP status codes, reports a 429 as a plain object rather than an error, and ships
 * mocha and nock as runtime dependencies. Kite's API is a handful of GETs with one envelope.
 */
import type { z } from 'zod';
import type { Logger } from '../app/logger';
import type { CircuitBreaker } from './circuit-breaker';
import { BrokerError, cancelledError, tokenExpiredError } from './errors';
import { KiteEnvelopeSchema } from './kite-wire';
import type { ApiKeyLimiters, EndpointClass } from './rate-limiter';
import { withRetries, type RetryPolicy } from './retry';

export const KITE_API_ROOT = 'https://api.kite.trade';

/**
 * The most Premia reads of one answer, after fetch has inflated it. A /quote of 500 instruments
 * is about 1 MB and Kite's whole instrument dump about 10 MB; anything far beyond is not Kite
 * (a wrong root, a proxy's page, a decompression bomb) and would only fill memory.
 */
export interface BodyLimits {
  readonly jsonBytes: number;
  readonly dumpBytes: number;
}
export const DEFAULT_BODY_LIMITS: BodyLimits = {
  jsonBytes: 16 * 1024 * 1024,
  dumpBytes: 64 * 1024 * 1024,
};

export interface KiteRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** e.g. /quote, /instruments/NFO. */
  readonly path: string;
  /** Repeated keys allowed: [['i','NFO:A'],['i','NFO:B']]. */
  readonly query?: readonly (readonly [string, string])[];
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as application/json (the margin calculator takes a JSON array). */
  readonly json?: unknown;
  readonly endpoint: EndpointClass;
  /** Sends the Authorization header (everything but the token exchange). */
  readonly authenticated: boolean;
  readonly timeoutMs?: number;
}

export interface KiteHttpOptions {
  readonly apiRoot: string;
  readonly apiKey: string;
  readonly accessToken: () => string | null;
  readonly limiters: ApiKeyLimiters;
  readonly breaker: CircuitBreaker;
  readonly retry: RetryPolicy;
  readonly requestTimeoutMs: number;
  readonly random: () => number;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  /** Called once per rejected token, before the error is thrown. */
  readonly onTokenRejected: (error: BrokerError) => Promise<void>;
  /**
   * Checked just before an authenticated request is sent, after its wait for a rate-limit slot:
   * throws when the session is no longer usable, so queued requests die without being sent.
   */
  readonly assertSession: () => void;
  readonly bodyLimits?: BodyLimits;
}

interface RawResponse {
  readonly status: number;
  readonly body: Uint8Array;
  readonly retryAfterSeconds: number | undefined;
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

/** Maps Kite's error answer (or an unreadable answer) to a typed broker error. */
export function classifyKiteError(
  status: number,
  errorType: string | null,
  message: string,
  retryAfterSeconds?: number,
): BrokerError {
  const details = { httpStatus: status, kiteErrorType: errorType ?? undefined, retryAfterSeconds };
  if (errorType === 'TokenException') return tokenExpiredError(details);
  if (status === 429 || (errorType === 'NetworkException' && status < 500)) {
    return new BrokerError(
      'rate-limited',
      `Kite refused the request because too many were sent with this API key (HTTP ${status}).`,
      details,
    );
  }
  if (status >= 500) {
    return new BrokerError(
      'server',
      `Kite is having trouble (HTTP ${status}: ${message})`,
      details,
    );
  }
  if (errorType === 'InputException') {
    return new BrokerError('input', `Kite refused the request: ${message}`, details);
  }
  if (errorType === 'PermissionException' || status === 403) {
    return new BrokerError('permission', `Kite does not allow this: ${message}`, details);
  }
  return new BrokerError('general', `Kite reported an error (HTTP ${status}): ${message}`, details);
}

/** The body, read chunk by chunk and abandoned as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, path: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = (): BrokerError =>
    new BrokerError(
      'malformed',
      `The answer to ${path} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, far more than Kite sends; Premia stopped reading it. Check the API root.`,
    );
  if (response.body === null) return new Uint8Array(0);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    throw tooLarge();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

export class KiteHttp {
  constructor(private readonly options: KiteHttpOptions) {}

  /** A JSON endpoint: the envelope's data, parsed with `schema`. */
  async json<T>(request: KiteRequest, schema: z.ZodType<T>, signal: AbortSignal): Promise<T> {
    return this.send(request, signal, 'jsonBytes', (raw) => this.readJson(request, raw, schema));
  }

  /** A CSV endpoint (the instrument dump): the body's bytes. */
  async bytes(request: KiteRequest, signal: AbortSignal): Promise<Uint8Array> {
    return this.send(request, signal, 'dumpBytes', (raw) => {
      if (raw.status >= 200 && raw.status < 300) return raw.body;
      return this.readJson(request, raw, null);
    });
  }

  private async send<T>(
    request: KiteRequest,
    signal: AbortSignal,
    limit: keyof BodyLimits,
    read: (raw: RawResponse) => T | Promise<T>,
  ): Promise<T> {
    const maxBytes = (this.options.bodyLimits ?? DEFAULT_BODY_LIMITS)[limit];
    const { breaker, limiters } = this.options;
    const limiter = request.endpoint === 'quote' ? limiters.quote : limiters.other;
    return withRetries(
      async (attempt) => {
        breaker.assertCallable();
        await limiter.acquire(signal);
        if (request.authenticated) this.options.assertSession();
        const admitted = breaker.admit();
        try {
          const value = await read(await this.exchange(request, signal, maxBytes));
          admitted.succeeded();
          return value;
        } catch (error) {
          const failure = error instanceof BrokerError ? error : this.unexpected(error);
          admitted.failed(failure);
          this.options.logger.debug('kite.attempt.failed', {
            path: request.path,
            attempt,
            kind: failure.kind,
            status: failure.details.httpStatus,
          });
          if (failure.kind === 'token-expired' && request.authenticated) {
            await this.options.onTokenRejected(failure);
          }
          throw failure;
        }
      },
      {
        policy: this.options.retry,
        signal,
        random: this.options.random,
        onRetry: (error, attempt, delayMs) =>
          this.options.logger.warn('kite.retry', {
            path: request.path,
            attempt,
            delayMs,
            kind: error.kind,
          }),
      },
    );
  }

  private unexpected(error: unknown): BrokerError {
    return new BrokerError(
      'general',
      `Unexpected failure talking to Kite: ${describeCause(error)}`,
    );
  }

  private url(request: KiteRequest): string {
    const url = new URL(
      request.path.replace(/^\//, ''),
      `${this.options.apiRoot.replace(/\/$/, '')}/`,
    );
    for (const [key, value] of request.query ?? []) url.searchParams.append(key, value);
    return url.toString();
  }

  private headers(request: KiteRequest): Record<string, string> {
    const headers: Record<string, string> = { 'X-Kite-Version': '3' };
    if (request.authenticated) {
      const token = this.options.accessToken() ?? '';
      headers.Authorization = `token ${this.options.apiKey}:${token}`;
    }
    if (request.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (request.json !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** One HTTP exchange under a timeout; network failures become broker errors. */
  private async exchange(
    request: KiteRequest,
    signal: AbortSignal,
    maxBytes: number,
  ): Promise<RawResponse> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    // One controller for both the caller's cancel and our timeout, undone when the call ends,
    // so thousands of scan requests leave no listeners or timers behind.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCancel = (): void => controller.abort();
    signal.addEventListener('abort', onCancel, { once: true });
    try {
      const response = await this.options.fetch(this.url(request), {
        method: request.method,
        headers: this.headers(request),
        body:
          request.json !== undefined
            ? JSON.stringify(request.json)
            : request.form === undefined
              ? undefined
              : new URLSearchParams(request.form).toString(),
        signal: controller.signal,
      });
      const body = await readCapped(response, maxBytes, request.path);
      return {
        status: response.status,
        body,
        retryAfterSeconds: retryAfter(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (error instanceof BrokerError) throw error;
      if (signal.aborted) throw cancelledError();
      if (timedOut) {
        const seconds = Math.round(timeoutMs / 100) / 10;
        throw new BrokerError(
          'timeout',
          `Kite did not answer ${request.path} within ${seconds} s.`,
        );
      }
      throw new BrokerError('network', `Premia could not reach Kite (${describeCause(error)}).`);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCancel);
    }
  }

  private readJson<T>(request: KiteRequest, raw: RawResponse, schema: z.ZodType<T> | null): T {
    const text = Buffer.from(raw.body).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.unreadable(request, raw, 'it is not JSON');
    }
    const envelope = KiteEnvelopeSchema.safeParse(parsed);
    if (!envelope.success) throw this.unreadable(request, raw, 'it is not a Kite envelope');
    if (envelope.data.status === 'error') {
      const { error_type: errorType, message } = envelope.data;
      throw classifyKiteError(raw.status, errorType, message, raw.retryAfterSeconds);
    }
    if (raw.status < 200 || raw.status >= 300 || schema === null) {
      throw classifyKiteError(raw.status, null, 'unexpected answer', raw.retryAfterSeconds);
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) {
      const issue = data.error.issues[0];
      const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'top level'}`;
      throw this.unreadable(request, raw, `its data does not have the expected shape${where}`);
    }
    return data.data;
  }

  /** A body Premia cannot read: from a failing proxy it is an outage, otherwise garbage. */
  private unreadable(request: KiteRequest, raw: RawResponse, why: string): BrokerError {
    if (raw.status === 429 || raw.status >= 500) {
      return classifyKiteError(raw.status, null, `unreadable answer`, raw.retryAfterSeconds);
    }
    return new BrokerError(
      'malformed',
      `Kite's answer to ${request.path} could not be read: ${why} (HTTP ${raw.status}).`,
      { httpStatus: raw.status },
    );
  }
}
