import { useState } from 'react';
import { DEFAULT_KITE_REDIRECT_PORT } from '../../../src-preload/contract';
import { Field } from '../../components/Field';
import { useKiteStore } from '../../stores/kite-store';
import { usePick } from '../../stores/pick';

/** Getting today's access token: the browser login, or a request token pasted by hand. */
export function KiteConnect({ hasApiKey }: { hasApiKey: boolean }): React.JSX.Element {
  const { account, busy, error, login, exchangeRequestToken, testConnection } = usePick(
    useKiteStore,
    'account',
    'busy',
    'error',
    'login',
    'exchangeRequestToken',
    'testConnection',
  );
  const [port, setPort] = useState(String(DEFAULT_KITE_REDIRECT_PORT));
  const [requestToken, setRequestToken] = useState('');

  async function exchange(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (await exchangeRequestToken(requestToken)) setRequestToken('');
  }

  return (
    <div className="panel kite-connect">
      <h3>Connect to Kite</h3>
      {account !== null && (
        <p role="status" className="ok">
          Connected as {account.userName} ({account.userId}) on{' '}
          {account.source === 'simulator' ? 'the simulator' : 'Kite'}
          {account.exchanges.length > 0 ? ` · ${account.exchanges.join(', ')}` : ''}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="kite-login">
        <Field
          label="Redirect port"
          type="number"
          min={1024}
          max={65535}
          value={port}
          onChange={(event) => setPort(event.currentTarget.value)}
          hint={`Must match your Kite app's redirect URL: http://127.0.0.1:${port}/kite/callback`}
        />
        <button
          type="button"
          className="primary"
          disabled={!hasApiKey || busy !== null}
          onClick={() => void login(Number(port))}
        >
          {busy === 'login' ? 'Waiting for Kite in your browser…' : 'Log in with Kite'}
        </button>
      </div>
      <form onSubmit={(event) => void exchange(event)} aria-label="Request token">
        <Field
          label="Or paste the request token (or the whole redirect URL)"
          autoComplete="off"
          spellCheck={false}
          value={requestToken}
          onChange={(event) => setRequestToken(event.currentTarget.value)}
        />
        <div className="actions">
          <button
            type="submit"
            disabled={!hasApiKey || requestToken.trim() === '' || busy !== null}
          >
            {busy === 'exchange' ? 'Exchanging…' : 'Exchange for an access token'}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void testConnection()}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      </form>
    </div>
  );
}
