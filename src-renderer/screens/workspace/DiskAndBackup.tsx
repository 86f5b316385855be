import { useEffect, useState } from 'react';
import { Field } from '../../components/Field';
import { formatBytes } from '../../format';
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

/** Disk use against the quota, backup and restore, and how long scans are kept. */
export function DiskAndBackup({ isOwner }: { isOwner: boolean }): React.JSX.Element {
  const { usage, quotaBytes, retentionDays, error, load, backup, restore, setRetention } = usePick(
    useWorkspaceStore,
    'usage',
    'quotaBytes',
    'retentionDays',
    'error',
    'load',
    'backup',
    'restore',
    'setRetention',
  );
  const [restorePath, setRestorePath] = useState('');
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
        </div>
      )}
      <Outcome />
      <div className="two-columns">
        <div>
          <button type="button" onClick={() => void backup()}>
            Back up now
          </button>
          <form
            aria-label="Restore a backup"
            onSubmit={(event) => {
              event.preventDefault();
              void restore(restorePath);
            }}
          >
            <Field
              label="Restore from a backup file"
              value={restorePath}
              spellCheck={false}
              placeholder="/path/to/backup.sqlite"
              onChange={(event) => setRestorePath(event.currentTarget.value)}
              hint="The database it replaces is kept in the backups folder."
            />
            <button type="submit" disabled={restorePath.trim() === ''}>
              Restore
            </button>
          </form>
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
