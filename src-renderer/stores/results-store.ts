import { create } from 'zustand';
import type {
  PremiaError,
  ResultRowView,
  Result,
  RunSummaryView,
} from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { ROW_PAGE_SIZE, type LoadRowPage, type RowPage } from '../components/table/row-page-cache';
import type { TableSort } from '../components/table/table-types';
import { RESULT_SORT_COLUMNS, type ResultSortColumn } from '../../src-preload/contract';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

/** The chips above the table; each narrows the query main runs, never a list in the window. */
export interface ResultChips {
  readonly optionType: 'CE' | 'PE' | null;
  /** false: only rows that pass the scan's filters (the default); true: every row. */
  readonly includeFilteredOut: boolean;
  /** Group by underlying: the one underlying shown, or all. */
  readonly underlying: string | null;
  readonly minAnnualizedYieldPct: number | null;
}

export interface ExportOutcome {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface ResultsState {
  readonly run: RunSummaryView | null;
  /** The run being opened (its first page is on its way), so the screen can say so meanwhile. */
  readonly opening: number | null;
  /** The run that was open when the profile locked, reopened after unlock. */
  readonly lastRunId: number | null;
  readonly sort: TableSort;
  readonly chips: ResultChips;
  readonly visibleColumns: readonly string[] | null;
  /** A new function whenever run, sort or chips change: the table reloads from the top. */
  readonly loadPage: LoadRowPage<ResultRowView> | null;
  /** loadPage's first page when it was fetched with the run (opening it), else null. */
  readonly firstPage: RowPage<ResultRowView> | null;
  readonly exported: ExportOutcome | null;
  readonly error: PremiaError | null;
  open(runId: number): Promise<void>;
  refreshRun(): Promise<void>;
  setSort(sort: TableSort): void;
  setChips(change: Partial<ResultChips>): void;
  setVisibleColumns(columns: string[]): void;
  exportCsv(): Promise<void>;
  reset(reason: 'locked' | 'closed'): void;
}

const DEFAULT_SORT_COLUMN: ResultSortColumn = 'annualizedRomPct';
export const DEFAULT_SORT: TableSort = { columnId: DEFAULT_SORT_COLUMN, direction: 'desc' };
const DEFAULT_CHIPS: ResultChips = {
  optionType: null,
  includeFilteredOut: false,
  underlying: null,
  minAnnualizedYieldPct: null,
};

/** The query filter the chips stand for (the table, the chart and export all use it). */
export function queryFilter(chips: ResultChips) {
  return {
    ...(chips.optionType === null ? {} : { optionType: chips.optionType }),
    ...(chips.includeFilteredOut ? {} : { passesFilters: true }),
    ...(chips.underlying === null ? {} : { underlyings: [chips.underlying] }),
    ...(chips.minAnnualizedYieldPct === null
      ? {}
      : { ranges: [{ column: 'annualizedYieldPct' as const, min: chips.minAnnualizedYieldPct }] }),
  };
}

/** The table speaks column ids; the contract accepts only its sortable columns. */
function sortColumnOf(columnId: string): ResultSortColumn {
  return (RESULT_SORT_COLUMNS as readonly string[]).includes(columnId)
    ? (columnId as ResultSortColumn)
    : DEFAULT_SORT_COLUMN;
}

type PageReply = Result<RowPage<ResultRowView>>;

/** A page as main sends it: its rows, their total, and the run's summary. */
async function askPage(
  runId: number,
  sort: TableSort,
  chips: ResultChips,
  offset: number,
  limit: number,
): Promise<Result<{ run: RunSummaryView; page: RowPage<ResultRowView> }>> {
  const result = await premiaApi().runs.results({
    runId,
    sort: { column: sortColumnOf(sort.columnId), direction: sort.direction },
    filter: queryFilter(chips),
    offset,
    limit,
  });
  if (!result.ok) {
    noticeSessionError(result.error);
    return result;
  }
  const { run, rows, total } = result.value;
  return { ok: true, value: { run, page: { rows, totalRows: total } } };
}

async function fetchPage(
  runId: number,
  sort: TableSort,
  chips: ResultChips,
  offset: number,
  limit: number,
): Promise<PageReply> {
  const reply = await askPage(runId, sort, chips, offset, limit);
  return reply.ok ? { ok: true, value: reply.value.page } : reply;
}

/**
 * Pages of one run, sort and filter. `first`: its first page, already asked for; the table's
 * first request for that page gets this reply instead of asking main again.
 */
function pageLoader(
  runId: number,
  sort: TableSort,
  chips: ResultChips,
  first?: Promise<PageReply>,
): LoadRowPage<ResultRowView> {
  let prefetched = first;
  return (offset, limit) => {
    const reply = offset === 0 && limit === ROW_PAGE_SIZE ? prefetched : undefined;
    if (reply === undefined) return fetchPage(runId, sort, chips, offset, limit);
    prefetched = undefined;
    return reply;
  };
}

/** A run's rows, paged from the profile's database: a 100k-row run is never loaded whole. */
export const useResultsStore = create<ResultsState>()((set, get) => {
  // A run summary that arrives after another run was opened, or after the profile closed, is dropped.
  const runLoad = latestOnly();
  /**
   * A new sort or chips: the first page of the new query is asked for here, before the store
   * changes and the screen renders the change, rather than by the table's effect after that
   * render. Main reads the page while the window renders the pressed chip or sort mark.
   */
  function requery(change: Partial<Pick<ResultsState, 'sort' | 'chips'>>): void {
    const { run, sort, chips } = { ...get(), ...change };
    const first = run === null ? undefined : fetchPage(run.id, sort, chips, 0, ROW_PAGE_SIZE);
    set({
      ...change,
      loadPage: run === null ? null : pageLoader(run.id, sort, chips, first),
      firstPage: null,
    });
  }

  return {
    run: null,
    opening: null,
    lastRunId: null,
    sort: DEFAULT_SORT,
    chips: DEFAULT_CHIPS,
    visibleColumns: null,
    loadPage: null,
    firstPage: null,
    exported: null,
    error: null,

    async open(runId) {
      const ticket = runLoad.next();
      // The last run's rows go at once, so a screen shown while this one is on its way (History
      // switches to Results as it asks) renders no rows it would replace a moment later.
      set({
        opening: runId,
        run: null,
        lastRunId: null,
        loadPage: null,
        firstPage: null,
        exported: null,
        error: null,
      });
      // The screen opens with the table's first page, whose reply carries the run's summary:
      // its first frame shows rows, after one request. Only when main refuses the page (a scan
      // still running has none yet) is the summary asked for on its own.
      const page = await askPage(runId, DEFAULT_SORT, DEFAULT_CHIPS, 0, ROW_PAGE_SIZE);
      const result: Result<RunSummaryView> = page.ok
        ? { ok: true, value: page.value.run }
        : await premiaApi().runs.get({ runId });
      if (!runLoad.isCurrent(ticket)) return;
      if (!result.ok) {
        set({ opening: null, error: result.error });
        noticeSessionError(result.error);
        return;
      }
      set({
        opening: null,
        run: result.value,
        sort: DEFAULT_SORT,
        chips: DEFAULT_CHIPS,
        // A failed first page is asked for again by the table, which then shows its error.
        loadPage: pageLoader(runId, DEFAULT_SORT, DEFAULT_CHIPS),
        firstPage: page.ok ? page.value.page : null,
        exported: null,
        error: null,
      });
    },

    async refreshRun() {
      const run = get().run;
      if (run === null) return;
      const ticket = runLoad.next();
      const result = await premiaApi().runs.get({ runId: run.id });
      if (runLoad.isCurrent(ticket) && result.ok) {
        set({ run: result.value });
        requery({});
      }
    },

    setSort: (sort) => requery({ sort }),

    setChips: (change) => requery({ chips: { ...get().chips, ...change } }),

    setVisibleColumns: (columns) => set({ visibleColumns: columns }),

    async exportCsv() {
      const { run, chips, sort } = get();
      if (run === null) return;
      // What the screen shows: its chips and its sort; main asks where to save.
      const result = await premiaApi().runs.export({
        runId: run.id,
        format: 'csv',
        filter: queryFilter(chips),
        sort: { column: sortColumnOf(sort.columnId), direction: sort.direction },
      });
      if (!result.ok) return set({ error: result.error });
      const { path, rows, bytes } = result.value;
      set({ exported: path === null ? null : { path, rows, bytes }, error: null });
    },

    reset: (reason) => {
      runLoad.next();
      set({
        lastRunId: reason === 'locked' ? (get().run?.id ?? null) : null,
        run: null,
        opening: null,
        loadPage: null,
        firstPage: null,
        exported: null,
        error: null,
        chips: DEFAULT_CHIPS,
        sort: DEFAULT_SORT,
      });
    },
  };
});

resetWhenProfileCloses((reason) => useResultsStore.getState().reset(reason));
