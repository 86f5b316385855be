import type { AgentView } from '../agents';
import type { AgentRunReport } from '../agents/agent-runner';
import { formatKiteTimestamp } from '../market/dates';
import type { StoredAlert } from '../storage/agent-records';

/** "2026-12-01 09:15 IST": traders read market times in IST. */
export function istTime(iso: string | null): string {
  return iso === null ? '—' : `${formatKiteTimestamp(new Date(iso)).slice(0, 16)} IST`;
}

export function formatAgents(agents: readonly AgentView[]): string {
  if (agents.length === 0) return 'No agents yet. Add one with `premia agents add`.';
  return agents
    .map((agent) => {
      const state =
        agent.state === 'scheduled'
          ? `next run ${istTime(agent.nextRunAt)}`
          : agent.state === 'running'
            ? 'running now'
            : `${agent.state}: ${agent.reason ?? ''}`;
      const last = agent.lastRun;
      const lastLine =
        last === null
          ? 'never run'
          : `last run ${istTime(last.startedAt)}: ${last.status}${last.status === 'completed' ? `, ${last.optionsPassing} option(s) in the filtered set, ${last.alertsRaised} new alert(s)` : last.detail === null ? '' : ` — ${last.detail}`}`;
      return `#${agent.id} ${agent.name} — ${agent.schedule}\n   ${state}\n   ${lastLine}`;
    })
    .join('\n');
}

export function formatRunReport(name: string, report: AgentRunReport): string {
  return report.status === 'completed'
    ? `${name}: run ${report.agentRunId} completed, ${report.alertIds.length} new alert(s).`
    : `${name}: run ${report.agentRunId} failed — ${report.detail ?? 'see the log'}`;
}

export function formatAlerts(alerts: readonly StoredAlert[], unread: number): string {
  if (alerts.length === 0) return 'No alerts.';
  const lines = alerts.map(
    (alert) =>
      `${alert.readAt === null ? '●' : '○'} #${alert.id} ${istTime(alert.raisedAt)}  ${alert.agentName}  ${alert.message}${alert.runId === null ? '' : `  (scan ${alert.runId})`}`,
  );
  return [...lines, `${unread} unread.`].join('\n');
}
