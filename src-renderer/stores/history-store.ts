import { create } from 'zustand';
import type { PremiaError, RunComparisonView, RunSummaryView } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

const PAGE = 50;

/** Main compares the two runs over all their rows (compare.runs); the screen shows the answer. */
export type Comparison = RunComparisonView;

export interface HistoryState {
  readonly runs: readonly RunSummaryView[];
  readonly nextBefore: number | null;
  readonly selected: readonly number[];
  readonly comparison: Comparison | null;
  readonly error: PremiaError | null;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** Up to two runs are selected for comparison; a third replaces the oldest choice. */
  toggleSelected(runId: number): void;
  compare(underlying?: string): Promise<void>;
  closeComparison(): void;
  remove(runId: number): Promise<void>;
  reset(): void;
}

/** Past runs of this profile, read from its own database: no broker connection needed. */
export const useHistoryStore = create<HistoryState>()((set, get) => {
  function failed(error: PremiaError): void {
    set({ error });
    noticeSessionError(error);
  }
  // A reply that arrives after a newer request (or after the profile closed) is dropped.
  const listing = latestOnly();
  const comparing = latestOnly();
  return {
    runs: [],
    nextBefore: null,
    selected: [],
    comparison: null,
    error: null,

    async load() {
      const ticket = listing.next();
      const result = await premiaApi().runs.list({ limit: PAGE, before: null });
      if (!listing.isCurrent(ticket)) return;
      if (!result.ok) return failed(result.error);
      set({ runs: result.value.runs, nextBefore: result.value.nextBefore, error: null });
    },

    async loadMore() {
      const before = get().nextBefore;
      if (before === null) return;
      const ticket = listing.next();
      const result = await premiaApi().runs.list({ limit: PAGE, before });
      if (!listing.isCurrent(ticket)) return;
      if (!result.ok) return failed(result.error);
      set({ runs: [...get().runs, ...result.value.runs], nextBefore: result.value.nextBefore });
    },

    toggleSelected(runId) {
      const selected = get().selected;
      if (selected.includes(runId)) set({ selected: selected.filter((id) => id !== runId) });
      else set({ selected: [...selected, runId].slice(-2) });
    },

    async compare(underlying) {
      const [first, second] = get().selected;
      if (first === undefined || second === undefined) return;
      const ticket = comparing.next();
      const result = await premiaApi().compare.runs({
        beforeRunId: first,
        afterRunId: second,
        ...(underlying === undefined ? {} : { underlying }),
      });
      if (!comparing.isCurrent(ticket)) return;
      if (!result.ok) return failed(result.error);
      set({ comparison: result.value, error: null });
    },

    closeComparison: () => {
      comparing.next();
      set({ comparison: null });
    },

    async remove(runId) {
      const result = await premiaApi().runs.delete({ runId });
      if (!result.ok) return failed(result.error);
      set({
        runs: get().runs.filter((run) => run.id !== runId),
        selected: get().selected.filter((id) => id !== runId),
      });
    },

    reset: () => {
      listing.next();
      comparing.next();
      set({ runs: [], nextBefore: null, selected: [], comparison: null, error: null });
    },
  };
});

resetWhenProfileCloses(() => useHistoryStore.getState().reset());
