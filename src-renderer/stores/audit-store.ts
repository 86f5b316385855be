import { create } from 'zustand';
import type { AuditEntry, PremiaError } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

const PAGE = 50;

export interface AuditState {
  readonly entries: readonly AuditEntry[];
  readonly hasMore: boolean;
  readonly error: PremiaError | null;
  load(): Promise<void>;
  /** Older entries, paging back by id. */
  loadMore(): Promise<void>;
  reset(): void;
}

// One guard for both loads: a first page asked for again overtakes a "more" still on its way.
const pages = latestOnly();

export const useAuditStore = create<AuditState>()((set, get) => ({
  entries: [],
  hasMore: false,
  error: null,
  async load() {
    const ticket = pages.next();
    const result = await premiaApi().audit.list({ limit: PAGE });
    if (!pages.isCurrent(ticket)) return;
    if (!result.ok) {
      set({ error: result.error });
      noticeSessionError(result.error);
      return;
    }
    set({ entries: result.value, hasMore: result.value.length === PAGE, error: null });
  },
  async loadMore() {
    const oldest = get().entries[get().entries.length - 1];
    if (oldest === undefined) return;
    const ticket = pages.next();
    const result = await premiaApi().audit.list({ limit: PAGE, beforeId: oldest.id });
    if (!pages.isCurrent(ticket)) return;
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    set({ entries: [...get().entries, ...result.value], hasMore: result.value.length === PAGE });
  },
  reset: () => {
    pages.next();
    set({ entries: [], hasMore: false, error: null });
  },
}));

resetWhenProfileCloses(() => useAuditStore.getState().reset());
