import { useEffect, useLayoutEffect, useRef } from 'react';
import { SESSION_SCREEN_LABELS, type SessionScreen } from '../stores/navigation-store';
import { subscribeToScanProgress } from '../stores/scan-store';
import { useSessionStore } from '../stores/session-store';
import { navigation } from '../stores/ui-stores';
import { Credentials } from './Credentials';
import { History } from './History';
import { Journal } from './Journal';
import { Agents } from './Agents';
import { Results } from './Results';
import { Scan } from './Scan';
import { Workspace } from './Workspace';

/** The screens whose services exist; the others join as their domains land. */
const SCREENS: Partial<Record<SessionScreen, () => React.JSX.Element | null>> = {
  scan: Scan,
  results: Results,
  history: History,
  journal: Journal,
  agents: Agents,
  credentials: Credentials,
  workspace: Workspace,
};
const WIRED = (Object.keys(SESSION_SCREEN_LABELS) as SessionScreen[]).filter(
  (screen) => SCREENS[screen] !== undefined,
);
const IDLE_CHECK_MS = 15_000;

/** Notices an idle auto-lock (or a lock from elsewhere) without counting as activity. */
function useLockWatch(): void {
  const refresh = useSessionStore((state) => state.refresh);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), IDLE_CHECK_MS);
    const onFocus = (): void => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);
}

/** Progress events of this window's scans feed the scan store while a profile is open. */
function useScanProgress(): void {
  useEffect(() => subscribeToScanProgress(), []);
}

/** An unlocked profile: navigation on the left, the current screen on the right. */
export function SessionLayout({ screen }: { screen: SessionScreen }): React.JSX.Element {
  useLockWatch();
  useScanProgress();
  const shown = SCREENS[screen] === undefined ? (WIRED[0] ?? 'credentials') : screen;
  const Screen = SCREENS[shown] ?? Credentials;
  const heading = useRef<HTMLDivElement>(null);

  // Moving focus to the new screen tells screen-reader and keyboard users where they are. In a
  // layout effect, after the screen's own (a table measures its scroller in one): focus() needs
  // the page laid out, and there it finds it laid out already. As a passive effect it came after
  // the table had added its rows, and laid the page out a second time before the first paint.
  useLayoutEffect(() => {
    heading.current?.querySelector('h2')?.focus();
  }, [shown]);

  return (
    <div className="session">
      <nav aria-label="Profile screens" className="session-nav">
        <ul>
          {WIRED.map((item) => (
            <li key={item}>
              <button
                type="button"
                aria-current={item === shown ? 'page' : undefined}
                onClick={() => navigation().go(item)}
              >
                {SESSION_SCREEN_LABELS[item]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div ref={heading} className="session-screen">
        <Screen />
      </div>
    </div>
  );
}
