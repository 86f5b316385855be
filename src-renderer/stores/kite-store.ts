import { create } from 'zustand';
import type { KiteAccount, PremiaError, Result } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { useCredentialsStore } from './credentials-store';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export interface KiteState {
  /** Who the broker says the trader is, after a login or a connection test. */
  readonly account: KiteAccount | null;
  readonly busy: 'login' | 'exchange' | 'test' | null;
  readonly error: PremiaError | null;
  login(port: number): Promise<void>;
  exchangeRequestToken(requestToken: string): Promise<boolean>;
  testConnection(): Promise<void>;
  reset(): void;
}

export const useKiteStore = create<KiteState>()((set) => {
  /** A new token changes what the credentials screen shows (masked token, expiry). */
  async function settle(result: Result<KiteAccount>, reloadCredentials: boolean): Promise<boolean> {
    if (result.ok) set({ account: result.value, error: null, busy: null });
    else {
      set({ account: null, error: result.error, busy: null });
      noticeSessionError(result.error);
    }
    if (reloadCredentials) await useCredentialsStore.getState().load();
    return result.ok;
  }
  return {
    account: null,
    busy: null,
    error: null,
    async login(port) {
      set({ busy: 'login', error: null });
      await settle(await premiaApi().kite.login({ port }), true);
    },
    async exchangeRequestToken(requestToken) {
      set({ busy: 'exchange', error: null });
      return settle(await premiaApi().kite.exchangeRequestToken({ requestToken }), true);
    },
    async testConnection() {
      set({ busy: 'test', error: null });
      await settle(await premiaApi().kite.testConnection(), true);
    },
    reset: () => set({ account: null, busy: null, error: null }),
  };
});

resetWhenProfileCloses(() => useKiteStore.getState().reset());
