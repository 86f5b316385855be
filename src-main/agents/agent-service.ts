import type { ProfileId } from '../../src-preload/contract';
import { AgentInputSchema, type AgentDefinition } from '../../src-preload/contract/domains/agents';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import type { ProfileAccess } from '../domain/access';
import { UserFacingError } from '../domain/errors';
import type { JournalService } from '../journal';
import type { ScanService } from '../scan/scan-service';
import type { StoredAgent, StoredAgentRun, StoredAlert } from '../storage/agent-records';
import type { AgentStore } from '../storage/agent-store';
import { AgentManager, type AgentActivity, type Readiness } from './agent-manager';
import { AgentRunner, definitionOf, type AgentRunReport } from './agent-runner';
import { NseCalendar } from './nse-calendar';
import { describeSchedule } from './schedule';

export interface AgentServiceDeps {
  readonly store: AgentStore;
  readonly scans: Pick<ScanService, 'start'>;
  readonly journal: Pick<JournalService, 'recompute'>;
  readonly access: ProfileAccess;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Profiles signed in in this process: each gets an agent manager. */
  readonly signedIn: () => readonly ProfileId[];
  readonly readiness: (profileId: ProfileId) => Promise<Readiness>;
  /** New alerts, for the desktop notification (the shell's seam; absent in the CLI). */
  readonly notify?: (profileId: ProfileId, alerts: readonly StoredAlert[]) => void;
  readonly calendar?: NseCalendar;
}

export interface AgentView {
  readonly id: number;
  readonly name: string;
  readonly definition: AgentDefinition;
  readonly schedule: string;
  /** 'paused' by the trader; 'waiting' while the profile cannot run agents (see `reason`). */
  readonly state: 'scheduled' | 'running' | 'paused' | 'waiting';
  readonly reason: string | null;
  readonly nextRunAt: string | null;
  readonly lastRun: StoredAgentRun | null;
}

/** An agent definition, or a refusal naming the field in words (the CLI and the screen alike). */
function checkedDefinition(input: unknown): AgentDefinition {
  const parsed = AgentInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new UserFacingError('BAD_INPUT', issues[0]?.message ?? 'This agent is not valid.', {
    issues,
  });
}

/** Seconds between schedule checks on a real timer: slots are whole minutes. */
export const AGENT_CHECK_INTERVAL_MS = 15_000;

/**
 * The profile's agents: saved definitions, one AgentManager per signed-in profile, the alerts
 * inbox. Every call checks the profile is unlocked; the CLI and the IPC handlers only parse,
 * call one method and print.
 */
export class AgentService {
  private readonly managers = new Map<ProfileId, AgentManager>();
  private readonly runner: AgentRunner;
  private readonly calendar: NseCalendar;
  private ticking: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(profileId: ProfileId, activity: AgentActivity) => void>();

  constructor(private readonly deps: AgentServiceDeps) {
    this.runner = new AgentRunner(deps);
    this.calendar = deps.calendar ?? new NseCalendar();
  }

  private managerOf(profileId: ProfileId): AgentManager {
    const existing = this.managers.get(profileId);
    if (existing !== undefined) return existing;
    const manager = new AgentManager({
      profileId,
      store: this.deps.store,
      runner: this.runner,
      calendar: this.calendar,
      clock: this.deps.clock,
      logger: this.deps.logger,
      readiness: () => this.deps.readiness(profileId),
      onAlerts: (alerts) => this.deps.notify?.(profileId, alerts),
      onActivity: (activity) => {
        for (const listener of this.listeners) listener(profileId, activity);
      },
    });
    this.managers.set(profileId, manager);
    return manager;
  }

  private async agentOf(profileId: ProfileId, agentId: number): Promise<StoredAgent> {
    this.deps.access.requireUnlocked(profileId);
    const agent = (await this.deps.store.list(profileId)).find((a) => a.id === agentId);
    if (agent === undefined)
      throw new UserFacingError('NOT_FOUND', `This profile has no agent ${agentId}.`);
    return agent;
  }

  async list(profileId: ProfileId): Promise<AgentView[]> {
    this.deps.access.requireUnlocked(profileId);
    const manager = this.managerOf(profileId);
    await manager.recover();
    const agents = await this.deps.store.list(profileId);
    const latest = new Map(
      (await this.deps.store.latestRuns(profileId)).map((r) => [r.agentId, r]),
    );
    return agents.map((agent) => {
      const definition = definitionOf(agent);
      const waiting = manager.pauseReason;
      const state = agent.paused
        ? 'paused'
        : manager.isRunning(agent.id)
          ? 'running'
          : waiting !== null
            ? 'waiting'
            : 'scheduled';
      const next = agent.paused ? null : manager.nextRunAt(agent);
      return {
        id: agent.id,
        name: agent.name,
        definition,
        schedule: describeSchedule(definition.schedule),
        state,
        reason: agent.paused ? 'Paused by you.' : waiting,
        nextRunAt: next === null ? null : next.toISOString(),
        lastRun: latest.get(agent.id) ?? null,
      };
    });
  }

  /** Runs starting and finishing, for every profile of this process. */
  onActivity(listener: (profileId: ProfileId, activity: AgentActivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async add(profileId: ProfileId, input: unknown): Promise<number> {
    this.deps.access.requireUnlocked(profileId);
    const definition = checkedDefinition(input);
    return this.deps.store.save(profileId, {
      id: null,
      name: definition.name,
      definitionJson: JSON.stringify(definition),
      at: this.deps.clock.now().toISOString(),
    });
  }

  async update(profileId: ProfileId, agentId: number, input: unknown): Promise<void> {
    await this.agentOf(profileId, agentId);
    const definition = checkedDefinition(input);
    await this.deps.store.save(profileId, {
      id: agentId,
      name: definition.name,
      definitionJson: JSON.stringify(definition),
      at: this.deps.clock.now().toISOString(),
    });
    this.managerOf(profileId).reschedule(agentId);
  }

  async remove(profileId: ProfileId, agentId: number): Promise<void> {
    await this.agentOf(profileId, agentId);
    if (this.managerOf(profileId).isRunning(agentId))
      throw new UserFacingError('BAD_INPUT', 'This agent is running; remove it once the run ends.');
    await this.deps.store.remove(profileId, agentId);
  }

  async setPaused(profileId: ProfileId, agentId: number, paused: boolean): Promise<void> {
    await this.agentOf(profileId, agentId);
    await this.deps.store.setPaused(
      profileId,
      agentId,
      paused,
      this.deps.clock.now().toISOString(),
    );
    this.managerOf(profileId).reschedule(agentId);
  }

  /** Runs an agent now and resolves with its outcome once it has finished. */
  async runNow(profileId: ProfileId, agentId: number): Promise<AgentRunReport> {
    const agent = await this.agentOf(profileId, agentId);
    return this.managerOf(profileId).runNow(agent);
  }

  async alerts(
    profileId: ProfileId,
    query: {
      readonly unreadOnly?: boolean;
      readonly limit?: number;
      readonly before?: number;
    } = {},
  ): Promise<{ alerts: StoredAlert[]; unread: number }> {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.store.alerts(profileId, {
      unreadOnly: query.unreadOnly ?? false,
      limit: Math.min(Math.max(query.limit ?? 50, 1), 500),
      ...(query.before === undefined ? {} : { before: query.before }),
    });
  }

  async markRead(
    profileId: ProfileId,
    alertIds: readonly number[] | 'all',
    read = true,
  ): Promise<number> {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.store.markRead(profileId, alertIds, read, this.deps.clock.now().toISOString());
  }

  storageReport(profileId: ProfileId) {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.store.storageReport(profileId);
  }

  /** Checks every signed-in profile's schedules (serialised: a slow tick delays the next). */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(() => this.tickAll());
    return this.ticking;
  }

  private async tickAll(): Promise<void> {
    const signedIn = new Set(this.deps.signedIn());
    for (const profileId of [...this.managers.keys()])
      if (!signedIn.has(profileId)) await this.stopProfile(profileId);
    for (const profileId of signedIn) {
      try {
        await this.managerOf(profileId).tick();
      } catch (error) {
        this.deps.logger.warn('agents.tick-failed', {
          profileId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  /** tick() now and then on a real timer; `keepAlive` holds the process open (agents serve). */
  start(intervalMs = AGENT_CHECK_INTERVAL_MS, options: { keepAlive?: boolean } = {}): () => void {
    void this.tick();
    const timer = setInterval(() => void this.tick(), intervalMs);
    if (options.keepAlive !== true) timer.unref();
    return () => clearInterval(timer);
  }

  /** Waits for a profile's runs in progress and drops its manager (sign-out, shutdown). */
  async stopProfile(profileId: ProfileId): Promise<void> {
    const manager = this.managers.get(profileId);
    if (manager === undefined) return;
    await manager.idle();
    this.managers.delete(profileId);
  }

  /** Resolves once every run in progress has finished. */
  async idle(): Promise<void> {
    await this.ticking;
    await Promise.all([...this.managers.values()].map((m) => m.idle()));
  }

  async close(): Promise<void> {
    await this.idle();
    this.managers.clear();
  }
}
