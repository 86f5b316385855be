import type { ProfileId } from '../../src-preload/contract';
import { AgentInputSchema, type AgentDefinition } from '../../src-preload/contract/domains/agents';
import { OPEN_FILTERS } from '../../src-preload/contract/domains/scans';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import type { JournalService } from '../journal';
import type { ScanRequest, ScanService } from '../scan/scan-service';
import type { AgentOptionRow, StoredAgent } from '../storage/agent-records';
import type { AgentStore } from '../storage/agent-store';
import { evaluateRules, type ShortPosition } from './alert-rules';

/** Agent runs kept with their option rows; older ones keep only their summary. */
export const KEEP_DETAILED_RUNS = 3;
/** About two weeks of five-minute runs; older summaries go. */
export const KEEP_RUN_SUMMARIES = 1_000;

export interface AgentRunnerDeps {
  readonly store: AgentStore;
  readonly scans: Pick<ScanService, 'start'>;
  readonly journal: Pick<JournalService, 'recompute'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface AgentRunReport {
  readonly agentRunId: number;
  readonly status: 'completed' | 'failed';
  readonly detail: string | null;
  readonly alertIds: readonly number[];
}

export function definitionOf(agent: StoredAgent): AgentDefinition {
  return AgentInputSchema.parse(JSON.parse(agent.definitionJson));
}

/** The journal's open short options (net short calls and puts that have not expired). */
export async function openShorts(
  journal: Pick<JournalService, 'recompute'>,
  profileId: ProfileId,
): Promise<ShortPosition[]> {
  // The whole history (no date window): a position opened long ago is still open today.
  const { positions } = await journal.recompute(profileId, {});
  return positions.flatMap((p) =>
    p.quantity < 0 &&
    (p.kind === 'CE' || p.kind === 'PE') &&
    p.strike !== null &&
    p.expiry !== null &&
    !p.awaitingSettlement
      ? [
          {
            tradingsymbol: p.tradingsymbol,
            underlying: p.underlying,
            kind: p.kind,
            strike: p.strike,
            expiry: p.expiry,
            quantity: -p.quantity,
            entryPrice: p.averagePrice,
            openedAt: p.openedAt,
          },
        ]
      : [],
  );
}

/**
 * One run of one agent: its saved scan and, for position watch, a scan of each expiry the open
 * shorts are in, all through the scan service (the same quotas, pool and rate limiter as a
 * manual scan); then its rules, its alerts and the roll-up, committed together.
 */
export class AgentRunner {
  constructor(private readonly deps: AgentRunnerDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Starts a scan linked to the agent run and waits for it; its rows, or why it failed. */
  private async scan(
    profileId: ProfileId,
    agentRunId: number,
    request: ScanRequest,
    purpose: 'scan' | 'positions',
    symbols: readonly string[],
  ): Promise<AgentOptionRow[]> {
    const { runId, done } = await this.deps.scans.start(profileId, request);
    await this.deps.store.linkScan(profileId, agentRunId, runId, purpose);
    const summary = await done;
    if (summary.status !== 'completed')
      throw new UserFacingError(
        'BROKER_ERROR',
        `Scan ${runId} ${summary.status}${summary.errorSummary === null ? '' : `: ${summary.errorSummary}`}`,
      );
    return this.deps.store.optionRows(profileId, runId, symbols);
  }

  async run(
    profileId: ProfileId,
    agent: StoredAgent,
    trigger: 'schedule' | 'manual',
  ): Promise<AgentRunReport> {
    const { store } = this.deps;
    const agentRunId = await store.beginRun(profileId, agent.id, trigger, this.now());
    try {
      return await this.evaluate(profileId, agent, agentRunId);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn('agents.run-failed', { profileId, agentId: agent.id, detail });
      await store.finishRun(profileId, {
        agentId: agent.id,
        agentRunId,
        at: this.now(),
        status: 'failed',
        detail,
        optionsPassing: 0,
        matches: null,
        carriedKeys: [],
        snapshot: null,
        keepSymbols: [],
        keepDetailedRuns: KEEP_DETAILED_RUNS,
        keepSummaries: KEEP_RUN_SUMMARIES,
      });
      return { agentRunId, status: 'failed', detail, alertIds: [] };
    }
  }

  private async evaluate(
    profileId: ProfileId,
    agent: StoredAgent,
    agentRunId: number,
  ): Promise<AgentRunReport> {
    const definition = definitionOf(agent);
    const { rules, scan } = definition;
    const positions =
      rules.positionWatch === null ? [] : await openShorts(this.deps.journal, profileId);
    const positionSymbols = positions.map((p) => p.tradingsymbol);
    const quotes = new Map<string, AgentOptionRow>();
    let filtered: AgentOptionRow[] = [];
    if (scan !== null) {
      const rows = await this.scan(profileId, agentRunId, scan, 'scan', positionSymbols);
      filtered = rows.filter((row) => row.passes);
      for (const row of rows) quotes.set(row.tradingsymbol, row);
    }
    for (const [expiry, group] of groupByExpiry(
      positions.filter((p) => !quotes.has(p.tradingsymbol)),
    )) {
      const request: ScanRequest = {
        symbols: [...new Set(group.map((p) => p.underlying))],
        expiry,
        filters: OPEN_FILTERS,
        // A short's cost to close is nearer the mid than the bid a seller would get.
        model: { basis: 'mid' },
      };
      const symbols = group.map((p) => p.tradingsymbol);
      for (const row of await this.scan(profileId, agentRunId, request, 'positions', symbols))
        if (symbols.includes(row.tradingsymbol)) quotes.set(row.tradingsymbol, row);
    }
    const previous = await this.deps.store.snapshot(profileId, agent.id);
    const { matches, unknownKeys } = evaluateRules({
      rules,
      filtered,
      previous,
      positions,
      quotes,
    });
    const finished = await this.deps.store.finishRun(profileId, {
      agentId: agent.id,
      agentRunId,
      at: this.now(),
      status: 'completed',
      detail: `${filtered.length} option(s) in the filtered set, ${positions.length} open short(s) watched.`,
      optionsPassing: filtered.length,
      matches,
      carriedKeys: unknownKeys,
      snapshot:
        scan === null
          ? null
          : filtered.map((row) => ({
              tradingsymbol: row.tradingsymbol,
              annualizedYieldPct: row.annualizedYieldPct,
            })),
      keepSymbols: positionSymbols,
      keepDetailedRuns: KEEP_DETAILED_RUNS,
      keepSummaries: KEEP_RUN_SUMMARIES,
    });
    return {
      agentRunId,
      status: 'completed',
      detail: null,
      alertIds: finished.alertIds,
    };
  }
}

function groupByExpiry(positions: readonly ShortPosition[]): Map<string, ShortPosition[]> {
  const groups = new Map<string, ShortPosition[]>();
  for (const position of positions)
    groups.set(position.expiry, [...(groups.get(position.expiry) ?? []), position]);
  return groups;
}
