import type { Clock } from '../app/clock';
import { BrokerError } from './errors';

export interface CircuitBreakerPolicy {
  /** Consecutive unhealthy failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses calls before letting one trial call through. */
  readonly coolDownMs: number;
}

export const DEFAULT_BREAKER_POLICY: CircuitBreakerPolicy = {
  failureThreshold: 5,
  coolDownMs: 30_000,
};

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The outcome of one admitted attempt; exactly one of these is called. */
export interface AdmittedAttempt {
  succeeded(): void;
  failed(error: BrokerError): void;
}

/**
 * Per profile: after N unhealthy failures in a row (5xx, timeouts, dropped connections,
 * garbage), stop calling Kite for a cool-down so a scan does not hammer a broker that is down,
 * then let a single trial call decide whether to resume. The refusal names the last failure, so
 * the trader sees why and not just "unavailable".
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private lastFailure: BrokerError | null = null;
  private trialInFlight = false;

  constructor(
    private readonly clock: Clock,
    readonly policy: CircuitBreakerPolicy = DEFAULT_BREAKER_POLICY,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.remainingMs() > 0 ? 'open' : 'half-open';
  }

  /** Throws the "paused" error if a call would be refused now; takes no slot. */
  assertCallable(): void {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw this.refusal();
    }
  }

  /** Admits one attempt (in half-open, the single trial) or throws the "paused" error. */
  admit(): AdmittedAttempt {
    this.assertCallable();
    const isTrial = this.state === 'half-open';
    if (isTrial) this.trialInFlight = true;
    let settled = false;
    return {
      succeeded: () => {
        if (settled) return;
        settled = true;
        if (isTrial) this.trialInFlight = false;
        this.consecutiveFailures = 0;
        this.openedAt = null;
      },
      failed: (error) => {
        if (settled) return;
        settled = true;
        if (isTrial) this.trialInFlight = false;
        if (!error.unhealthy) return;
        this.lastFailure = error;
        this.consecutiveFailures++;
        if (isTrial || this.consecutiveFailures >= this.policy.failureThreshold) {
          this.openedAt = this.clock.now().getTime();
        }
      },
    };
  }

  private remainingMs(): number {
    if (this.openedAt === null) return 0;
    return this.openedAt + this.policy.coolDownMs - this.clock.now().getTime();
  }

  private refusal(): BrokerError {
    const seconds = Math.max(1, Math.ceil(this.remainingMs() / 1000));
    const why = this.lastFailure === null ? '' : ` Last failure: ${this.lastFailure.message}`;
    const when =
      this.state === 'open'
        ? `for ${seconds} s`
        : 'until a trial request that is already on its way comes back';
    return new BrokerError(
      'circuit-open',
      `Premia paused calls to Kite ${when} after ${this.consecutiveFailures} failures in a row.${why}`,
      { retryAfterSeconds: this.state === 'open' ? seconds : 1 },
    );
  }
}
