import type { ErrorCode } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';

/**
 * What went wrong talking to the broker, in the terms the retry loop and the circuit breaker
 * need. Each kind maps to one user-facing error code.
 */
export type BrokerFailureKind =
  | 'token-expired'
  | 'rate-limited'
  | 'input'
  | 'permission'
  | 'general'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'circuit-open'
  | 'cancelled';

const CODE_OF: Record<BrokerFailureKind, ErrorCode> = {
  'token-expired': 'BROKER_TOKEN_EXPIRED',
  'rate-limited': 'BROKER_RATE_LIMITED',
  input: 'BROKER_ERROR',
  permission: 'BROKER_ERROR',
  general: 'BROKER_ERROR',
  server: 'BROKER_UNAVAILABLE',
  network: 'BROKER_UNAVAILABLE',
  timeout: 'BROKER_UNAVAILABLE',
  malformed: 'BROKER_ERROR',
  'circuit-open': 'BROKER_UNAVAILABLE',
  cancelled: 'CANCELLED',
};

/** Kinds worth another attempt after a pause: the broker or the path to it was momentarily unwell. */
const RETRYABLE: ReadonlySet<BrokerFailureKind> = new Set([
  'rate-limited',
  'server',
  'network',
  'timeout',
]);

/**
 * Kinds that say the broker is unhealthy, counted by the circuit breaker. A 429 is not one: it
 * says we were too fast, which the limiter and the backoff already answer.
 */
const UNHEALTHY: ReadonlySet<BrokerFailureKind> = new Set([
  'server',
  'network',
  'timeout',
  'malformed',
]);

export interface BrokerErrorDetails {
  readonly httpStatus?: number;
  /** Kite's error_type, e.g. TokenException. */
  readonly kiteErrorType?: string;
  /** Seconds the broker asked us to wait (Retry-After), or how long a paused circuit stays paused. */
  readonly retryAfterSeconds?: number;
}

export class BrokerError extends UserFacingError {
  constructor(
    readonly kind: BrokerFailureKind,
    message: string,
    readonly details: BrokerErrorDetails = {},
  ) {
    super(
      CODE_OF[kind],
      message,
      details.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: details.retryAfterSeconds },
    );
    this.name = 'BrokerError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** Whether this failure says something about the broker's health (for the circuit breaker). */
  get unhealthy(): boolean {
    return UNHEALTHY.has(this.kind);
  }
}

export const TOKEN_EXPIRED_MESSAGE =
  'Your Kite session has expired or was revoked. Log in to Kite again to continue.';

export function tokenExpiredError(details: BrokerErrorDetails = {}): BrokerError {
  return new BrokerError('token-expired', TOKEN_EXPIRED_MESSAGE, details);
}

export function cancelledError(): BrokerError {
  return new BrokerError('cancelled', 'The request to the broker was cancelled.');
}

/** Rejects with a cancelled error when the signal is already aborted. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledError();
}
