import { useEffect, useState } from 'react';
import { Avatar } from '../components/Avatar';
import { Field } from '../components/Field';
import { formatDuration } from '../format';
import { useNow } from '../hooks/use-now';
import { useProfilesStore } from '../stores/profiles-store';
import { useSessionStore } from '../stores/session-store';
import { navigation } from '../stores/ui-stores';
import { usePick } from '../stores/pick';

/** Sign in to a profile, or unlock it when it is this window's locked profile. */
export function Login({ profileId }: { profileId: string }): React.JSX.Element {
  const profile = useProfilesStore((state) => state.profiles.find((p) => p.id === profileId));
  const { status, busy, error, retryAt, lockNotice, signIn, clearError } = usePick(
    useSessionStore,
    'status',
    'busy',
    'error',
    'retryAt',
    'lockNotice',
    'signIn',
    'clearError',
  );
  const [password, setPassword] = useState('');
  const now = useNow(1000);
  // `now` ticks once a second, so it may trail the moment the refusal arrived: never count up.
  const waitSeconds =
    retryAt === null
      ? 0
      : Math.min(error?.retryAfterSeconds ?? 0, Math.ceil((retryAt - now) / 1000));
  const throttled = waitSeconds > 0;
  const unlocking = status?.profile?.id === profileId && status.locked;

  useEffect(() => clearError, [clearError]);

  if (profile === undefined) {
    return (
      <section className="panel narrow">
        <p>This profile no longer exists.</p>
        <button type="button" onClick={() => navigation().showPicker()}>
          Back to profiles
        </button>
      </section>
    );
  }

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (throttled || busy || password === '' || profile === undefined) return;
    const signedIn = await signIn(profile.id, password);
    if (!signedIn) setPassword('');
  }

  return (
    <section aria-labelledby="login-heading" className="panel narrow login">
      <div className="login-who">
        <Avatar name={profile.name} seed={profile.id} />
        <h2 id="login-heading">
          {unlocking ? 'Unlock' : 'Sign in to'} {profile.name}
        </h2>
      </div>
      {unlocking && lockNotice !== null && (
        <p role="status" className="notice">
          {lockNotice.message}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          problem={error !== null && error.code !== 'THROTTLED' ? error.message : null}
        />
        {throttled && (
          <p role="alert" className="error throttle">
            Too many wrong passwords. Try again in{' '}
            <span className="countdown">{formatDuration(waitSeconds)}</span>.
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => navigation().showPicker()}>
            Other profiles
          </button>
          <button type="submit" className="primary" disabled={busy || throttled || password === ''}>
            {busy ? 'Checking…' : unlocking ? 'Unlock' : 'Sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
