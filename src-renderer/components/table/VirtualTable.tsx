import { useEffect, useId, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { formatNumber } from '../../format';
import { ColumnChooser } from './ColumnChooser';
import { RowPageCache, type LoadRowPage, type RowPage } from './row-page-cache';
import { isRowKey, rowAfterKey, scrollTopRevealing, visibleRowWindow } from './row-window';
import { BodyRow, cellClass, HeaderRow } from './TableParts';
import type { TableColumn, TableSort } from './table-types';

export type { TableColumn, TableSort, SortDirection } from './table-types';
export type { LoadRowPage, RowPage } from './row-page-cache';

export interface VirtualTableProps<Row> {
  readonly label: string;
  readonly columns: readonly TableColumn<Row>[];
  /** Pass a new function whenever the rows it returns change (sort, filter, run). */
  readonly loadPage: LoadRowPage<Row>;
  /** Rows from offset 0 of loadPage's query, already fetched: shown without asking again. */
  readonly firstPage?: RowPage<Row>;
  readonly rowHeight?: number;
  readonly sort?: TableSort | null;
  readonly onSortChange?: (sort: TableSort) => void;
  /** With onVisibleColumnsChange, the table offers a column chooser. */
  readonly visibleColumnIds?: readonly string[];
  readonly onVisibleColumnsChange?: (columnIds: string[]) => void;
  readonly onActiveRowChange?: (row: Row | undefined, index: number) => void;
  /** Enter or double-click on a row. */
  readonly onRowActivate?: (row: Row, index: number) => void;
  readonly rowClassName?: (row: Row) => string | undefined;
  /** What an empty result says (and may offer, e.g. a button that widens the filter). */
  readonly emptyMessage?: React.ReactNode;
}

const OVERSCAN = 8;
const NO_OP = (): void => undefined;

/**
 * One cache per loadPage, made while rendering so that a first page fetched beforehand (see
 * `firstPage`) is on screen in the table's first frame rather than after an effect and a
 * re-render. Rendering has no side effect here: pages are asked for in effects. A cache the table
 * no longer shows is muted, not disposed, so StrictMode's effect double-run cannot break it.
 */
function useRowPageCache<Row>(
  loadPage: LoadRowPage<Row>,
  firstPage: RowPage<Row> | undefined,
): RowPageCache<Row> {
  const [, rowsArrived] = useReducer((count: number) => count + 1, 0);
  // Arrived rows are rendered and committed at once, in the task that received them. Otherwise
  // React renders them in a scheduler task of its own, later, and in 5 ms slices that a frame
  // without them can be painted between.
  const cache = useMemo(
    () => new RowPageCache(loadPage, () => flushSync(rowsArrived), {}, firstPage),
    [loadPage, firstPage],
  );
  useEffect(() => {
    cache.mute(false);
    return () => cache.mute(true);
  }, [cache]);
  return cache;
}

/**
 * The scroll container's height, so the row window matches what is on screen; null until it is
 * measured. Measured before the first paint (a layout effect), while the table has no body rows
 * yet: that layout is cheap, and the rows are then rendered once, only as many as fit.
 */
function useClientHeight(element: React.RefObject<HTMLDivElement | null>): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const node = element.current;
    if (node === null) return;
    setHeight(node.clientHeight);
    const observer = new ResizeObserver(() => setHeight(node.clientHeight));
    observer.observe(node);
    return () => observer.disconnect();
  }, [element]);
  return height;
}

/**
 * Rows past the bottom edge (OVERSCAN) of a query's first rows join once those are painted:
 * nothing shows them until the trader scrolls, and building only the rows on screen first halves
 * the rows the first frame of an open, a sort or a chip makes and lays out.
 */
function useOverscan(cache: RowPageCache<unknown>): number {
  const [painted, setPainted] = useState<RowPageCache<unknown> | null>(null);
  const loaded = cache.totalRows !== null;
  useEffect(() => {
    if (!loaded || painted === cache) return;
    // A frame's callbacks run before it paints; a task queued from one runs after.
    let task: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      task = setTimeout(() => setPainted(cache), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(task);
    };
  }, [cache, loaded, painted]);
  return painted === cache ? OVERSCAN : 0;
}

/** The columns on show, each one's cell classes, and the grid template they make. */
function useShownColumns<Row>(
  all: readonly TableColumn<Row>[],
  visibleColumnIds: readonly string[] | undefined,
) {
  return useMemo(() => {
    const columns =
      visibleColumnIds === undefined
        ? all
        : all.filter((column) => visibleColumnIds.includes(column.id));
    const template = columns
      .map((column) =>
        column.grow === true ? `minmax(${column.width}px, 1fr)` : `${column.width}px`,
      )
      .join(' ');
    return { columns, cellClasses: columns.map(cellClass), template };
  }, [all, visibleColumnIds]);
}

function statusText(cache: RowPageCache<unknown>): string {
  if (cache.error !== null) return cache.error.message;
  if (cache.totalRows === null) return 'Loading rows…';
  return cache.totalRows === 1 ? '1 row' : `${formatNumber(cache.totalRows)} rows`;
}

function Toolbar<Row>(props: {
  readonly cache: RowPageCache<Row>;
  readonly columns: readonly TableColumn<Row>[];
  readonly visibleColumnIds: readonly string[] | undefined;
  readonly onVisibleColumnsChange: ((columnIds: string[]) => void) | undefined;
}): React.JSX.Element {
  const { cache, columns, visibleColumnIds, onVisibleColumnsChange } = props;
  return (
    <div className="vt-toolbar">
      <span role="status" className={cache.error === null ? 'vt-count' : 'vt-count error'}>
        {statusText(cache)}
      </span>
      {onVisibleColumnsChange !== undefined && (
        <ColumnChooser
          columns={columns}
          visibleColumnIds={visibleColumnIds ?? columns.map((column) => column.id)}
          onChange={onVisibleColumnsChange}
        />
      )}
    </div>
  );
}

/**
 * A table for runs of any size: fixed row height, only the rows on screen are in the DOM, rows
 * are paged in through `loadPage`, the header stays put, and the keyboard moves a row cursor.
 */
export function VirtualTable<Row>(props: VirtualTableProps<Row>): React.JSX.Element {
  const { label, sort, onSortChange, rowClassName, onActiveRowChange, visibleColumnIds } = props;
  const rowHeight = props.rowHeight ?? 30;
  const idBase = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRowPageCache(props.loadPage, props.firstPage);
  const [scrollTop, setScrollTop] = useState(0);
  // Where the scroller last reported being, without asking it (reading scrollTop lays out).
  const scrolledTo = useRef(0);
  const [active, setActive] = useState(-1);
  // The sticky header takes one row's height at the top of the scroller.
  const clientHeight = useClientHeight(scroller);
  const rowsHeight = Math.max(0, (clientHeight ?? 0) - rowHeight);
  const pageRows = Math.max(1, Math.floor(rowsHeight / rowHeight));

  const { columns, cellClasses, template } = useShownColumns(props.columns, visibleColumnIds);
  const totalRows = cache.totalRows ?? 0;
  const rowWindow = visibleRowWindow({
    scrollTop,
    rowsHeight,
    rowHeight,
    totalRows: cache.totalRows ?? 1,
    overscan: useOverscan(cache),
  });
  useEffect(
    () => cache.request(rowWindow.first, rowWindow.end),
    [cache, rowWindow.first, rowWindow.end],
  );

  // A new query starts at the top with no row selected.
  useEffect(() => {
    setActive(-1);
    setScrollTop(0);
    // Setting scrollTop lays the whole page out at once, before its first paint; a scroller
    // already at the top (a new table, or a query changed without scrolling) is left alone.
    if (scroller.current !== null && scrolledTo.current !== 0) scroller.current.scrollTop = 0;
  }, [cache]);

  const activeRow = active >= 0 ? cache.row(active) : undefined;
  useEffect(() => onActiveRowChange?.(activeRow, active), [onActiveRowChange, activeRow, active]);

  function moveTo(row: number): void {
    setActive(row);
    const node = scroller.current;
    if (node === null || row < 0) return;
    node.scrollTop = scrollTopRevealing(row, { scrollTop: node.scrollTop, rowsHeight, rowHeight });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>): void {
    if (event.target !== event.currentTarget) return;
    if (isRowKey(event.key)) {
      event.preventDefault();
      moveTo(rowAfterKey(event.key, active, pageRows, totalRows));
    } else if (event.key === 'Enter' && activeRow !== undefined) {
      event.preventDefault();
      props.onRowActivate?.(activeRow, active);
    }
  }

  const rows: React.JSX.Element[] = [];
  // No rows before the scroller is measured (in the same frame; see useClientHeight).
  const shownEnd = clientHeight === null ? 0 : Math.min(rowWindow.end, totalRows);
  for (let index = rowWindow.first; index < shownEnd; index += 1) {
    const row = cache.row(index);
    rows.push(
      <BodyRow
        key={index}
        id={`${idBase}-row-${index}`}
        index={index}
        row={row}
        columns={columns}
        cellClasses={cellClasses}
        template={template}
        rowHeight={rowHeight}
        active={index === active}
        extraClass={row === undefined ? undefined : rowClassName?.(row)}
        onSelect={setActive}
        onActivate={props.onRowActivate ?? NO_OP}
      />,
    );
  }

  return (
    <div className="vt">
      <Toolbar
        cache={cache}
        columns={props.columns}
        visibleColumnIds={visibleColumnIds}
        onVisibleColumnsChange={props.onVisibleColumnsChange}
      />
      <div
        ref={scroller}
        className="vt-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={totalRows + 1}
        aria-colcount={columns.length}
        aria-busy={cache.totalRows === null}
        aria-activedescendant={active >= 0 ? `${idBase}-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          scrolledTo.current = event.currentTarget.scrollTop;
          setScrollTop(scrolledTo.current);
        }}
      >
        <div role="rowgroup" className="vt-head" style={{ height: rowHeight }}>
          <HeaderRow
            columns={columns}
            template={template}
            sort={sort}
            onSortChange={onSortChange}
          />
        </div>
        <div role="rowgroup" className="vt-body" style={{ height: totalRows * rowHeight }}>
          {rows}
        </div>
        {cache.totalRows === 0 && (
          <div className="vt-empty">{props.emptyMessage ?? 'No rows to show.'}</div>
        )}
      </div>
    </div>
  );
}
