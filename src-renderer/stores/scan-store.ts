import { create } from 'zustand';
import {
  ScanFiltersSchema,
  splitSymbolList,
  type MethodOutput,
  type PremiaError,
  type ScanFilters,
  type ScanModelInput,
  type ScanProgress,
} from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

// Shapes as the contract declares them, not copies.
type Universe = MethodOutput<'scans', 'universe'>;
export type Underlying = Universe['underlyings'][number];
export type Preset = Universe['presets'][number];
export type ExpiryChoice = MethodOutput<'scans', 'expiries'>[number];
/** A typed symbol: matched to an underlying, or unknown with the closest matches. */
export type SymbolChip =
  | { readonly kind: 'matched'; readonly input: string; readonly underlying: string }
  | { readonly kind: 'unknown'; readonly input: string; readonly suggestions: readonly string[] };

export interface ScanState {
  readonly source: 'simulator' | 'kite' | null;
  readonly underlyings: readonly Underlying[];
  readonly presets: readonly Preset[];
  readonly chips: readonly SymbolChip[];
  readonly watchlist: string | null;
  readonly expiries: readonly ExpiryChoice[];
  readonly expiry: string;
  readonly filters: ScanFilters;
  /** Premium basis, rate and expiry rule of the next scan; unset = the profile's settings. */
  readonly model: ScanModelInput;
  /** The scans of this profile that are running or just ended, by run id. */
  readonly progress: Readonly<Record<number, ScanProgress>>;
  readonly error: PremiaError | null;
  readonly starting: boolean;
  loadUniverse(): Promise<void>;
  /** Downloads the day's instrument list again; returns a sentence for the screen. */
  refreshInstruments(): Promise<string>;
  addSymbols(text: string): Promise<void>;
  removeSymbol(input: string): void;
  /** Replaces an unknown symbol by one of its suggestions. */
  acceptSuggestion(input: string, underlying: string): Promise<void>;
  chooseWatchlist(id: string | null): void;
  chooseExpiry(expiry: string): void;
  setFilter<K extends keyof ScanFilters>(key: K, value: ScanFilters[K]): void;
  resetFilters(): void;
  /** Replaces every filter (a preset was chosen). */
  applyFilters(filters: ScanFilters): void;
  setModel(model: ScanModelInput): void;
  saveWatchlist(name: string): Promise<boolean>;
  start(): Promise<number | null>;
  cancel(runId: number): Promise<void>;
  progressArrived(progress: ScanProgress): void;
  loadActive(): Promise<void>;
  reset(): void;
}

/** The engine's own defaults: out of the money, a real bid, a tradeable spread. */
export const DEFAULT_FILTERS: ScanFilters = ScanFiltersSchema.parse({});

function matchedSymbols(chips: readonly SymbolChip[]): string[] {
  return chips.flatMap((chip) => (chip.kind === 'matched' ? [chip.underlying] : []));
}

const EMPTY = {
  source: null,
  underlyings: [],
  presets: [],
  chips: [],
  watchlist: null,
  expiries: [],
  expiry: 'nearest',
  filters: DEFAULT_FILTERS,
  model: {},
  progress: {},
  error: null,
  starting: false,
} as const;

export const useScanStore = create<ScanState>()((set, get) => {
  // Replies to loads that a newer load or a reset (profile closed) has overtaken are dropped.
  const universeLoad = latestOnly();
  const expiriesLoad = latestOnly();
  const activeLoad = latestOnly();
  const session = latestOnly();
  function failed(error: PremiaError): void {
    set({ error, starting: false });
    noticeSessionError(error);
  }

  /** Expiries of every chosen underlying together; a watchlist scans by rule. */
  async function refreshExpiries(): Promise<void> {
    const underlyings = matchedSymbols(get().chips);
    if (underlyings.length === 0) {
      set({ expiries: [], expiry: get().expiry.startsWith('nearest') ? get().expiry : 'nearest' });
      return;
    }
    const ticket = expiriesLoad.next();
    const result = await premiaApi().scans.expiries({ underlyings });
    if (!expiriesLoad.isCurrent(ticket)) return;
    if (!result.ok) return failed(result.error);
    // Late replies for an older set of symbols are dropped.
    if (matchedSymbols(get().chips).join() !== underlyings.join()) return;
    const chosen = get().expiry;
    const stillChosen =
      chosen.startsWith('nearest') || result.value.some((choice) => choice.expiry === chosen);
    set({ expiries: result.value, expiry: stillChosen ? chosen : 'nearest' });
  }

  return {
    ...EMPTY,

    async loadUniverse() {
      const ticket = universeLoad.next();
      const result = await premiaApi().scans.universe();
      if (!universeLoad.isCurrent(ticket)) return;
      if (!result.ok) return failed(result.error);
      set({ ...result.value, error: null });
    },

    async refreshInstruments() {
      const result = await premiaApi().scans.refreshInstruments();
      if (!result.ok) {
        failed(result.error);
        return result.error.message;
      }
      await get().loadUniverse();
      return `${result.value.instruments.toLocaleString('en-IN')} instruments for ${result.value.tradingDay}.`;
    },

    async addSymbols(text) {
      // The same reading of typed text as the command line's (src-preload/contract/rules).
      const inputs = splitSymbolList(text);
      const fresh = inputs.filter((input) => !get().chips.some((chip) => chip.input === input));
      if (fresh.length === 0) return;
      const ticket = session.peek();
      const result = await premiaApi().scans.matchSymbols({ symbols: fresh });
      if (!session.isCurrent(ticket)) return;
      if (!result.ok) return failed(result.error);
      const chips: SymbolChip[] = [...get().chips];
      for (const match of result.value.matched) {
        if (matchedSymbols(chips).includes(match.underlying)) continue;
        chips.push({ kind: 'matched', input: match.inputs[0] ?? match.underlying, ...match });
      }
      for (const unknown of result.value.unknown) chips.push({ kind: 'unknown', ...unknown });
      set({ chips, watchlist: null, error: null });
      await refreshExpiries();
    },

    removeSymbol(input) {
      set({ chips: get().chips.filter((chip) => chip.input !== input) });
      void refreshExpiries();
    },

    async acceptSuggestion(input, underlying) {
      set({ chips: get().chips.filter((chip) => chip.input !== input) });
      await get().addSymbols(underlying);
    },

    // Typed symbols stay (shown as set aside) so choosing "None" brings them back.
    chooseWatchlist: (id) => set({ watchlist: id }),
    chooseExpiry: (expiry) => set({ expiry }),
    setFilter: (key, value) => set({ filters: { ...get().filters, [key]: value } }),
    resetFilters: () => set({ filters: DEFAULT_FILTERS }),
    applyFilters: (filters) => set({ filters }),
    setModel: (model) => set({ model }),

    async saveWatchlist(name) {
      const symbols = matchedSymbols(get().chips);
      const result = await premiaApi().scans.saveWatchlist({ name, symbols });
      if (!result.ok) {
        failed(result.error);
        return false;
      }
      await get().loadUniverse();
      return true;
    },

    async start() {
      const { chips, watchlist, expiry, filters, model } = get();
      set({ starting: true, error: null });
      const result = await premiaApi().scans.start({
        symbols: watchlist === null ? matchedSymbols(chips) : [],
        watchlist,
        expiry,
        filters,
        model,
      });
      if (!result.ok) {
        failed(result.error);
        return null;
      }
      set({ starting: false });
      return result.value.runId;
    },

    async cancel(runId) {
      const result = await premiaApi().scans.cancel({ runId });
      if (!result.ok) failed(result.error);
    },

    progressArrived: (progress) =>
      set({ progress: { ...get().progress, [progress.runId]: progress } }),

    async loadActive() {
      const ticket = activeLoad.next();
      const result = await premiaApi().scans.active();
      if (!activeLoad.isCurrent(ticket) || !result.ok) return;
      const progress = { ...get().progress };
      for (const entry of result.value) progress[entry.runId] = entry;
      set({ progress });
    },

    reset: () => {
      for (const guard of [universeLoad, expiriesLoad, activeLoad, session]) guard.next();
      set({ ...EMPTY });
    },
  };
});

resetWhenProfileCloses(() => useScanStore.getState().reset());

/** Mount once: progress events of this window's scans flow into the store. */
export function subscribeToScanProgress(): () => void {
  return premiaApi().events.on('scans.progress', (progress) =>
    useScanStore.getState().progressArrived(progress),
  );
}
