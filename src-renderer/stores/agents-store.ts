import { create } from 'zustand';
import type { AgentViewRecord, AlertView, PremiaError } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export interface AgentsState {
  readonly agents: readonly AgentViewRecord[];
  readonly alerts: readonly AlertView[];
  readonly unread: number;
  /** The last thing done, said in a sentence. */
  readonly outcome: { readonly ok: boolean; readonly text: string } | null;
  readonly busy: boolean;
  load(): Promise<void>;
  /** Adds a new agent (id null) or replaces one. */
  save(id: number | null, agent: unknown): Promise<boolean>;
  remove(id: number): Promise<void>;
  setPaused(id: number, paused: boolean): Promise<void>;
  runNow(id: number): Promise<void>;
  markRead(ids: readonly number[] | 'all'): Promise<void>;
  reset(): void;
}

export const useAgentsStore = create<AgentsState>()((set, get) => {
  // A load overtaken by a newer one (or by the profile closing) is dropped.
  const loads = latestOnly();
  function failed(error: PremiaError): void {
    set({ outcome: { ok: false, text: error.message }, busy: false });
    noticeSessionError(error);
  }
  async function act(work: () => Promise<{ ok: boolean; text: string } | PremiaError>) {
    set({ busy: true });
    const outcome = await work();
    if ('code' in outcome) failed(outcome);
    else set({ outcome, busy: false });
    await get().load();
  }
  return {
    agents: [],
    alerts: [],
    unread: 0,
    outcome: null,
    busy: false,
    async load() {
      const ticket = loads.next();
      const [agents, alerts] = await Promise.all([
        premiaApi().agents.list(),
        premiaApi().agents.alerts({ limit: 100 }),
      ]);
      if (!loads.isCurrent(ticket)) return;
      if (agents.ok) set({ agents: agents.value });
      else failed(agents.error);
      if (alerts.ok) set({ alerts: alerts.value.alerts, unread: alerts.value.unread });
    },
    async save(id, agent) {
      const result =
        id === null
          ? await premiaApi().agents.add({ agent })
          : await premiaApi().agents.update({ id, agent });
      if (!result.ok) {
        failed(result.error);
        return false;
      }
      set({ outcome: { ok: true, text: id === null ? 'Agent added.' : 'Agent saved.' } });
      await get().load();
      return true;
    },
    remove: (id) =>
      act(async () => {
        const result = await premiaApi().agents.remove({ id });
        return result.ok ? { ok: true, text: 'Agent removed.' } : result.error;
      }),
    setPaused: (id, paused) =>
      act(async () => {
        const result = await premiaApi().agents.setPaused({ id, paused });
        return result.ok
          ? { ok: true, text: paused ? 'Agent paused.' : 'Agent resumed.' }
          : result.error;
      }),
    runNow: (id) =>
      act(async () => {
        const result = await premiaApi().agents.runNow({ id });
        if (!result.ok) return result.error;
        const run = result.value;
        return run.status === 'completed'
          ? { ok: true, text: `Run finished: ${run.alertsRaised} new alert(s).` }
          : { ok: false, text: `Run failed: ${run.detail ?? 'see the log'}` };
      }),
    markRead: (ids) =>
      act(async () => {
        const result = await premiaApi().agents.markRead({
          ids: ids === 'all' ? 'all' : [...ids],
          read: true,
        });
        return result.ok
          ? { ok: true, text: `${result.value.changed} alert(s) marked read.` }
          : result.error;
      }),
    reset: () => {
      loads.next();
      set({ agents: [], alerts: [], unread: 0, outcome: null, busy: false });
    },
  };
});

resetWhenProfileCloses(() => useAgentsStore.getState().reset());
