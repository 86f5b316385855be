import type { ProfileId } from '../../src-preload/contract';
import type {
  AgentOptionRow,
  AgentRunOutcome,
  AgentStorageReport,
  AgentWrite,
  AgentWriteOutcome,
  StoredAgent,
  StoredAgentRun,
  StoredAlert,
} from './agent-records';
import type { SqliteDatabase } from './sqlite';
import type { WorkspacePaths } from './workspace';
import type { WriterOps } from './protocol';

/** What AgentStore borrows from Storage: its writer, its readers and its error handling. */
export interface AgentStoreDeps {
  readonly ready: (profileId: ProfileId) => Promise<WorkspacePaths>;
  readonly call: (payload: WriterOps['agents']['payload']) => Promise<WriterOps['agents']['value']>;
  readonly read: <T>(profileId: ProfileId, use: (db: SqliteDatabase) => T) => Promise<T>;
  readonly guard: <T>(
    operation: string,
    profileId: ProfileId,
    action: () => Promise<T>,
  ) => Promise<T>;
}

const AGENT_COLUMNS = `id, name, definition_json AS definitionJson, paused, created_at AS createdAt,
  updated_at AS updatedAt`;
const RUN_COLUMNS = `id, agent_id AS agentId, trigger, status, started_at AS startedAt,
  finished_at AS finishedAt, options_passing AS optionsPassing, alerts_raised AS alertsRaised,
  detail, rolled_up AS rolledUp,
  (SELECT json_group_array(run_id) FROM agent_run_scans s WHERE s.agent_run_id = agent_runs.id) AS runIds`;
const ALERT_COLUMNS = `id, agent_id AS agentId, agent_name AS agentName, agent_run_id AS agentRunId,
  run_id AS runId, kind, underlying, tradingsymbol, message, values_json AS valuesJson,
  raised_at AS raisedAt, read_at AS readAt`;

type AgentRow = Omit<StoredAgent, 'paused'> & { paused: number };
type RunRow = Omit<StoredAgentRun, 'rolledUp' | 'runIds'> & { rolledUp: number; runIds: string };

function agentOf(row: AgentRow): StoredAgent {
  return { ...row, paused: row.paused === 1 };
}
function runOf(row: RunRow): StoredAgentRun {
  return { ...row, rolledUp: row.rolledUp === 1, runIds: JSON.parse(row.runIds) as number[] };
}

/**
 * Agents' storage: writes go to the writer thread as one `agents` request each, reads run on the
 * profile's read-only connection. Every failure is a UserFacingError.
 */
export class AgentStore {
  constructor(private readonly deps: AgentStoreDeps) {}

  private write(operation: string, profileId: ProfileId, write: AgentWrite) {
    return this.deps.guard(`agents.${operation}`, profileId, async () => {
      const paths = await this.deps.ready(profileId);
      return this.deps.call({ profileId: paths.profileId, write });
    });
  }

  private query<T>(operation: string, profileId: ProfileId, use: (db: SqliteDatabase) => T) {
    return this.deps.guard(`agents.${operation}`, profileId, () => this.deps.read(profileId, use));
  }

  private static changed(outcome: AgentWriteOutcome): number {
    return outcome.kind === 'changed' ? outcome.changed : 0;
  }

  async save(
    profileId: ProfileId,
    agent: { id: number | null; name: string; definitionJson: string; at: string },
  ): Promise<number> {
    const outcome = await this.write('save', profileId, { kind: 'save', ...agent });
    if (outcome.kind !== 'saved') throw new Error('agents save answered another kind');
    return outcome.id;
  }

  async remove(profileId: ProfileId, agentId: number): Promise<boolean> {
    return (
      AgentStore.changed(await this.write('remove', profileId, { kind: 'remove', agentId })) > 0
    );
  }

  async setPaused(profileId: ProfileId, agentId: number, paused: boolean, at: string) {
    const write: AgentWrite = { kind: 'pause', agentId, paused, at };
    return AgentStore.changed(await this.write('pause', profileId, write)) > 0;
  }

  async beginRun(
    profileId: ProfileId,
    agentId: number,
    trigger: 'schedule' | 'manual',
    at: string,
  ) {
    const outcome = await this.write('beginRun', profileId, {
      kind: 'beginRun',
      agentId,
      trigger,
      at,
    });
    if (outcome.kind !== 'begun') throw new Error('agents beginRun answered another kind');
    return outcome.agentRunId;
  }

  async linkScan(
    profileId: ProfileId,
    agentRunId: number,
    runId: number,
    purpose: 'scan' | 'positions',
  ): Promise<void> {
    await this.write('linkScan', profileId, { kind: 'linkScan', agentRunId, runId, purpose });
  }

  async finishRun(profileId: ProfileId, outcome: AgentRunOutcome) {
    const result = await this.write('finishRun', profileId, { kind: 'finishRun', outcome });
    if (result.kind !== 'finished') throw new Error('agents finishRun answered another kind');
    return result;
  }

  /** Agent runs a crash left running become interrupted (only this process writes the profile). */
  async recover(profileId: ProfileId, at: string, detail: string): Promise<number> {
    return AgentStore.changed(
      await this.write('recover', profileId, { kind: 'recover', at, detail }),
    );
  }

  async markRead(
    profileId: ProfileId,
    alertIds: readonly number[] | 'all',
    read: boolean,
    at: string,
  ): Promise<number> {
    const write: AgentWrite = { kind: 'markRead', alertIds, read, at };
    return AgentStore.changed(await this.write('markRead', profileId, write));
  }

  list(profileId: ProfileId): Promise<StoredAgent[]> {
    return this.query('list', profileId, (db) =>
      (db.prepare(`SELECT ${AGENT_COLUMNS} FROM agents ORDER BY name`).all() as AgentRow[]).map(
        agentOf,
      ),
    );
  }

  /** Each agent's newest run (finished or not). */
  latestRuns(profileId: ProfileId): Promise<StoredAgentRun[]> {
    return this.query('latestRuns', profileId, (db) =>
      (
        db
          .prepare(
            `SELECT ${RUN_COLUMNS} FROM agent_runs WHERE id IN
               (SELECT max(id) FROM agent_runs GROUP BY agent_id)`,
          )
          .all() as RunRow[]
      ).map(runOf),
    );
  }

  runs(profileId: ProfileId, agentId: number, limit: number): Promise<StoredAgentRun[]> {
    return this.query('runs', profileId, (db) =>
      (
        db
          .prepare(
            `SELECT ${RUN_COLUMNS} FROM agent_runs WHERE agent_id = ? ORDER BY id DESC LIMIT ?`,
          )
          .all(agentId, limit) as RunRow[]
      ).map(runOf),
    );
  }

  /** The filtered options of the agent's previous completed run; null before its first. */
  snapshot(profileId: ProfileId, agentId: number): Promise<Map<string, number | null> | null> {
    return this.query('snapshot', profileId, (db) => {
      const baseline = db
        .prepare('SELECT at FROM agent_baselines WHERE agent_id = ?')
        .pluck()
        .get(agentId) as string | undefined;
      if (baseline === undefined) return null;
      const rows = db
        .prepare(
          'SELECT tradingsymbol, annualized_yield_pct AS y FROM agent_snapshots WHERE agent_id = ?',
        )
        .all(agentId) as { tradingsymbol: string; y: number | null }[];
      return new Map(rows.map((row) => [row.tradingsymbol, row.y]));
    });
  }

  /** A finished scan's rows: the filtered ones, plus any of `symbols` (open positions). */
  optionRows(
    profileId: ProfileId,
    runId: number,
    symbols: readonly string[],
  ): Promise<AgentOptionRow[]> {
    return this.query('optionRows', profileId, (db) => {
      const rows = db
        .prepare(
          `SELECT run_id AS runId, underlying, tradingsymbol, option_type AS optionType, strike,
             expiry, spot, premium, delta, annualized_yield_pct AS annualizedYieldPct,
             annualized_rom_pct AS annualizedRomPct, passes_filters AS passes
           FROM results WHERE run_id = ? AND
             (passes_filters = 1 OR tradingsymbol IN (SELECT value FROM json_each(?)))`,
        )
        .all(runId, JSON.stringify(symbols)) as (Omit<AgentOptionRow, 'passes'> & {
        passes: number;
      })[];
      return rows.map((row) => ({ ...row, passes: row.passes === 1 }));
    });
  }

  alerts(
    profileId: ProfileId,
    options: { readonly unreadOnly: boolean; readonly limit: number; readonly before?: number },
  ): Promise<{ alerts: StoredAlert[]; unread: number }> {
    return this.query('alerts', profileId, (db) => {
      const alerts = db
        .prepare(
          `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id < ? AND (? = 0 OR read_at IS NULL)
           ORDER BY id DESC LIMIT ?`,
        )
        .all(
          options.before ?? Number.MAX_SAFE_INTEGER,
          options.unreadOnly ? 1 : 0,
          options.limit,
        ) as StoredAlert[];
      const unread = db
        .prepare('SELECT count(*) FROM alerts WHERE read_at IS NULL')
        .pluck()
        .get() as number;
      return { alerts, unread };
    });
  }

  alertsByIds(profileId: ProfileId, ids: readonly number[]): Promise<StoredAlert[]> {
    return this.query('alertsByIds', profileId, (db) =>
      ids.length === 0
        ? []
        : (db
            .prepare(
              `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
            )
            .all(JSON.stringify(ids)) as StoredAlert[]),
    );
  }

  storageReport(profileId: ProfileId): Promise<AgentStorageReport> {
    return this.query('storageReport', profileId, (db) => {
      const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
      return {
        agents: count('SELECT count(*) FROM agents'),
        agentRuns: count('SELECT count(*) FROM agent_runs'),
        agentRunsRolledUp: count('SELECT count(*) FROM agent_runs WHERE rolled_up = 1'),
        scanRunsKept: count('SELECT count(*) FROM agent_run_scans'),
        optionRowsKept: count(
          'SELECT count(*) FROM results WHERE run_id IN (SELECT run_id FROM agent_run_scans)',
        ),
        alerts: count('SELECT count(*) FROM alerts'),
        unreadAlerts: count('SELECT count(*) FROM alerts WHERE read_at IS NULL'),
      };
    });
  }
}
