import { useEffect, useState } from 'react';
import type { CredentialsView, PremiaError, TokenStatus } from '../../src-preload/contract';
import { Field, problemFor } from '../components/Field';
import { formatIstDateTime, formatValidUntil } from '../format';
import { useNow } from '../hooks/use-now';
import { useCredentialsStore } from '../stores/credentials-store';
import { useSessionStore } from '../stores/session-store';
import { KiteConnect } from './credentials/KiteConnect';
import { usePick } from '../stores/pick';

function TokenLine({ token }: { token: TokenStatus }): React.JSX.Element {
  const now = useNow(1000);
  if (token.status === 'missing') {
    return <p className="warning">No access token yet: sign in with Kite or paste one below.</p>;
  }
  if (token.status === 'expired') {
    return <p className="warning">Access token expired at {formatIstDateTime(token.expiredAt)}.</p>;
  }
  const text = formatValidUntil(token.expiresAt, now);
  return <p className={text.startsWith('Expired') ? 'warning' : 'ok'}>Access token: {text}</p>;
}

function Masked({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="masked">
      <dt>{label}</dt>
      <dd>{value ?? <span className="muted">not set</span>}</dd>
    </div>
  );
}

function KeysForm({ view }: { view: CredentialsView }): React.JSX.Element {
  const save = useCredentialsStore((state) => state.save);
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [error, setError] = useState<PremiaError | null>(null);
  const [saved, setSaved] = useState(false);
  const changed = apiKey.trim() !== '' || apiSecret.trim() !== '';
  /** Typing again makes an earlier "Saved" or error stale. */
  function edited(set: (value: string) => void, value: string): void {
    set(value);
    setSaved(false);
    setError(null);
  }

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (!changed) return;
    const result = await save({
      ...(apiKey.trim() === '' ? {} : { apiKey }),
      ...(apiSecret.trim() === '' ? {} : { apiSecret }),
    });
    setSaved(result.ok);
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setApiKey('');
      setApiSecret('');
    }
  }

  const keyProblem = problemFor(error?.issues, 'apiKey');
  const secretProblem = problemFor(error?.issues, 'apiSecret');
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Kite Connect app keys">
      <Field
        label="API key"
        autoComplete="off"
        spellCheck={false}
        placeholder={view.apiKey ?? 'From developers.kite.trade'}
        value={apiKey}
        onChange={(event) => edited(setApiKey, event.currentTarget.value)}
        hint="Write-only: Premia shows the last four characters once it is saved."
        problem={keyProblem}
      />
      <Field
        label="API secret"
        type="password"
        autoComplete="off"
        placeholder={view.apiSecret ?? ''}
        value={apiSecret}
        onChange={(event) => edited(setApiSecret, event.currentTarget.value)}
        problem={secretProblem}
      />
      {error !== null && keyProblem === null && secretProblem === null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {saved && (
        <p role="status" className="ok">
          Saved. The keys are sealed with this profile&apos;s key.
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={!changed}>
          Save keys
        </button>
      </div>
    </form>
  );
}

function TokenForm(): React.JSX.Element {
  const setAccessToken = useCredentialsStore((state) => state.setAccessToken);
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const result = await setAccessToken(token);
    setProblem(result.ok ? null : result.error.message);
    if (result.ok) setToken('');
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Access token">
      <Field
        label="Paste an access token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={(event) => setToken(event.currentTarget.value)}
        hint="Kite access tokens expire at 06:00 IST the next morning."
        problem={problem}
      />
      <div className="actions">
        <button type="submit" disabled={token.trim() === ''}>
          Save token
        </button>
      </div>
    </form>
  );
}

/** Broker keys for this profile: masked once saved, never shown back in full. */
export function Credentials(): React.JSX.Element {
  const { view, error, load, clear } = usePick(
    useCredentialsStore,
    'view',
    'error',
    'load',
    'clear',
  );
  const status = useSessionStore((state) => state.status);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="credentials-heading" className="screen">
      <h2 id="credentials-heading" tabIndex={-1}>
        Credentials
      </h2>
      {status?.keychainMode === 'registry-fallback' && (
        <p className="warning">
          Without an OS keychain these keys are sealed in Premia&apos;s own file (see the warning
          above).
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {view !== null && (
        <>
          {view.usesSimulator && (
            <p className="banner simulator" role="status">
              Simulator mode: scans use Premia&apos;s built-in market simulator until Kite keys and
              a token are saved.
            </p>
          )}
          <div className="panel">
            <h3>Saved</h3>
            <dl className="masked-list">
              <Masked label="API key" value={view.apiKey} />
              <Masked label="API secret" value={view.apiSecret} />
              <Masked label="Access token" value={view.accessToken} />
              <Masked label="API root" value={view.apiRoot} />
            </dl>
            <TokenLine token={view.token} />
          </div>
          <div className="panel">
            <h3>Kite Connect app</h3>
            <KeysForm key={view.apiRoot} view={view} />
          </div>
          <KiteConnect hasApiKey={view.apiKey !== null} />
          <div className="panel">
            <h3>Access token</h3>
            <TokenForm />
          </div>
          <div className="panel">
            <h3>Remove</h3>
            <button type="button" onClick={() => void clear()} disabled={view.storedIn === 'none'}>
              Forget this profile&apos;s broker keys
            </button>
          </div>
        </>
      )}
    </section>
  );
}
