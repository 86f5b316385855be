import { useEffect, useState } from 'react';
import { Field } from '../../components/Field';
import { formatBytes, formatIstDateTime, formatNumber } from '../../format';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { usePick } from '../../stores/pick';

function Outcome(): React.JSX.Element | null {
  const outcome = useWorkspaceStore((state) => state.outcome);
  if (outcome === null) return null;
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'error'}>
      {outcome.text}
    </p>
  );
}

/**
 * This profile's own backups, each restorable by id, and a file picked in the app's own dialog.
 * The window never sends a path, so it cannot restore another profile's file.
 */
function OwnBackups(): React.JSX.Element {
  const { backups, restore, restoreFromFile } = usePick(
    useWorkspaceStore,
    'backups',
    'restore',
    'restoreFromFile',
  );
  return (
    <div aria-label="Restore a backup" role="group">
      <h4>Restore</h4>
      {backups.length === 0 ? (
        <p className="muted">No backups of this profile yet.</p>
      ) : (
        <ul className="backup-list">
          {backups.map((item) => (
            <li key={item.id}>
              <span>
                {formatIstDateTime(item.at)} · {formatBytes(item.bytes)}
              </span>{' '}
              <button type="button" onClick={() => void restore(item.id)}>
                Restore {item.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => void restoreFromFile()}>
        Restore from a file…
      </button>
      <p className="hint">
        Only this profile&apos;s own backups can be restored. The database it replaces is kept in
        the backups folder.
      </p>
    </div>
  );
}

/** Disk use against the quota, backup and restore, and how long scans are kept. */
export function DiskAndBackup({ isOwner }: { isOwner: boolean }): React.JSX.Element {
  const { usage, logFile, agents, quotaBytes, retentionDays, error, load, backup, setRetention } =
    usePick(
      useWorkspaceStore,
      'usage',
      'logFile',
      'agents',
      'quotaBytes',
      'retentionDays',
      'error',
      'load',
      'backup',
      'setRetention',
    );
  const [days, setDays] = useState('');
  useEffect(() => {
    void load(isOwner);
  }, [load, isOwner]);
  useEffect(() => setDays(retentionDays === null ? '' : String(retentionDays)), [retentionDays]);

  return (
    <section className="panel" aria-labelledby="disk-heading">
      <h3 id="disk-heading">Disk, backup and retention</h3>
      {error !== null && <p className="error">{error.message}</p>}
      {usage !== null && quotaBytes !== null && (
        <div className="disk-usage">
          <meter
            min={0}
            max={quotaBytes}
            high={quotaBytes * 0.9}
            value={usage.totalBytes}
            aria-label="Disk used of the quota"
          />
          <span>
            {formatBytes(usage.totalBytes)} of {formatBytes(quotaBytes)}: database{' '}
            {formatBytes(usage.databaseBytes)}, exports {formatBytes(usage.exportsBytes)}, backups{' '}
            {formatBytes(usage.backupsBytes)}, logs {formatBytes(usage.logsBytes)}
          </span>
          {agents !== null && (
            <p className="hint" data-testid="agent-storage">
              Agents: {agents.agents} agent(s), {agents.agentRuns} runs ({agents.agentRunsRolledUp}{' '}
              rolled up to a summary), {formatNumber(agents.optionRowsKept)} option rows in{' '}
              {agents.scanRunsKept} kept scans, {agents.alerts} alerts ({agents.unreadAlerts}{' '}
              unread).
            </p>
          )}
          {logFile !== null && (
            <p className="hint">
              This profile&apos;s log (where &quot;the details are in the log&quot; points):{' '}
              <code>{logFile}</code>
            </p>
          )}
        </div>
      )}
      <Outcome />
      <div className="two-columns">
        <div>
          <button type="button" onClick={() => void backup()}>
            Back up now
          </button>
          <OwnBackups />
        </div>
        <form
          aria-label="Retention"
          onSubmit={(event) => {
            event.preventDefault();
            void setRetention(days.trim() === '' ? null : Number(days));
          }}
        >
          <Field
            label="Delete scans older than (days)"
            type="number"
            min={1}
            max={3650}
            placeholder="keep all"
            value={days}
            onChange={(event) => setDays(event.currentTarget.value)}
          />
          <button type="submit">Save retention</button>
        </form>
      </div>
    </section>
  );
}

/** Owner only: how much disk each profile uses (sizes, never content). */
export function EveryProfileUsage(): React.JSX.Element | null {
  const everyone = useWorkspaceStore((state) => state.everyone);
  if (everyone.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="usage-all-heading">
      <h3 id="usage-all-heading">Disk use of every profile</h3>
      <table className="audit">
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Used</th>
            <th scope="col">Quota</th>
          </tr>
        </thead>
        <tbody>
          {everyone.map((profile) => (
            <tr key={profile.profileId}>
              <td>{profile.name}</td>
              <td>{formatBytes(profile.totalBytes)}</td>
              <td>{formatBytes(profile.quotaBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
