/**
 * Failed-login throttling: the first few mistakes cost nothing, then each further failure
 * doubles the wait. The counters live in the registry so quitting Premia does not reset them.
 */
export interface ThrottleState {
  readonly consecutiveFailures: number;
  /** ISO time before which no password is even checked; null when not throttled. */
  readonly throttledUntil: string | null;
}

export const FREE_ATTEMPTS = 5;
const FIRST_DELAY_SECONDS = 30;
const MAX_DELAY_SECONDS = 60 * 60;

export const NOT_THROTTLED: ThrottleState = { consecutiveFailures: 0, throttledUntil: null };

/** Seconds to wait after the given number of consecutive failures (0 while below the limit). */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  const doublings = Math.min(failures - FREE_ATTEMPTS, 20);
  return Math.min(FIRST_DELAY_SECONDS * 2 ** doublings, MAX_DELAY_SECONDS);
}

/** Whole seconds until another attempt is allowed, or 0 when one is allowed now. */
export function secondsUntilAllowed(state: ThrottleState, now: Date): number {
  if (state.throttledUntil === null) return 0;
  const remainingMs = Date.parse(state.throttledUntil) - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const delay = delayAfterFailures(consecutiveFailures);
  return {
    consecutiveFailures,
    throttledUntil: delay === 0 ? null : new Date(now.getTime() + delay * 1000).toISOString(),
  };
}
