import { create } from 'zustand';
import type {
  PremiaError,
  Result,
  ResultRowView,
  RunSummaryView,
} from '../../src-preload/contract';
import { premiaApi } from '../api';
import { compareRuns, sharedUnderlyings, type StrikeChange } from '../compare-runs';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

const PAGE = 50;
/** Strikes compared per run: one underlying's chain fits well within this. */
const COMPARE_ROWS = 1000;

export interface Comparison {
  readonly before: RunSummaryView;
  readonly after: RunSummaryView;
  readonly underlying: string;
  readonly underlyings: readonly string[];
  readonly changes: readonly StrikeChange[];
}

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

async function strikesOf(
  runId: number,
  underlying: string,
): Promise<Result<readonly ResultRowView[]>> {
  const result = await premiaApi().runs.results({
    runId,
    sort: { column: 'strike', direction: 'asc' },
    // The strikes a trader would act on: those that passed the scan's filters.
    filter: { underlyings: [underlying], passesFilters: true },
    limit: COMPARE_ROWS,
  });
  return result.ok ? { ok: true, value: result.value.rows } : result;
}

/** Past runs of this profile, read from its own database: no broker connection needed. */
export const useHistoryStore = create<HistoryState>()((set, get) => {
  function failed(error: PremiaError): void {
    set({ error });
    noticeSessionError(error);
  }
  return {
    runs: [],
    nextBefore: null,
    selected: [],
    comparison: null,
    error: null,

    async load() {
      const result = await premiaApi().runs.list({ limit: PAGE, before: null });
      if (!result.ok) return failed(result.error);
      set({ runs: result.value.runs, nextBefore: result.value.nextBefore, error: null });
    },

    async loadMore() {
      const before = get().nextBefore;
      if (before === null) return;
      const result = await premiaApi().runs.list({ limit: PAGE, before });
      if (!result.ok) return failed(result.error);
      set({ runs: [...get().runs, ...result.value.runs], nextBefore: result.value.nextBefore });
    },

    toggleSelected(runId) {
      const selected = get().selected;
      if (selected.includes(runId)) set({ selected: selected.filter((id) => id !== runId) });
      else set({ selected: [...selected, runId].slice(-2) });
    },

    async compare(underlying) {
      const chosen = get().runs.filter((run) => get().selected.includes(run.id));
      const [after, before] = [...chosen].sort((a, b) => b.id - a.id);
      if (before === undefined || after === undefined) return;
      const underlyings = sharedUnderlyings(before.symbols, after.symbols);
      const symbol = underlying ?? underlyings[0];
      if (symbol === undefined) {
        set({
          error: { code: 'BAD_INPUT', message: 'These two runs have no symbol in common.' },
        });
        return;
      }
      const [rowsBefore, rowsAfter] = await Promise.all([
        strikesOf(before.id, symbol),
        strikesOf(after.id, symbol),
      ]);
      if (!rowsBefore.ok) return failed(rowsBefore.error);
      if (!rowsAfter.ok) return failed(rowsAfter.error);
      set({
        comparison: {
          before,
          after,
          underlying: symbol,
          underlyings,
          changes: compareRuns(rowsBefore.value, rowsAfter.value),
        },
        error: null,
      });
    },

    closeComparison: () => set({ comparison: null }),

    async remove(runId) {
      const result = await premiaApi().runs.delete({ runId });
      if (!result.ok) return failed(result.error);
      set({
        runs: get().runs.filter((run) => run.id !== runId),
        selected: get().selected.filter((id) => id !== runId),
      });
    },

    reset: () => set({ runs: [], nextBefore: null, selected: [], comparison: null, error: null }),
  };
});

resetWhenProfileCloses(() => useHistoryStore.getState().reset());
