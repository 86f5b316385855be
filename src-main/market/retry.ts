import { BrokerError, cancelledError } from './errors';

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
};

/** Waits `ms` on a real timer; rejects with a cancelled error as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * "Full jitter" exponential backoff: a random wait in [0, min(max, base·2^retry)], so many
 * callers that failed together do not come back together. A Retry-After from the broker is a
 * floor.
 */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000;
  return Math.max(jittered, Math.min(floor, policy.maxDelayMs));
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  readonly random: () => number;
  readonly onRetry?: (error: BrokerError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Every attempt is expected to go through the rate limiter itself, so retries never exceed it.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof BrokerError) || !error.retryable) throw error;
      if (attemptNumber >= options.policy.maxAttempts) throw error;
      const delayMs = backoffDelayMs(
        attemptNumber - 1,
        options.policy,
        options.random,
        error.details.retryAfterSeconds,
      );
      options.onRetry?.(error, attemptNumber, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}
