import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export interface ThemeState {
  readonly preference: ThemePreference;
  /** What the operating system asks for; followed while the preference is 'system'. */
  readonly systemTheme: Theme;
  setPreference(preference: ThemePreference): void;
  /** The toggle: flips the theme on screen and pins it (no longer following the system). */
  toggle(): void;
  systemChanged(theme: Theme): void;
}

export function effectiveTheme(state: Pick<ThemeState, 'preference' | 'systemTheme'>): Theme {
  return state.preference === 'system' ? state.systemTheme : state.preference;
}

function isPreference(value: unknown): value is ThemePreference {
  return value === 'system' || value === 'light' || value === 'dark';
}

export function createThemeStore(storage: StateStorage, systemTheme: Theme): StoreApi<ThemeState> {
  return createStore<ThemeState>()(
    persist(
      (set, get) => ({
        preference: 'system',
        systemTheme,
        setPreference: (preference) => set({ preference }),
        toggle: () => set({ preference: effectiveTheme(get()) === 'dark' ? 'light' : 'dark' }),
        systemChanged: (theme) => set({ systemTheme: theme }),
      }),
      {
        name: 'premia.theme',
        version: 1,
        storage: createJSONStorage(() => storage),
        partialize: (state) => ({ preference: state.preference }),
        merge: (persisted, current) => {
          const preference = (persisted as { preference?: unknown } | null)?.preference;
          return { ...current, preference: isPreference(preference) ? preference : 'system' };
        },
      },
    ),
  );
}
