import { create } from 'zustand';
import type { CredentialsView, PremiaError, Result } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export interface CredentialsChange {
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

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
  function settle(result: Result<CredentialsView>): Result<CredentialsView> {
    if (result.ok) set({ view: result.value, error: null });
    else noticeSessionError(result.error);
    return result;
  }
  return {
    view: null,
    error: null,
    async load() {
      const result = await premiaApi().credentials.get();
      if (result.ok) set({ view: result.value, error: null });
      else {
        set({ error: result.error });
        noticeSessionError(result.error);
      }
    },
    save: async (change) => settle(await premiaApi().credentials.set(change)),
    setAccessToken: async (accessToken) =>
      settle(await premiaApi().credentials.setAccessToken({ accessToken })),
    clear: async () => settle(await premiaApi().credentials.clear()),
    /** Forget what was shown when the profile locks or another signs in. */
    reset: () => set({ view: null, error: null }),
  };
});

resetWhenProfileCloses(() => useCredentialsStore.getState().reset());
