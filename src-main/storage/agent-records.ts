/**
 * Agents' rows as they cross into the writer thread and back out of a reader: declared once here
 * so the writer (agent-writes.ts), the reads (agent-store.ts) and the agent services agree.
 */

export type AgentRunTrigger = 'schedule' | 'manual';
export type AgentRunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface StoredAgent {
  readonly id: number;
  readonly name: string;
  readonly definitionJson: string;
  readonly paused: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredAgentRun {
  readonly id: number;
  readonly agentId: number;
  readonly trigger: AgentRunTrigger;
  readonly status: AgentRunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly optionsPassing: number;
  readonly alertsRaised: number;
  readonly detail: string | null;
  readonly rolledUp: boolean;
  /** The scan runs this agent run started (gone once it is rolled up). */
  readonly runIds: number[];
}

/** A condition an agent run found true; an alert is raised if it was not true the run before. */
export interface AlertMatch {
  /** Stable across runs while the condition holds, e.g. `rom-above:NIFTY26JAN24000PE`. */
  readonly matchKey: string;
  readonly kind: string;
  readonly underlying: string;
  readonly tradingsymbol: string;
  readonly message: string;
  readonly valuesJson: string;
  /** The scan run whose row matched. */
  readonly runId: number | null;
}

export interface AgentRunOutcome {
  readonly agentId: number;
  readonly agentRunId: number;
  readonly at: string;
  readonly status: 'completed' | 'failed';
  readonly detail: string | null;
  readonly optionsPassing: number;
  /** Every condition true now; null when the run could not evaluate (a failed run). */
  readonly matches: readonly AlertMatch[] | null;
  /** Match keys neither confirmed nor refuted (no quote this time): they stay as they were. */
  readonly carriedKeys: readonly string[];
  /** The filtered options now, for the next run's comparison; null leaves the last one. */
  readonly snapshot: readonly { tradingsymbol: string; annualizedYieldPct: number | null }[] | null;
  /** Option rows of position scans worth keeping (the positions'); other unfiltered rows go. */
  readonly keepSymbols: readonly string[];
  /** Agent runs of this agent kept with their rows; older ones are rolled up. */
  readonly keepDetailedRuns: number;
  /** Summary rows of this agent kept at most. */
  readonly keepSummaries: number;
}

export type AgentWrite =
  | {
      readonly kind: 'save';
      readonly id: number | null;
      readonly name: string;
      readonly definitionJson: string;
      readonly at: string;
    }
  | { readonly kind: 'remove'; readonly agentId: number }
  | {
      readonly kind: 'pause';
      readonly agentId: number;
      readonly paused: boolean;
      readonly at: string;
    }
  | {
      readonly kind: 'beginRun';
      readonly agentId: number;
      readonly trigger: AgentRunTrigger;
      readonly at: string;
    }
  | {
      readonly kind: 'linkScan';
      readonly agentRunId: number;
      readonly runId: number;
      readonly purpose: 'scan' | 'positions';
    }
  | { readonly kind: 'finishRun'; readonly outcome: AgentRunOutcome }
  | { readonly kind: 'recover'; readonly at: string; readonly detail: string }
  | {
      readonly kind: 'markRead';
      readonly alertIds: readonly number[] | 'all';
      readonly read: boolean;
      readonly at: string;
    };

export type AgentWriteOutcome =
  | { readonly kind: 'saved'; readonly id: number }
  | { readonly kind: 'changed'; readonly changed: number }
  | { readonly kind: 'begun'; readonly agentRunId: number }
  | {
      readonly kind: 'finished';
      readonly alertIds: readonly number[];
      readonly runsRolledUp: number;
      readonly rowsDropped: number;
    };

export interface StoredAlert {
  readonly id: number;
  readonly agentId: number | null;
  readonly agentName: string;
  readonly agentRunId: number | null;
  readonly runId: number | null;
  readonly kind: string;
  readonly underlying: string;
  readonly tradingsymbol: string;
  readonly message: string;
  readonly valuesJson: string;
  readonly raisedAt: string;
  readonly readAt: string | null;
}

/** What agents keep in a profile database (the workspace screen shows it). */
export interface AgentStorageReport {
  readonly agents: number;
  readonly agentRuns: number;
  readonly agentRunsRolledUp: number;
  readonly scanRunsKept: number;
  readonly optionRowsKept: number;
  readonly alerts: number;
  readonly unreadAlerts: number;
}

/** An option row of an agent's scan, as the alert rules read it. */
export interface AgentOptionRow {
  readonly runId: number;
  readonly underlying: string;
  readonly tradingsymbol: string;
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly expiry: string;
  readonly spot: number;
  readonly premium: number | null;
  readonly delta: number | null;
  readonly annualizedYieldPct: number | null;
  readonly annualizedRomPct: number | null;
  readonly passes: boolean;
}
