import { formatIstDateTime } from '../../format';
import { useAgentsStore } from '../../stores/agents-store';

/** The profile's alerts, newest first; unread ones stand out until marked read. */
export function AlertsInbox(): React.JSX.Element {
  const { alerts, unread, markRead, busy } = useAgentsStore();
  return (
    <section className="panel" aria-labelledby="alerts-heading">
      <div className="screen-heading">
        <h3 id="alerts-heading">Alerts ({unread} unread)</h3>
        <button type="button" disabled={busy || unread === 0} onClick={() => void markRead('all')}>
          Mark all read
        </button>
      </div>
      {alerts.length === 0 ? (
        <p className="muted">No alerts yet.</p>
      ) : (
        <ul className="alerts" aria-label="Alerts">
          {alerts.map((alert) => (
            <li key={alert.id} data-unread={alert.readAt === null} aria-label={alert.message}>
              <strong>{alert.readAt === null ? '● ' : ''}</strong>
              <span>{alert.message}</span>{' '}
              <span className="muted">
                {alert.agentName}, {formatIstDateTime(alert.raisedAt)}
                {alert.runId === null ? '' : `, scan #${alert.runId}`}
              </span>{' '}
              {alert.readAt === null && (
                <button type="button" disabled={busy} onClick={() => void markRead([alert.id])}>
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
