import { StorageFailure } from './errors';
import type { AgentRunOutcome, AgentWrite, AgentWriteOutcome } from './agent-records';
import { recountFacets } from './run-facets';
import type { SqliteDatabase } from './sqlite';

/**
 * Agents' writes, run by the writer thread on the profile's writable connection, each in one
 * transaction: a run's alerts, its match set and its roll-up commit together or not at all.
 */
export function applyAgentWrite(db: SqliteDatabase, write: AgentWrite): AgentWriteOutcome {
  const inTransaction = <T>(work: () => T): T => db.transaction(work).immediate();
  switch (write.kind) {
    case 'save':
      return { kind: 'saved', id: inTransaction(() => saveAgent(db, write)) };
    case 'remove':
      return {
        kind: 'changed',
        changed: db.prepare('DELETE FROM agents WHERE id = ?').run(write.agentId).changes,
      };
    case 'pause':
      return {
        kind: 'changed',
        changed: db
          .prepare('UPDATE agents SET paused = ?, updated_at = ? WHERE id = ?')
          .run(write.paused ? 1 : 0, write.at, write.agentId).changes,
      };
    case 'beginRun':
      return {
        kind: 'begun',
        agentRunId: Number(
          db
            .prepare(
              `INSERT INTO agent_runs (agent_id, trigger, status, started_at)
               VALUES (?, ?, 'running', ?)`,
            )
            .run(write.agentId, write.trigger, write.at).lastInsertRowid,
        ),
      };
    case 'linkScan':
      db.prepare(
        'INSERT INTO agent_run_scans (run_id, agent_run_id, purpose) VALUES (?, ?, ?)',
      ).run(write.runId, write.agentRunId, write.purpose);
      return { kind: 'changed', changed: 1 };
    case 'finishRun':
      return inTransaction(() => finishRun(db, write.outcome));
    case 'recover':
      return {
        kind: 'changed',
        changed: db
          .prepare(
            `UPDATE agent_runs SET status = 'interrupted', finished_at = ?, detail = ?
             WHERE status = 'running'`,
          )
          .run(write.at, write.detail).changes,
      };
    case 'markRead':
      return { kind: 'changed', changed: inTransaction(() => markRead(db, write)) };
  }
}

function saveAgent(db: SqliteDatabase, write: Extract<AgentWrite, { kind: 'save' }>): number {
  const clash = db.prepare('SELECT id FROM agents WHERE name = ?').pluck().get(write.name) as
    number | undefined;
  if (clash !== undefined && clash !== write.id) {
    throw new StorageFailure(
      'constraint',
      `agent name ${write.name} taken`,
      `This profile already has an agent named "${write.name}". Pick another name.`,
    );
  }
  if (write.id === null) {
    return Number(
      db
        .prepare(
          `INSERT INTO agents (name, definition_json, created_at, updated_at) VALUES (?, ?, ?, ?)`,
        )
        .run(write.name, write.definitionJson, write.at, write.at).lastInsertRowid,
    );
  }
  const changed = db
    .prepare('UPDATE agents SET name = ?, definition_json = ?, updated_at = ? WHERE id = ?')
    .run(write.name, write.definitionJson, write.at, write.id).changes;
  if (changed === 0)
    throw new StorageFailure('not_found', `agent ${write.id}`, `Agent ${write.id} does not exist.`);
  // A changed agent starts over: its old matches and snapshot say nothing about the new rules.
  db.prepare('DELETE FROM agent_matches WHERE agent_id = ?').run(write.id);
  db.prepare('DELETE FROM agent_snapshots WHERE agent_id = ?').run(write.id);
  db.prepare('DELETE FROM agent_baselines WHERE agent_id = ?').run(write.id);
  return write.id;
}

function markRead(db: SqliteDatabase, write: Extract<AgentWrite, { kind: 'markRead' }>): number {
  const readAt = write.read ? write.at : null;
  if (write.alertIds === 'all') {
    return db
      .prepare(`UPDATE alerts SET read_at = ? WHERE (read_at IS NULL) = ?`)
      .run(readAt, write.read ? 1 : 0).changes;
  }
  const update = db.prepare('UPDATE alerts SET read_at = ? WHERE id = ?');
  let changed = 0;
  for (const id of write.alertIds) changed += update.run(readAt, id).changes;
  return changed;
}

/**
 * Raises an alert for each match that was not already active, forgets matches that ended, keeps
 * the snapshot for the next comparison, then drops unneeded rows and rolls up older runs.
 */
function finishRun(db: SqliteDatabase, outcome: AgentRunOutcome): AgentWriteOutcome {
  const agentName = db
    .prepare('SELECT name FROM agents WHERE id = ?')
    .pluck()
    .get(outcome.agentId) as string | undefined;
  const alertIds: number[] = [];
  if (outcome.matches !== null && agentName !== undefined) {
    alertIds.push(...applyMatches(db, outcome, agentName));
    if (outcome.snapshot !== null) {
      db.prepare('DELETE FROM agent_snapshots WHERE agent_id = ?').run(outcome.agentId);
      const insert = db.prepare(
        'INSERT OR REPLACE INTO agent_snapshots (agent_id, tradingsymbol, annualized_yield_pct) VALUES (?, ?, ?)',
      );
      for (const row of outcome.snapshot)
        insert.run(outcome.agentId, row.tradingsymbol, row.annualizedYieldPct);
      db.prepare('INSERT OR REPLACE INTO agent_baselines (agent_id, at) VALUES (?, ?)').run(
        outcome.agentId,
        outcome.at,
      );
    }
  }
  db.prepare(
    `UPDATE agent_runs SET status = ?, finished_at = ?, detail = ?, options_passing = ?,
       alerts_raised = ? WHERE id = ?`,
  ).run(
    outcome.status,
    outcome.at,
    outcome.detail,
    outcome.optionsPassing,
    alertIds.length,
    outcome.agentRunId,
  );
  const rowsDropped = dropUnneededRows(db, outcome);
  const runsRolledUp = rollUp(db, outcome);
  return { kind: 'finished', alertIds, runsRolledUp, rowsDropped };
}

function applyMatches(db: SqliteDatabase, outcome: AgentRunOutcome, agentName: string): number[] {
  const matches = outcome.matches ?? [];
  const keep = new Set([...matches.map((m) => m.matchKey), ...outcome.carriedKeys]);
  const active = db
    .prepare('SELECT match_key FROM agent_matches WHERE agent_id = ?')
    .pluck()
    .all(outcome.agentId) as string[];
  const forget = db.prepare('DELETE FROM agent_matches WHERE agent_id = ? AND match_key = ?');
  for (const key of active) if (!keep.has(key)) forget.run(outcome.agentId, key);
  const remember = db.prepare(
    'INSERT OR IGNORE INTO agent_matches (agent_id, match_key, since) VALUES (?, ?, ?)',
  );
  const raise = db.prepare(
    `INSERT OR IGNORE INTO alerts (agent_id, agent_name, agent_run_id, run_id, dedupe_key, kind,
       underlying, tradingsymbol, message, values_json, raised_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids: number[] = [];
  for (const match of matches) {
    if (remember.run(outcome.agentId, match.matchKey, outcome.at).changes === 0) continue;
    const inserted = raise.run(
      outcome.agentId,
      agentName,
      outcome.agentRunId,
      match.runId,
      `${outcome.agentId}|${match.matchKey}|${outcome.agentRunId}`,
      match.kind,
      match.underlying,
      match.tradingsymbol,
      match.message,
      match.valuesJson,
      outcome.at,
    );
    if (inserted.changes === 1) ids.push(Number(inserted.lastInsertRowid));
  }
  return ids;
}

/**
 * Scan rows of this agent run that no alert and no comparison needs: a saved scan keeps its
 * filtered rows, a position scan (a whole chain, unfiltered) only the positions' options.
 */
function dropUnneededRows(db: SqliteDatabase, outcome: AgentRunOutcome): number {
  const keep = JSON.stringify(outcome.keepSymbols);
  const dropped = db
    .prepare(
      `DELETE FROM result_rows WHERE run_id IN
         (SELECT run_id FROM agent_run_scans WHERE agent_run_id = @run)
       AND (passes_filters = 0 OR run_id IN
         (SELECT run_id FROM agent_run_scans WHERE agent_run_id = @run AND purpose = 'positions'))
       AND tradingsymbol NOT IN (SELECT value FROM json_each(@keep))
       AND tradingsymbol NOT IN (SELECT tradingsymbol FROM alerts WHERE agent_run_id = @run)`,
    )
    .run({ run: outcome.agentRunId, keep }).changes;
  // A chain whose rows all went would otherwise outweigh the few rows an agent run keeps.
  db.prepare(
    `DELETE FROM result_chains WHERE run_id IN
       (SELECT run_id FROM agent_run_scans WHERE agent_run_id = ?)
     AND NOT EXISTS (SELECT 1 FROM result_rows r
       WHERE r.run_id = result_chains.run_id AND r.chain_id = result_chains.id)`,
  ).run(outcome.agentRunId);
  if (dropped > 0) {
    const runIds = db
      .prepare('SELECT run_id FROM agent_run_scans WHERE agent_run_id = ?')
      .pluck()
      .all(outcome.agentRunId) as number[];
    recountFacets(db, runIds);
  }
  return dropped;
}

/**
 * Keeps the newest `keepDetailedRuns` runs of the agent with their scans; older ones keep only
 * their summary row (their scans, and so their option rows, are deleted). Beyond
 * `keepSummaries`, the oldest summaries go too. Alerts keep their own copy of what matched.
 */
function rollUp(db: SqliteDatabase, outcome: AgentRunOutcome): number {
  const older = db
    .prepare(
      `SELECT id FROM agent_runs WHERE agent_id = ? AND status != 'running' AND rolled_up = 0
       ORDER BY id DESC LIMIT -1 OFFSET ?`,
    )
    .pluck()
    .all(outcome.agentId, outcome.keepDetailedRuns) as number[];
  const deleteScans = db.prepare(
    'DELETE FROM runs WHERE id IN (SELECT run_id FROM agent_run_scans WHERE agent_run_id = ?)',
  );
  const mark = db.prepare('UPDATE agent_runs SET rolled_up = 1 WHERE id = ?');
  for (const id of older) {
    deleteScans.run(id);
    mark.run(id);
  }
  db.prepare(
    `DELETE FROM agent_runs WHERE agent_id = ? AND status != 'running' AND id NOT IN
       (SELECT id FROM agent_runs WHERE agent_id = ? ORDER BY id DESC LIMIT ?)`,
  ).run(outcome.agentId, outcome.agentId, outcome.keepSummaries);
  return older.length;
}
