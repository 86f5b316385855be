import { create } from 'zustand';
import type {
  ImportFile,
  ImportFileReport,
  JournalSummary,
  PremiaError,
  SuggestedVsRealized,
  SyncReport,
  TradeFilterInput as ContractFilter,
  TradeView,
} from '../../src-preload/contract';
import { MAX_IMPORT_FILE_BYTES } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

const PAGE = 100;

/** The trades list's filters as the screen holds them ('' = not set). */
export type TradeFilterInput = { readonly [K in keyof ContractFilter]?: ContractFilter[K] | '' };

export interface JournalState {
  readonly summary: JournalSummary | null;
  readonly suggested: SuggestedVsRealized | null;
  readonly trades: readonly TradeView[];
  readonly total: number;
  readonly filter: TradeFilterInput;
  /** Files read from the file input, checked (preview) but not yet imported. */
  readonly pending: readonly ImportFile[];
  readonly reports: readonly ImportFileReport[];
  readonly sync: SyncReport | null;
  readonly busy: boolean;
  readonly error: PremiaError | null;
  load(): Promise<void>;
  setFilter(filter: TradeFilterInput): Promise<void>;
  syncNow(): Promise<void>;
  choose(files: readonly File[]): Promise<void>;
  importPending(): Promise<void>;
  cancelImport(): void;
  settle(underlying: string, expiry: string, closePrice: number): Promise<void>;
  reset(): void;
}

/** Base64 of a file's bytes, in slices (String.fromCharCode on a huge array overflows). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/**
 * The renderer reads the files the trader picked in a file input and hands over their contents:
 * main never receives a path, so no renderer can make it open a file the trader did not choose.
 */
async function readChosen(file: File): Promise<ImportFile> {
  if (file.size > MAX_IMPORT_FILE_BYTES) {
    throw new Error(`${file.name} is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MiB.`);
  }
  if (file.name.toLowerCase().endsWith('.xlsx')) {
    return {
      name: file.name,
      encoding: 'base64',
      contents: base64(new Uint8Array(await file.arrayBuffer())),
    };
  }
  return { name: file.name, encoding: 'text', contents: await file.text() };
}

const clean = (filter: TradeFilterInput): ContractFilter =>
  Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''),
  ) as ContractFilter;

/** The active profile's journal: summary, trades page, import and sync. */
export const useJournalStore = create<JournalState>()((set, get) => {
  function failed(error: PremiaError): void {
    set({ error, busy: false });
    noticeSessionError(error);
  }
  // Each filter keystroke asks again; an answer to an older filter that arrives late is dropped.
  let latestTrades = 0;
  async function loadTrades(): Promise<void> {
    latestTrades += 1;
    const asked = latestTrades;
    const result = await premiaApi().journal.trades({
      filter: clean(get().filter),
      limit: PAGE,
      offset: 0,
    });
    if (asked !== latestTrades) return;
    if (!result.ok) return failed(result.error);
    set({ trades: result.value.trades, total: result.value.total });
  }
  return {
    summary: null,
    suggested: null,
    trades: [],
    total: 0,
    filter: {},
    pending: [],
    reports: [],
    sync: null,
    busy: false,
    error: null,

    async load() {
      const api = premiaApi().journal;
      const [summary, suggested] = await Promise.all([
        api.summary({}),
        api.suggestedVsRealized({}),
      ]);
      if (!summary.ok) return failed(summary.error);
      if (!suggested.ok) return failed(suggested.error);
      set({ summary: summary.value, suggested: suggested.value, error: null });
      await loadTrades();
    },

    async setFilter(filter) {
      set({ filter });
      await loadTrades();
    },

    async syncNow() {
      set({ busy: true, error: null });
      const result = await premiaApi().journal.sync();
      if (!result.ok) return failed(result.error);
      set({ sync: result.value, busy: false });
      await get().load();
    },

    async choose(files) {
      set({ busy: true, error: null, reports: [] });
      let chosen: ImportFile[];
      try {
        chosen = await Promise.all(files.map(readChosen));
      } catch (error) {
        set({
          busy: false,
          error: { code: 'BAD_INPUT', message: String((error as Error).message) },
        });
        return;
      }
      const result = await premiaApi().journal.import({ files: chosen, preview: true });
      if (!result.ok) return failed(result.error);
      set({ pending: chosen, reports: result.value, busy: false });
    },

    async importPending() {
      const files = get().pending.filter((file) =>
        get().reports.some((r) => r.name === file.name && r.status === 'preview'),
      );
      if (files.length === 0) return;
      set({ busy: true, error: null });
      const result = await premiaApi().journal.import({ files, preview: false });
      if (!result.ok) return failed(result.error);
      set({ pending: [], reports: result.value, busy: false });
      await get().load();
    },

    cancelImport: () => set({ pending: [], reports: [] }),

    async settle(underlying, expiry, closePrice) {
      const result = await premiaApi().journal.setSettlement({ underlying, expiry, closePrice });
      if (!result.ok) return failed(result.error);
      await get().load();
    },

    reset: () =>
      set({
        summary: null,
        suggested: null,
        trades: [],
        total: 0,
        filter: {},
        pending: [],
        reports: [],
        sync: null,
        busy: false,
        error: null,
      }),
  };
});

resetWhenProfileCloses(() => useJournalStore.getState().reset());
