import { useEffect } from 'react';
import { useAppStore } from '../stores/app-store';
import { HealthPanel } from '../components/HealthPanel';
import { ProfileList } from '../components/ProfileList';

export function AppShell(): React.JSX.Element {
  const { status, info, dataDirectory, health, profiles, error, load } = useAppStore();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="app-shell">
      <header className="app-header">
        <h1>Premia</h1>
        {info !== null && (
          <span className="app-version" aria-label="Premia version">
            v{info.version}
          </span>
        )}
      </header>
      <main className="app-main" aria-busy={status === 'loading'}>
        {status === 'failed' && error !== null && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        {status === 'loading' && <p>Loading…</p>}
        {status === 'ready' && (
          <>
            <ProfileList profiles={profiles} />
            {health !== null && <HealthPanel health={health} dataDirectory={dataDirectory} />}
          </>
        )}
      </main>
    </div>
  );
}
