/** Which rows of a fixed-row-height list are on screen; pure so it can be pinned by tests. */

export interface RowWindow {
  /** First row to render (inclusive). */
  readonly first: number;
  /** Row after the last one to render (exclusive). */
  readonly end: number;
}

export interface Viewport {
  readonly scrollTop: number;
  /** Height available to rows (the sticky header's height already taken off). */
  readonly rowsHeight: number;
  readonly rowHeight: number;
  readonly totalRows: number;
  /** Extra rows each side so a fast wheel never shows a blank strip. */
  readonly overscan: number;
}

export function visibleRowWindow(viewport: Viewport): RowWindow {
  const { scrollTop, rowsHeight, rowHeight, totalRows, overscan } = viewport;
  if (totalRows <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const top = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, rowsHeight) / rowHeight) + 1;
  const first = Math.min(Math.max(0, top - overscan), Math.max(0, totalRows - 1));
  const end = Math.min(totalRows, top + visible + overscan);
  return { first, end: Math.max(first, end) };
}

/** The scrollTop that brings `row` fully into view, moving as little as possible. */
export function scrollTopRevealing(
  row: number,
  viewport: Pick<Viewport, 'scrollTop' | 'rowsHeight' | 'rowHeight'>,
): number {
  const rowTop = row * viewport.rowHeight;
  const rowBottom = rowTop + viewport.rowHeight;
  if (rowTop < viewport.scrollTop) return rowTop;
  if (rowBottom > viewport.scrollTop + viewport.rowsHeight) {
    return Math.max(0, rowBottom - viewport.rowsHeight);
  }
  return viewport.scrollTop;
}

export type RowKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

export function isRowKey(key: string): key is RowKey {
  return ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'].includes(key);
}

/** The row a navigation key moves to, clamped to the table; -1 when the table is empty. */
export function rowAfterKey(
  key: RowKey,
  active: number,
  pageRows: number,
  totalRows: number,
): number {
  if (totalRows <= 0) return -1;
  const from = active < 0 ? -1 : active;
  const page = Math.max(1, pageRows);
  const target = {
    ArrowDown: from + 1,
    ArrowUp: from - 1,
    PageDown: from + page,
    PageUp: from - page,
    Home: 0,
    End: totalRows - 1,
  }[key];
  return Math.min(totalRows - 1, Math.max(0, target));
}
