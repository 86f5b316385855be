import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import type { StoredAgent, StoredAlert } from '../storage/agent-records';
import type { AgentStore } from '../storage/agent-store';
import { definitionOf, type AgentRunner, type AgentRunReport } from './agent-runner';
import type { NseCalendar } from './nse-calendar';
import { nextRun } from './schedule';

/** Whether a profile's agents may run now, and if not, the sentence the trader sees. */
export type Readiness =
  { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface AgentManagerDeps {
  readonly profileId: ProfileId;
  readonly store: AgentStore;
  readonly runner: AgentRunner;
  readonly calendar: NseCalendar;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly readiness: () => Promise<Readiness>;
  /** New alerts of a finished run (the desktop notification seam). */
  readonly onAlerts: (alerts: readonly StoredAlert[]) => void;
  /** A run started or finished (`agents serve` prints it). */
  readonly onActivity: (activity: AgentActivity) => void;
}

export type AgentActivity =
  | { readonly phase: 'started'; readonly agent: StoredAgent; readonly trigger: string }
  | { readonly phase: 'finished'; readonly agent: StoredAgent; readonly report: AgentRunReport }
  | { readonly phase: 'paused'; readonly reason: string }
  | { readonly phase: 'resumed' };

/**
 * One profile's agents on the injected clock. tick() starts every agent whose next run is due;
 * an agent still running is never started again (a run slower than its interval skips the slots
 * it overran, and the next run is the first slot after it finished). While the profile is
 * locked or its Kite token has expired the manager pauses with the reason, and on resuming it
 * waits for the next slot rather than catching up on the missed ones.
 */
export class AgentManager {
  private readonly running = new Map<number, Promise<AgentRunReport>>();
  private readonly nextDue = new Map<number, Date | null>();
  private pausedReason: string | null = null;
  private recovered = false;

  constructor(private readonly deps: AgentManagerDeps) {}

  get pauseReason(): string | null {
    return this.pausedReason;
  }

  isRunning(agentId: number): boolean {
    return this.running.has(agentId);
  }

  nextRunAt(agent: StoredAgent): Date | null {
    // Counted from when this manager first sees the agent: missed slots are not caught up.
    if (!this.nextDue.has(agent.id)) {
      const schedule = definitionOf(agent).schedule;
      this.nextDue.set(agent.id, nextRun(schedule, this.deps.clock.now(), this.deps.calendar));
    }
    return this.nextDue.get(agent.id) ?? null;
  }

  /** An agent was edited, paused or resumed: its next run is counted again from now. */
  reschedule(agentId: number): void {
    this.nextDue.delete(agentId);
  }

  /** Whether the profile may run agents now; a change is logged and reported once. */
  private async checkReadiness(): Promise<boolean> {
    const readiness = await this.deps.readiness();
    const { profileId } = this.deps;
    if (!readiness.ready) {
      if (this.pausedReason !== readiness.reason) {
        this.deps.logger.info('agents.paused', { profileId, reason: readiness.reason });
        this.deps.onActivity({ phase: 'paused', reason: readiness.reason });
      }
      this.pausedReason = readiness.reason;
      return false;
    }
    if (this.pausedReason !== null) {
      this.deps.logger.info('agents.resumed', { profileId });
      this.deps.onActivity({ phase: 'resumed' });
      this.pausedReason = null;
      this.nextDue.clear();
    }
    return true;
  }

  async tick(): Promise<void> {
    // Without an agent to run there is nothing to check: readiness reads the vault (keychain).
    const agents = (await this.deps.store.list(this.deps.profileId)).filter((a) => !a.paused);
    if (agents.length === 0 || !(await this.checkReadiness())) return;
    await this.recover();
    const now = this.deps.clock.now().getTime();
    for (const agent of agents) {
      if (this.running.has(agent.id)) continue;
      const due = this.nextRunAt(agent);
      if (due !== null && due.getTime() <= now)
        void this.start(agent, 'schedule').catch(() => undefined);
    }
  }

  /**
   * Agent runs a killed process left running become interrupted, once per manager (the
   * workspace lock means no other process is running this profile's agents).
   */
  async recover(): Promise<void> {
    if (this.recovered) return;
    this.recovered = true;
    await this.deps.store.recover(
      this.deps.profileId,
      this.deps.clock.now().toISOString(),
      'Premia stopped during this run; what it had committed is kept.',
    );
  }

  /** Runs an agent now (the trader asked); refused while paused or already running. */
  async runNow(agent: StoredAgent): Promise<AgentRunReport> {
    const readiness = await this.deps.readiness();
    if (!readiness.ready) throw new UserFacingError('LOCKED', readiness.reason);
    const current = this.running.get(agent.id);
    if (current !== undefined)
      throw new UserFacingError('BAD_INPUT', `Agent "${agent.name}" is already running.`);
    return this.start(agent, 'manual');
  }

  private start(agent: StoredAgent, trigger: 'schedule' | 'manual'): Promise<AgentRunReport> {
    const { profileId } = this.deps;
    const run = (async () => {
      try {
        this.deps.onActivity({ phase: 'started', agent, trigger });
        const report = await this.deps.runner.run(profileId, agent, trigger);
        this.deps.onActivity({ phase: 'finished', agent, report });
        if (report.alertIds.length > 0)
          this.deps.onAlerts(await this.deps.store.alertsByIds(profileId, report.alertIds));
        return report;
      } finally {
        this.running.delete(agent.id);
        const schedule = definitionOf(agent).schedule;
        this.nextDue.set(agent.id, nextRun(schedule, this.deps.clock.now(), this.deps.calendar));
      }
    })();
    this.running.set(agent.id, run);
    run.catch((error: unknown) =>
      this.deps.logger.error('agents.run-crashed', {
        profileId,
        agentId: agent.id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return run;
  }

  /** Resolves once every run in progress has finished (or failed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
