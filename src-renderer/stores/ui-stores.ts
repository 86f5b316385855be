/**
 * The window's own stores (navigation, theme), bound to the browser: localStorage for what should
 * survive a restart, matchMedia for the system theme. The store logic lives in the factories.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { StateStorage } from 'zustand/middleware';
import { createNavigationStore, type NavigationState } from './navigation-store';
import { createThemeStore, effectiveTheme, type Theme, type ThemeState } from './theme-store';

/** localStorage when the page has it (Electron and Chromium do); otherwise nothing is kept. */
function browserStorage(): StateStorage {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // Storage can be disabled for the origin; these settings then last for the session only.
  }
  return { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemThemeNow(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

const navigationStore = createNavigationStore(browserStorage());
const themeStore = createThemeStore(browserStorage(), systemThemeNow());

export function useNavigation<T>(select: (state: NavigationState) => T): T {
  return useStore(navigationStore, select);
}

/** For stores and event handlers that navigate outside React's render. */
export function navigation(): NavigationState {
  return navigationStore.getState();
}

export function useTheme<T>(select: (state: ThemeState) => T): T {
  return useStore(themeStore, select);
}

/** Mount once at the root: follows the system setting and puts the theme on <html>. */
export function useAppliedTheme(): Theme {
  const theme = useStore(themeStore, effectiveTheme);
  useEffect(() => {
    const query = matchMedia(DARK_QUERY);
    const onChange = (event: MediaQueryListEvent): void =>
      themeStore.getState().systemChanged(event.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
