import { useState } from 'react';
import type { PremiaError } from '../../src-preload/contract';
import { Field, problemFor } from '../components/Field';
import { MIN_PASSWORD_CHARS, passwordStrength } from '../password-strength';
import { useProfilesStore } from '../stores/profiles-store';
import { navigation } from '../stores/ui-stores';

function StrengthMeter({ password, name }: { password: string; name: string }) {
  const strength = passwordStrength(password, name);
  return (
    <div className="strength" aria-live="polite">
      <meter
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={strength.level}
        aria-label="Password strength"
      />
      <span className={`strength-label level-${strength.level}`}>{strength.label}</span>
      {strength.hints.length > 0 && (
        <ul className="strength-hints">
          {strength.hints.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A new profile: its own vault, broker keys, scans and history, behind its own password. */
export function CreateProfile(): React.JSX.Element {
  const create = useProfilesStore((state) => state.create);
  const isFirst = useProfilesStore((state) => state.profiles.length === 0);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<PremiaError | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm !== '' && confirm !== password ? 'The passwords do not match.' : null;
  const tooShort = [...password].length < MIN_PASSWORD_CHARS;

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (mismatch !== null || tooShort || busy) return;
    setBusy(true);
    const result = await create(name, password);
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  const nameProblem = problemFor(error?.issues, 'name');
  const passwordProblem = problemFor(error?.issues, 'password');
  const general = error !== null && nameProblem === null && passwordProblem === null;
  return (
    <section aria-labelledby="create-heading" className="panel narrow">
      <h2 id="create-heading">Create profile</h2>
      {isFirst && (
        <p className="muted">The first profile on this machine is its owner and sets quotas.</p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label="Profile name"
          value={name}
          autoComplete="username"
          maxLength={40}
          required
          autoFocus
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          problem={nameProblem}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          required
          onChange={(event) => {
            // An error about the old password (or name) no longer applies once either changes.
            setPassword(event.currentTarget.value);
            setError(null);
          }}
          hint="Premia cannot recover a forgotten password: nothing is stored unencrypted."
          problem={passwordProblem}
        />
        <StrengthMeter password={password} name={name} />
        <Field
          label="Repeat password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          required
          onChange={(event) => setConfirm(event.currentTarget.value)}
          problem={mismatch}
        />
        {general && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => navigation().showPicker()}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || tooShort || confirm !== password || name.trim() === ''}
          >
            {busy ? 'Creating…' : 'Create and sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
