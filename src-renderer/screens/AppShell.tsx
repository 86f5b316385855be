import { useEffect } from 'react';
import { HealthPanel } from '../components/HealthPanel';
import { ProfileList } from '../components/ProfileList';
import { ThemeToggle } from '../components/ThemeToggle';
import { useAppStore } from '../stores/app-store';
import { useAppliedTheme, useNavigation } from '../stores/ui-stores';

function PickerView(): React.JSX.Element {
  const { status, dataDirectory, health, profiles, error } = useAppStore();
  return (
    <>
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
    </>
  );
}

export function AppShell(): React.JSX.Element {
  useAppliedTheme();
  const { status, info, load } = useAppStore();
  const view = useNavigation((state) => state.view);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>Premia</h1>
        {info !== null && (
          <span className="app-version" aria-label="Premia version">
            v{info.version}
          </span>
        )}
        <span className="spacer" />
        <ThemeToggle />
      </header>
      <main id="main" tabIndex={-1} className="app-main" aria-busy={status === 'loading'}>
        {view.kind === 'picker' && <PickerView />}
      </main>
    </div>
  );
}
