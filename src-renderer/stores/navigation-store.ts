import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** The screens of an unlocked profile, in the order the navigation lists them. */
export const SESSION_SCREENS = [
  'scan',
  'results',
  'history',
  'journal',
  'agents',
  'credentials',
  'workspace',
] as const;
export type SessionScreen = (typeof SESSION_SCREENS)[number];

export const SESSION_SCREEN_LABELS: Readonly<Record<SessionScreen, string>> = {
  scan: 'Scan',
  results: 'Results',
  history: 'History',
  journal: 'Journal',
  agents: 'Agents',
  credentials: 'Credentials',
  workspace: 'Profile & workspace',
};

const FIRST_SCREEN: SessionScreen = 'scan';

/** Where the window is: outside any profile, at a profile's login, or inside a profile. */
export type View =
  | { readonly kind: 'picker' }
  | { readonly kind: 'createProfile' }
  | { readonly kind: 'login'; readonly profileId: string }
  | { readonly kind: 'session'; readonly profileId: string; readonly screen: SessionScreen };

export interface NavigationState {
  readonly view: View;
  /** Per profile, the screen it was on last, so logging back in returns there. */
  readonly lastScreenByProfile: Readonly<Record<string, SessionScreen>>;
  showPicker(): void;
  showCreateProfile(): void;
  showLogin(profileId: string): void;
  /** After a successful login: the profile's last screen, or Scan the first time. */
  enterSession(profileId: string): void;
  go(screen: SessionScreen): void;
  /** Locked or logged out: back to that profile's login, remembering where it was. */
  leaveSession(): void;
  /** A deleted profile leaves no trace in navigation. */
  forgetProfile(profileId: string): void;
}

function isSessionScreen(value: unknown): value is SessionScreen {
  return typeof value === 'string' && (SESSION_SCREENS as readonly string[]).includes(value);
}

/** Only remembered screens survive a restart; a persisted blob of the wrong shape is dropped. */
function restoredScreens(persisted: unknown): Record<string, SessionScreen> {
  const screens: Record<string, SessionScreen> = {};
  if (typeof persisted !== 'object' || persisted === null) return screens;
  const candidate = (persisted as { lastScreenByProfile?: unknown }).lastScreenByProfile;
  if (typeof candidate !== 'object' || candidate === null) return screens;
  for (const [profileId, screen] of Object.entries(candidate)) {
    if (isSessionScreen(screen)) screens[profileId] = screen;
  }
  return screens;
}

export function createNavigationStore(storage: StateStorage): StoreApi<NavigationState> {
  return createStore<NavigationState>()(
    persist(
      (set, get) => ({
        view: { kind: 'picker' },
        lastScreenByProfile: {},
        showPicker: () => set({ view: { kind: 'picker' } }),
        showCreateProfile: () => set({ view: { kind: 'createProfile' } }),
        showLogin: (profileId) => set({ view: { kind: 'login', profileId } }),
        enterSession(profileId) {
          const screen = get().lastScreenByProfile[profileId] ?? FIRST_SCREEN;
          set({ view: { kind: 'session', profileId, screen } });
        },
        go(screen) {
          const { view, lastScreenByProfile } = get();
          if (view.kind !== 'session') return;
          set({
            view: { ...view, screen },
            lastScreenByProfile: { ...lastScreenByProfile, [view.profileId]: screen },
          });
        },
        leaveSession() {
          const { view } = get();
          if (view.kind === 'session') set({ view: { kind: 'login', profileId: view.profileId } });
        },
        forgetProfile(profileId) {
          const { view, lastScreenByProfile } = get();
          const remaining = Object.fromEntries(
            Object.entries(lastScreenByProfile).filter(([id]) => id !== profileId),
          );
          const leaves =
            view.kind !== 'picker' && 'profileId' in view && view.profileId === profileId;
          set({ lastScreenByProfile: remaining, ...(leaves ? { view: { kind: 'picker' } } : {}) });
        },
      }),
      {
        name: 'premia.navigation',
        version: 1,
        storage: createJSONStorage(() => storage),
        partialize: (state) => ({ lastScreenByProfile: state.lastScreenByProfile }),
        merge: (persisted, current) => ({
          ...current,
          lastScreenByProfile: restoredScreens(persisted),
        }),
      },
    ),
  );
}
