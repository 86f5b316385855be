import { create } from 'zustand';
import type { AppInfo, HealthCheck, PremiaError } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';

export interface AppState {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly info: AppInfo | null;
  readonly dataDirectory: string | null;
  readonly health: { ok: boolean; checks: HealthCheck[] } | null;
  readonly error: PremiaError | null;
  load(): Promise<void>;
}

const factsLoad = latestOnly();

/** App-wide facts the shell shows: version, data folder, health of this machine. */
export const useAppStore = create<AppState>()((set) => ({
  status: 'idle',
  info: null,
  dataDirectory: null,
  health: null,
  error: null,
  async load() {
    set({ status: 'loading', error: null });
    const ticket = factsLoad.next();
    const api = premiaApi();
    const [info, dataDirectory, health] = await Promise.all([
      api.app.version(),
      api.app.dataDirectory(),
      api.app.health(),
    ]);
    if (!factsLoad.isCurrent(ticket)) return;
    for (const result of [info, dataDirectory, health]) {
      if (!result.ok) {
        set({ status: 'failed', error: result.error });
        return;
      }
    }
    set({
      status: 'ready',
      info: info.ok ? info.value : null,
      dataDirectory: dataDirectory.ok ? dataDirectory.value.path : null,
      health: health.ok ? health.value : null,
    });
  },
}));
