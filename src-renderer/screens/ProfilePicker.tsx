import { useEffect } from 'react';
import type { ProfileSummary, SessionStatus } from '../../src-preload/contract';
import { Avatar } from '../components/Avatar';
import { LockIcon } from '../components/icons';
import { formatAgo, formatIstDateTime } from '../format';
import { useNow } from '../hooks/use-now';
import { useProfilesStore } from '../stores/profiles-store';
import { useSessionStore } from '../stores/session-store';
import { navigation } from '../stores/ui-stores';
import { usePick } from '../stores/pick';

function sessionLabel(profile: ProfileSummary, status: SessionStatus | null): string {
  if (status?.profile?.id !== profile.id) return 'Signed out';
  return status.locked ? 'Locked' : 'Signed in';
}

function ProfileCard({ profile, now }: { profile: ProfileSummary; now: number }) {
  const status = useSessionStore((state) => state.status);
  const state = sessionLabel(profile, status);
  const lastUsed =
    profile.lastUsedAt === null ? 'Never used' : `Last used ${formatAgo(profile.lastUsedAt, now)}`;
  return (
    <li>
      <button
        type="button"
        className="profile-card"
        aria-label={`${profile.name}${profile.role === 'owner' ? ', owner' : ''}, ${state}. ${lastUsed}`}
        onClick={() => navigation().showLogin(profile.id)}
      >
        <Avatar name={profile.name} seed={profile.id} />
        <span className="profile-card-text">
          <span className="profile-name">
            {profile.name}
            {profile.role === 'owner' && <span className="badge">Owner</span>}
          </span>
          <span
            className="muted"
            title={profile.lastUsedAt === null ? undefined : formatIstDateTime(profile.lastUsedAt)}
          >
            {lastUsed}
          </span>
        </span>
        <span className={`session-state state-${state.toLowerCase().replace(' ', '-')}`}>
          {state === 'Locked' && <LockIcon />}
          {state}
        </span>
      </button>
    </li>
  );
}

/** Who is trading? The profiles on this machine, and a way to add one. */
export function ProfilePicker(): React.JSX.Element {
  const { profiles, status, error, load } = usePick(
    useProfilesStore,
    'profiles',
    'status',
    'error',
    'load',
  );
  const now = useNow(30_000);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="picker-heading" className="panel picker">
      <h2 id="picker-heading">Profiles</h2>
      {status === 'failed' && error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {status === 'ready' && profiles.length === 0 && (
        <p>No profiles on this machine yet. Create one to keep your broker keys and scans.</p>
      )}
      {profiles.length > 0 && (
        <ul className="profile-cards" aria-label="Profiles on this machine">
          {profiles.map((profile) => (
            <ProfileCard key={profile.id} profile={profile} now={now} />
          ))}
        </ul>
      )}
      <button type="button" className="primary" onClick={() => navigation().showCreateProfile()}>
        Create profile
      </button>
    </section>
  );
}
