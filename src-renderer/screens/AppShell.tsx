import { useEffect } from 'react';
import { HealthPanel } from '../components/HealthPanel';
import { LockIcon } from '../components/icons';
import { ThemeToggle } from '../components/ThemeToggle';
import { useAppStore } from '../stores/app-store';
import { useSessionStore } from '../stores/session-store';
import { useAppliedTheme, useNavigation } from '../stores/ui-stores';
import { CreateProfile } from './CreateProfile';
import { Login } from './Login';
import { ProfilePicker } from './ProfilePicker';
import { SessionLayout } from './SessionLayout';
import { usePick } from '../stores/pick';

function MachinePanel(): React.JSX.Element | null {
  const { status, dataDirectory, health, error } = usePick(
    useAppStore,
    'status',
    'dataDirectory',
    'health',
    'error',
  );
  if (status === 'failed' && error !== null) {
    return (
      <p role="alert" className="error">
        {error.message}
      </p>
    );
  }
  if (health === null) return null;
  return <HealthPanel health={health} dataDirectory={dataDirectory} />;
}

function SessionActions(): React.JSX.Element | null {
  const { status, lock, logout } = usePick(useSessionStore, 'status', 'lock', 'logout');
  const profile = status?.profile;
  if (profile == null) return null;
  return (
    <div className="session-actions" role="group" aria-label="Profile session">
      <span className="signed-in-as">
        {profile.name}
        {status?.locked === true && <span className="muted"> (locked)</span>}
      </span>
      {status?.locked === false && (
        <button type="button" onClick={() => void lock()}>
          <LockIcon />
          Lock
        </button>
      )}
      <button type="button" onClick={() => void logout()}>
        Sign out
      </button>
    </div>
  );
}

export function AppShell(): React.JSX.Element {
  useAppliedTheme();
  const { status, info, load } = usePick(useAppStore, 'status', 'info', 'load');
  const restore = useSessionStore((state) => state.restore);
  const keychain = useSessionStore((state) => state.status);
  const view = useNavigation((state) => state.view);

  useEffect(() => {
    void load();
    void restore();
  }, [load, restore]);

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
        <SessionActions />
        <ThemeToggle />
      </header>
      {keychain?.keychainMode === 'registry-fallback' && (
        <p className="banner warning keychain-banner" role="note">
          <strong>No OS keychain.</strong> {keychain.keychainDetail}
        </p>
      )}
      <main id="main" tabIndex={-1} className="app-main" aria-busy={status === 'loading'}>
        {view.kind === 'picker' && (
          <>
            <ProfilePicker />
            <MachinePanel />
          </>
        )}
        {view.kind === 'createProfile' && <CreateProfile />}
        {view.kind === 'login' && <Login profileId={view.profileId} />}
        {view.kind === 'session' && <SessionLayout screen={view.screen} />}
      </main>
    </div>
  );
}
