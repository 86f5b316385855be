import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-preload/contract';
import { RowPageCache, type RowPage } from '../../src-renderer/components/table/row-page-cache';
import {
  rowAfterKey,
  scrollTopRevealing,
  visibleRowWindow,
} from '../../src-renderer/components/table/row-window';
import { nextSort } from '../../src-renderer/components/table/table-types';

describe('row window', () => {
  const viewport = { rowsHeight: 300, rowHeight: 30, totalRows: 100_000, overscan: 5 };

  it('renders only the rows on screen plus a small overscan', () => {
    expect(visibleRowWindow({ ...viewport, scrollTop: 0 })).toEqual({ first: 0, end: 16 });
    const middle = visibleRowWindow({ ...viewport, scrollTop: 30 * 50_000 + 10 });
    expect(middle).toEqual({ first: 49_995, end: 50_016 });
    expect(middle.end - middle.first).toBeLessThan(30);
  });

  it('stops at the last row and handles an empty table', () => {
    expect(visibleRowWindow({ ...viewport, totalRows: 20, scrollTop: 0 })).toEqual({
      first: 0,
      end: 16,
    });
    expect(visibleRowWindow({ ...viewport, totalRows: 20, scrollTop: 9_000 })).toEqual({
      first: 19,
      end: 20,
    });
    expect(visibleRowWindow({ ...viewport, totalRows: 0, scrollTop: 0 })).toEqual({
      first: 0,
      end: 0,
    });
  });

  it('scrolls just enough to reveal a row', () => {
    const at = { scrollTop: 300, rowsHeight: 300, rowHeight: 30 };
    expect(scrollTopRevealing(12, at)).toBe(300);
    expect(scrollTopRevealing(5, at)).toBe(150);
    expect(scrollTopRevealing(20, at)).toBe(330);
  });

  it('moves the row cursor with arrows, pages, Home and End', () => {
    expect(rowAfterKey('ArrowDown', -1, 10, 50)).toBe(0);
    expect(rowAfterKey('ArrowDown', 49, 10, 50)).toBe(49);
    expect(rowAfterKey('ArrowUp', 0, 10, 50)).toBe(0);
    expect(rowAfterKey('PageDown', 5, 10, 50)).toBe(15);
    expect(rowAfterKey('PageUp', 5, 10, 50)).toBe(0);
    expect(rowAfterKey('End', 5, 10, 50)).toBe(49);
    expect(rowAfterKey('Home', 30, 10, 50)).toBe(0);
    expect(rowAfterKey('ArrowDown', -1, 10, 0)).toBe(-1);
  });

  it('sorts best-first on the first click where the column says so, then flips', () => {
    const yieldColumn = { id: 'annualizedYieldPct', firstSortDirection: 'desc' as const };
    expect(nextSort(yieldColumn, null)).toEqual({ columnId: yieldColumn.id, direction: 'desc' });
    expect(nextSort(yieldColumn, { columnId: yieldColumn.id, direction: 'desc' })).toEqual({
      columnId: yieldColumn.id,
      direction: 'asc',
    });
    expect(nextSort({ id: 'strike' }, { columnId: yieldColumn.id, direction: 'asc' })).toEqual({
      columnId: 'strike',
      direction: 'asc',
    });
  });
});

interface Strike {
  readonly strike: number;
}

/** A loader over `total` synthetic rows that records every request and lets the test reply. */
function recordingLoader(total: number) {
  const calls: { offset: number; limit: number; reply(): void; fail(): void }[] = [];
  const load = (offset: number, limit: number): Promise<Result<RowPage<Strike>>> =>
    new Promise((resolve) => {
      calls.push({
        offset,
        limit,
        reply: () => {
          const rows: Strike[] = [];
          for (let index = offset; index < Math.min(total, offset + limit); index += 1) {
            rows.push({ strike: index });
          }
          resolve({ ok: true, value: { rows, totalRows: total } });
        },
        fail: () =>
          resolve({ ok: false, error: { code: 'STORAGE_BUSY', message: 'The disk is busy.' } }),
      });
    });
  return { load, calls };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('row page cache', () => {
  it('loads the first page, then only the pages a window needs, once each', async () => {
    const { load, calls } = recordingLoader(100_000);
    let changes = 0;
    const cache = new RowPageCache(load, () => (changes += 1), { pageSize: 100, maxPages: 4 });
    cache.request(0, 1);
    cache.request(0, 1);
    expect(calls.map((call) => call.offset)).toEqual([0]);
    calls[0]?.reply();
    await settle();
    expect(changes).toBe(1);
    expect(cache.totalRows).toBe(100_000);
    expect(cache.row(42)).toEqual({ strike: 42 });

    cache.request(50_050, 50_180);
    expect(calls.map((call) => call.offset)).toEqual([0, 50_000, 50_100]);
    expect(cache.row(50_050)).toBeUndefined();
  });

  it('keeps a bounded number of pages, dropping the least recently used', async () => {
    const { load, calls } = recordingLoader(100_000);
    const cache = new RowPageCache(load, () => undefined, { pageSize: 100, maxPages: 3 });
    for (let page = 0; page < 10; page += 1) {
      cache.request(page * 100, page * 100 + 50);
      calls[page]?.reply();
      await settle();
    }
    expect(cache.pagesInMemory).toBe(3);
    expect(cache.row(950)).toEqual({ strike: 950 });
    expect(cache.row(50)).toBeUndefined();
  });

  it('does not ask for pages past the end once the total is known', async () => {
    const { load, calls } = recordingLoader(150);
    const cache = new RowPageCache(load, () => undefined, { pageSize: 100, maxPages: 3 });
    cache.request(0, 1);
    calls[0]?.reply();
    await settle();
    cache.request(0, 400);
    expect(calls.map((call) => call.offset)).toEqual([0, 100]);
  });

  it('reports a failed page and tries it again on the next request', async () => {
    const { load, calls } = recordingLoader(1_000);
    const cache = new RowPageCache(load, () => undefined);
    cache.request(0, 10);
    calls[0]?.fail();
    await settle();
    expect(cache.error?.message).toBe('The disk is busy.');
    cache.request(0, 10);
    calls[1]?.reply();
    await settle();
    expect(cache.error).toBeNull();
    expect(cache.row(3)).toEqual({ strike: 3 });
  });

  it('shows a first page fetched beforehand without asking for it again', () => {
    const { load, calls } = recordingLoader(100_000);
    const rows = Array.from({ length: 100 }, (_, strike) => ({ strike }));
    const cache = new RowPageCache(
      load,
      () => undefined,
      { pageSize: 100 },
      { rows, totalRows: 100_000 },
    );
    expect(cache.totalRows).toBe(100_000);
    expect(cache.row(99)).toEqual({ strike: 99 });
    cache.request(0, 40);
    expect(calls).toEqual([]);
    cache.request(90, 140);
    expect(calls.map((call) => call.offset)).toEqual([100]);
  });

  it('takes a short first page only when it is the whole set', () => {
    const { load, calls } = recordingLoader(1_000);
    const partial = new RowPageCache(
      load,
      () => undefined,
      {},
      { rows: [{ strike: 0 }], totalRows: 1_000 },
    );
    expect(partial.totalRows).toBeNull();
    partial.request(0, 10);
    expect(calls.map((call) => call.offset)).toEqual([0]);
    const whole = new RowPageCache(
      load,
      () => undefined,
      {},
      { rows: [{ strike: 7 }], totalRows: 1 },
    );
    expect(whole.totalRows).toBe(1);
    expect(whole.row(0)).toEqual({ strike: 7 });
  });

  it('keeps replies but tells no one while muted, and tells again once unmuted', async () => {
    const { load, calls } = recordingLoader(1_000);
    let changes = 0;
    const cache = new RowPageCache(load, () => (changes += 1));
    cache.request(0, 10);
    cache.mute(true);
    calls[0]?.reply();
    await settle();
    expect(changes).toBe(0);
    expect(cache.row(3)).toEqual({ strike: 3 });
    cache.mute(false);
    cache.request(500, 510);
    calls[1]?.reply();
    await settle();
    expect(changes).toBe(1);
  });
});
