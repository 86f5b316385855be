import { describe, expect, it } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { createNavigationStore } from '../../src-renderer/stores/navigation-store';
import { createThemeStore, effectiveTheme } from '../../src-renderer/stores/theme-store';

function memoryStorage(): StateStorage & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
    removeItem: (name) => void items.delete(name),
  };
}

describe('navigation', () => {
  it('opens Scan the first time and returns each profile to its own last screen', () => {
    const store = createNavigationStore(memoryStorage());
    const nav = store.getState();
    nav.enterSession('asha0001');
    expect(store.getState().view).toEqual({
      kind: 'session',
      profileId: 'asha0001',
      screen: 'scan',
    });
    store.getState().go('history');
    store.getState().leaveSession();
    expect(store.getState().view).toEqual({ kind: 'login', profileId: 'asha0001' });

    store.getState().enterSession('ravi0002');
    store.getState().go('credentials');
    store.getState().leaveSession();

    store.getState().enterSession('asha0001');
    expect(store.getState().view).toMatchObject({ screen: 'history' });
    store.getState().leaveSession();
    store.getState().enterSession('ravi0002');
    expect(store.getState().view).toMatchObject({ screen: 'credentials' });
  });

  it('ignores screen changes outside a session', () => {
    const store = createNavigationStore(memoryStorage());
    store.getState().showLogin('asha0001');
    store.getState().go('results');
    expect(store.getState().view).toEqual({ kind: 'login', profileId: 'asha0001' });
    expect(store.getState().lastScreenByProfile).toEqual({});
  });

  it('remembers last screens across restarts but always starts at the picker', () => {
    const storage = memoryStorage();
    const first = createNavigationStore(storage);
    first.getState().enterSession('asha0001');
    first.getState().go('results');

    const restarted = createNavigationStore(storage);
    expect(restarted.getState().view).toEqual({ kind: 'picker' });
    restarted.getState().enterSession('asha0001');
    expect(restarted.getState().view).toMatchObject({ screen: 'results' });
  });

  it('drops a persisted blob that is not what it should be', () => {
    const storage = memoryStorage();
    storage.items.set(
      'premia.navigation',
      JSON.stringify({ state: { lastScreenByProfile: { asha0001: 'hack', ravi0002: 'history' } } }),
    );
    const store = createNavigationStore(storage);
    expect(store.getState().lastScreenByProfile).toEqual({ ravi0002: 'history' });
  });

  it('forgets a deleted profile and leaves its session', () => {
    const store = createNavigationStore(memoryStorage());
    store.getState().enterSession('asha0001');
    store.getState().go('history');
    store.getState().forgetProfile('asha0001');
    expect(store.getState().view).toEqual({ kind: 'picker' });
    expect(store.getState().lastScreenByProfile).toEqual({});
  });
});

describe('theme', () => {
  it('follows the system until the trader toggles, then keeps the choice', () => {
    const storage = memoryStorage();
    const store = createThemeStore(storage, 'dark');
    expect(effectiveTheme(store.getState())).toBe('dark');
    store.getState().systemChanged('light');
    expect(effectiveTheme(store.getState())).toBe('light');
    store.getState().toggle();
    expect(effectiveTheme(store.getState())).toBe('dark');
    store.getState().systemChanged('light');
    expect(effectiveTheme(store.getState())).toBe('dark');

    const restarted = createThemeStore(storage, 'light');
    expect(restarted.getState().preference).toBe('dark');
    restarted.getState().setPreference('system');
    expect(effectiveTheme(restarted.getState())).toBe('light');
  });
});
