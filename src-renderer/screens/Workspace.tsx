import { useEffect, useState } from 'react';
import type { ProfileId, SessionStatus } from '../../src-preload/contract';
import { Field } from '../components/Field';
import { formatBytes, formatIstDateTime, formatNumber } from '../format';
import { passwordStrength } from '../password-strength';
import { useAuditStore } from '../stores/audit-store';
import { useProfilesStore } from '../stores/profiles-store';
import { useSessionStore } from '../stores/session-store';
import { OtherProfiles, RenameProfile } from './ProfileAdmin';
import { DiskAndBackup, EveryProfileUsage } from './workspace/DiskAndBackup';
import { usePick } from '../stores/pick';

function AutoLock({ status }: { status: SessionStatus }): React.JSX.Element {
  const setAutoLock = useSessionStore((state) => state.setAutoLock);
  const [minutes, setMinutes] = useState(String(status.autoLockMinutes ?? 15));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const result = await setAutoLock(Number(minutes));
    setMessage(
      result.ok
        ? { ok: true, text: `Locks after ${minutes} minutes without activity.` }
        : { ok: false, text: result.error.message },
    );
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-label="Auto-lock">
      <h3>Auto-lock</h3>
      <Field
        label="Lock after this many idle minutes"
        type="number"
        min={1}
        max={720}
        value={minutes}
        onChange={(event) => setMinutes(event.currentTarget.value)}
        problem={message?.ok === false ? message.text : null}
      />
      {message?.ok === true && (
        <p role="status" className="ok">
          {message.text}
        </p>
      )}
      <button type="submit">Save auto-lock</button>
    </form>
  );
}

function ChangePassword({ name }: { name: string }): React.JSX.Element {
  const changePassword = useSessionStore((state) => state.changePassword);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [rotate, setRotate] = useState(true);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const strength = passwordStrength(next, name);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const result = await changePassword(current, next, rotate);
    setMessage(
      result.ok
        ? { ok: true, text: 'Password changed.' }
        : { ok: false, text: result.error.message },
    );
    if (result.ok) {
      setCurrent('');
      setNext('');
    }
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-label="Change password">
      <h3>Change password</h3>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => setCurrent(event.currentTarget.value)}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(event) => setNext(event.currentTarget.value)}
        hint={next === '' ? undefined : `Strength: ${strength.label}. ${strength.hints.join(' ')}`}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={rotate}
          onChange={(event) => setRotate(event.currentTarget.checked)}
        />{' '}
        Also replace the profile&apos;s key and re-seal the Kite secrets (recommended: an old copy
        of Premia&apos;s files plus the old password then opens nothing)
      </label>
      {message !== null && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <button type="submit" disabled={current === '' || strength.level === 0}>
        Change password
      </button>
    </form>
  );
}

function DeleteProfile({ profileId, name }: { profileId: ProfileId; name: string }) {
  const remove = useProfilesStore((state) => state.remove);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const result = await remove({ profileId, password });
    if (!result.ok) setProblem(result.error.message);
  }

  return (
    <form
      className="panel danger"
      onSubmit={(event) => void submit(event)}
      aria-label="Delete profile"
    >
      <h3>Delete profile</h3>
      <p>
        Deletes {name}: its broker keys, scans, history and backups on this machine. This cannot be
        undone.
      </p>
      <Field
        label="Password to confirm"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.currentTarget.value)}
        problem={problem}
      />
      <button type="submit" className="destructive" disabled={password === ''}>
        Delete {name}
      </button>
    </form>
  );
}

function AuditLog(): React.JSX.Element {
  const { entries, hasMore, error, load, loadMore } = usePick(
    useAuditStore,
    'entries',
    'hasMore',
    'error',
    'load',
    'loadMore',
  );
  // Session changes (rename, auto-lock, unlock) write entries: show them without a manual reload.
  const status = useSessionStore((state) => state.status);
  useEffect(() => {
    void load();
  }, [load, status]);
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <div className="panel-heading">
        <h3 id="audit-heading">Audit log</h3>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error !== null && <p className="error">{error.message}</p>}
      <table className="audit">
        <thead>
          <tr>
            <th scope="col">When (IST)</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className={entry.outcome === 'failure' ? 'failure' : undefined}>
              <td className="nowrap">{formatIstDateTime(entry.at)}</td>
              <td>{entry.action.replaceAll('-', ' ')}</td>
              <td>{entry.outcome}</td>
              <td>{entry.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && (
        <button type="button" onClick={() => void loadMore()}>
          Older entries
        </button>
      )}
    </section>
  );
}

/** Settings of the signed-in profile, its security log, and the way to delete it. */
export function Workspace(): React.JSX.Element | null {
  const status = useSessionStore((state) => state.status);
  const profile = status?.profile;
  if (status === null || profile == null) return null;
  return (
    <section aria-labelledby="workspace-heading" className="screen">
      <h2 id="workspace-heading" tabIndex={-1}>
        Profile &amp; workspace
      </h2>
      {status.quotas !== null && (
        <p className="muted">
          Quotas: up to {formatNumber(status.quotas.maxSymbolsPerScan)} symbols a scan,{' '}
          {status.quotas.maxParallelScans} scans at once,{' '}
          {formatBytes(status.quotas.workspaceBytes)} of disk.
        </p>
      )}
      <div className="two-columns">
        <RenameProfile name={profile.name} />
        <AutoLock status={status} />
        <ChangePassword name={profile.name} />
      </div>
      <DiskAndBackup isOwner={profile.role === 'owner'} />
      {profile.role === 'owner' && <EveryProfileUsage />}
      {profile.role === 'owner' && <OtherProfiles ownId={profile.id} />}
      <AuditLog />
      <DeleteProfile profileId={profile.id} name={profile.name} />
    </section>
  );
}
