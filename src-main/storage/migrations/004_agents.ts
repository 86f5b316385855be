import type { Migration } from './types';

/**
 * Agents (issue #17): saved scans on a schedule, their runs, and the alerts they raise. An agent
 * run links the scan runs it started (the scan's own rows stay in `results`); older agent runs
 * are rolled up to their summary row, so five-minute scans all day do not grow the database
 * without bound. Alerts copy what they matched, so they stay readable after their run is gone.
 */
const SCHEMA = `
CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  definition_json TEXT NOT NULL,
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE agent_runs (
  id INTEGER PRIMARY KEY,
  agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  options_passing INTEGER NOT NULL DEFAULT 0,
  alerts_raised INTEGER NOT NULL DEFAULT 0,
  detail TEXT,
  rolled_up INTEGER NOT NULL DEFAULT 0 CHECK (rolled_up IN (0, 1))
) STRICT;
-- the agents list shows each agent's latest run; roll-up walks an agent's runs newest first
CREATE INDEX agent_runs_agent ON agent_runs (agent_id, id);

CREATE TABLE agent_run_scans (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  agent_run_id INTEGER NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('scan', 'positions'))
) STRICT;
CREATE INDEX agent_run_scans_agent_run ON agent_run_scans (agent_run_id);

-- The filtered options of the agent's previous completed run (for "new in the filtered set"
-- and "yield change"), independent of whether that run's rows were rolled up since.
CREATE TABLE agent_snapshots (
  agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  tradingsymbol TEXT NOT NULL,
  annualized_yield_pct REAL,
  PRIMARY KEY (agent_id, tradingsymbol)
) STRICT, WITHOUT ROWID;
CREATE TABLE agent_baselines (
  agent_id INTEGER PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  at TEXT NOT NULL
) STRICT;

-- Conditions true at the agent's previous completed run. The primary key is the dedupe: an
-- alert is raised only when its row is new, and the row goes when the condition ends.
CREATE TABLE agent_matches (
  agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  match_key TEXT NOT NULL,
  since TEXT NOT NULL,
  PRIMARY KEY (agent_id, match_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  agent_id INTEGER REFERENCES agents (id) ON DELETE SET NULL,
  agent_name TEXT NOT NULL,
  agent_run_id INTEGER REFERENCES agent_runs (id) ON DELETE SET NULL,
  run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  underlying TEXT NOT NULL,
  tradingsymbol TEXT NOT NULL,
  message TEXT NOT NULL,
  values_json TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  read_at TEXT
) STRICT;
-- the inbox pages newest first and counts unread
CREATE INDEX alerts_read ON alerts (read_at, id);
`;

export const agentsMigration: Migration = {
  version: 4,
  name: 'agents',
  up(db) {
    db.exec(SCHEMA);
  },
};
