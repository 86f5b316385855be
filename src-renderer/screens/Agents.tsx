import { useEffect, useState } from 'react';
import type { AgentViewRecord } from '../../src-preload/contract';
import { formatIstDateTime } from '../format';
import { describeFilters } from './filter-summary';
import { useAgentsStore } from '../stores/agents-store';
import { AgentEditor } from './agents/AgentEditor';
import { AlertsInbox } from './agents/AlertsInbox';

/** How often the screen re-reads agents while open (runs start and finish on their own). */
const REFRESH_MS = 10_000;

function stateText(agent: AgentViewRecord): string {
  if (agent.state === 'scheduled')
    return agent.nextRunAt === null
      ? 'No trading day ahead'
      : `Next ${formatIstDateTime(agent.nextRunAt)}`;
  if (agent.state === 'running') return 'Running now';
  return agent.reason ?? agent.state;
}

function lastText(agent: AgentViewRecord): string {
  const run = agent.lastRun;
  if (run === null) return 'Not run yet';
  const when = formatIstDateTime(run.startedAt);
  if (run.status === 'completed')
    return `${when}: ${run.optionsPassing} in the filter, ${run.alertsRaised} new alert(s)`;
  return `${when}: ${run.status}${run.detail === null ? '' : ` — ${run.detail}`}`;
}

function AgentRow(props: { agent: AgentViewRecord; onEdit: () => void }): React.JSX.Element {
  const { setPaused, runNow, remove, busy } = useAgentsStore();
  const { agent } = props;
  return (
    <tr data-testid={`agent-${agent.id}`}>
      <th scope="row">
        {agent.name}
        {agent.definition.scan !== null && (
          <span className="muted agent-scan">
            {agent.definition.scan.symbols.join(', ')} ·{' '}
            {describeFilters(agent.definition.scan.filters)}
          </span>
        )}
      </th>
      <td>{agent.schedule}</td>
      <td className={agent.state === 'waiting' ? 'error' : undefined}>{stateText(agent)}</td>
      <td>{lastText(agent)}</td>
      <td className="actions">
        <button
          type="button"
          disabled={busy || agent.state === 'running'}
          onClick={() => void runNow(agent.id)}
        >
          Run now
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void setPaused(agent.id, agent.state !== 'paused')}
        >
          {agent.state === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={props.onEdit}>
          Edit
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Remove the agent “${agent.name}”? Its alerts stay in the inbox.`))
              void remove(agent.id);
          }}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

/** The profile's agents (scheduled scans with alert rules) and their alerts inbox. */
export function Agents(): React.JSX.Element {
  const { agents, outcome, load } = useAgentsStore();
  const [editing, setEditing] = useState<AgentViewRecord | 'new' | null>(null);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  return (
    <section aria-labelledby="agents-heading" className="screen">
      <div className="screen-heading">
        <h2 id="agents-heading" tabIndex={-1}>
          Agents
        </h2>
        <button type="button" onClick={() => setEditing('new')}>
          New agent
        </button>
      </div>
      {outcome !== null && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'error'}>
          {outcome.text}
        </p>
      )}
      {editing !== null && (
        <AgentEditor
          key={editing === 'new' ? 'new' : editing.id}
          agent={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {agents.length === 0 ? (
        <p className="muted">
          No agents yet. An agent repeats a scan on a schedule in market hours and tells you when
          something worth selling appears, or a short position turns against you.
        </p>
      ) : (
        <table className="data-table" aria-label="Agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Schedule</th>
              <th scope="col">Next run</th>
              <th scope="col">Last result</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <AgentRow key={agent.id} agent={agent} onEdit={() => setEditing(agent)} />
            ))}
          </tbody>
        </table>
      )}
      <AlertsInbox />
    </section>
  );
}
