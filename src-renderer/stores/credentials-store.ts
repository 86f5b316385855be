import { create } from 'zustand';
import type { CredentialsView, MethodInput, PremiaError, Result } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export type CredentialsChange = MethodInput<'credentials', 'set'>;

export interface CredentialsState {
  /** Masked values and token status only: Premia never hands a secret to the window. */
  readonly view: CredentialsView | null;
  readonly error: PremiaError | null;
  load(): Promise<void>;
  save(change: CredentialsChange): Promise<Result<CredentialsView>>;
  setAccessToken(accessToken: string): Promise<Result<CredentialsView>>;
  clear(): Promise<Result<CredentialsView>>;
  reset(): void;
}

export const useCredentialsStore = create<CredentialsState>()((set) => {
  // Any reply that a newer call or a reset (profile closed) overtook is dropped: the screen must
  // never show one profile's masked keys after another profile signed in.
  const calls = latestOnly();
  function settle(ticket: number, result: Result<CredentialsView>): Result<CredentialsView> {
    if (!calls.isCurrent(ticket)) return result;
    if (result.ok) set({ view: result.value, error: null });
    else noticeSessionError(result.error);
    return result;
  }
  return {
    view: null,
    error: null,
    async load() {
      const ticket = calls.next();
      const result = await premiaApi().credentials.get();
      if (!calls.isCurrent(ticket)) return;
      if (result.ok) set({ view: result.value, error: null });
      else {
        set({ error: result.error });
        noticeSessionError(result.error);
      }
    },
    save: async (change) => settle(calls.next(), await premiaApi().credentials.set(change)),
    setAccessToken: async (accessToken) =>
      settle(calls.next(), await premiaApi().credentials.setAccessToken({ accessToken })),
    clear: async () => settle(calls.next(), await premiaApi().credentials.clear()),
    /** Forget what was shown when the profile locks or another signs in. */
    reset: () => {
      calls.next();
      set({ view: null, error: null });
    },
  };
});

resetWhenProfileCloses(() => useCredentialsStore.getState().reset());
