/**
 * A page for the component tests: the virtual table over 100,000 synthetic option rows, paged
 * the way the main process pages a run, and a strike chart. Test data lives here, never in the
 * renderer itself.
 */
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Result } from '../../../src-preload/contract';
import { ThemeToggle } from '../../../src-renderer/components/ThemeToggle';
import { StrikeChart, type StrikePoint } from '../../../src-renderer/components/chart/StrikeChart';
import {
  VirtualTable,
  type RowPage,
  type TableColumn,
  type TableSort,
} from '../../../src-renderer/components/table/VirtualTable';
import { formatInr, formatPct } from '../../../src-renderer/format';
import { useAppliedTheme } from '../../../src-renderer/stores/ui-stores';
import '../../../src-renderer/styles.css';

interface OptionRow {
  readonly index: number;
  readonly underlying: string;
  readonly strike: number;
  readonly side: 'CE' | 'PE';
  readonly premium: number;
  readonly annualizedYieldPct: number;
}

const UNDERLYINGS = ['NIFTY', 'BANKNIFTY', 'RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'SBIN', 'ITC'];
const ROWS: OptionRow[] = Array.from({ length: 100_000 }, (_, index) => ({
  index,
  underlying: UNDERLYINGS[index % UNDERLYINGS.length] ?? 'NIFTY',
  strike: 1000 + (index % 500) * 10,
  side: index % 2 === 0 ? 'CE' : 'PE',
  premium: 5 + ((index * 7919) % 100_000) / 100,
  annualizedYieldPct: ((index * 104_729) % 50_000) / 1000,
}));

const requests: { offset: number; limit: number }[] = [];
Object.defineProperty(window, '__tableRequests', { value: requests });

const COLUMNS: TableColumn<OptionRow>[] = [
  { id: 'index', header: '#', width: 80, align: 'end', render: (row) => row.index },
  {
    id: 'underlying',
    header: 'Underlying',
    width: 120,
    sortable: true,
    render: (r) => r.underlying,
  },
  {
    id: 'strike',
    header: 'Strike',
    width: 100,
    align: 'end',
    sortable: true,
    render: (row) => row.strike,
  },
  { id: 'side', header: 'Side', width: 60, render: (row) => row.side },
  {
    id: 'premium',
    header: 'Premium',
    width: 120,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (row) => formatInr(row.premium),
  },
  {
    id: 'annualizedYieldPct',
    header: 'Ann. yield',
    description: 'Annualized yield %',
    width: 110,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (row) => formatPct(row.annualizedYieldPct),
  },
];

/** Stands in for the main process's indexed queries: each sort and filter is computed once. */
const views = new Map<string, OptionRow[]>();
function rowsFor(sort: TableSort | null, minYieldPct: number): OptionRow[] {
  const key = `${sort?.columnId ?? ''}:${sort?.direction ?? ''}:${minYieldPct}`;
  const cached = views.get(key);
  if (cached !== undefined) return cached;
  let rows = minYieldPct > 0 ? ROWS.filter((row) => row.annualizedYieldPct >= minYieldPct) : ROWS;
  if (sort !== null) {
    const column = sort.columnId as keyof OptionRow;
    const sign = sort.direction === 'asc' ? 1 : -1;
    rows = [...rows].sort((a, b) =>
      a[column] < b[column] ? -sign : a[column] > b[column] ? sign : 0,
    );
  }
  views.set(key, rows);
  return rows;
}

const CHART_POINTS: StrikePoint[] = [
  21_500, 21_750, 22_000, 22_250, 22_500, 22_750, 23_000,
].flatMap((strike, step) => [
  { strike, side: 'call' as const, value: strike > 22_100 ? 18 - step * 2 : null },
  { strike, side: 'put' as const, value: strike < 22_100 ? 6 + step * 3 : null },
]);

function Fixture(): React.JSX.Element {
  useAppliedTheme();
  const [sort, setSort] = useState<TableSort | null>(null);
  const [visible, setVisible] = useState(COLUMNS.map((column) => column.id));
  const [activated, setActivated] = useState('');
  const [highYieldOnly, setHighYieldOnly] = useState(false);
  const minYieldPct = highYieldOnly ? 25 : 0;
  const loadPage = useCallback(
    async (offset: number, limit: number): Promise<Result<RowPage<OptionRow>>> => {
      requests.push({ offset, limit });
      const view = rowsFor(sort, minYieldPct);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return {
        ok: true,
        value: { rows: view.slice(offset, offset + limit), totalRows: view.length },
      };
    },
    [sort, minYieldPct],
  );
  return (
    <main style={{ padding: '1rem', display: 'grid', gap: '1rem' }}>
      <ThemeToggle />
      <label>
        <input
          type="checkbox"
          name="highYieldOnly"
          checked={highYieldOnly}
          onChange={(event) => setHighYieldOnly(event.currentTarget.checked)}
        />
        Only annualized yield ≥ 25%
      </label>
      <div style={{ height: 420 }}>
        <VirtualTable
          label="Scan results"
          columns={COLUMNS}
          loadPage={loadPage}
          sort={sort}
          onSortChange={setSort}
          visibleColumnIds={visible}
          onVisibleColumnsChange={setVisible}
          onRowActivate={(row) => setActivated(`${row.underlying} ${row.strike} ${row.side}`)}
        />
      </div>
      <p role="status" aria-label="Activated row">
        {activated}
      </p>
      <StrikeChart
        title="NIFTY: annualized yield by strike"
        valueLabel="Annualized yield %"
        points={CHART_POINTS}
        spot={22_100}
      />
    </main>
  );
}

const container = document.getElementById('root');
if (container === null) throw new Error('no #root');
createRoot(container).render(
  <StrictMode>
    <Fixture />
  </StrictMode>,
);
