import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { ResultRowView, RunSummaryView } from '../../src-preload/contract';
import { premiaApi } from '../api';
import {
  VirtualTable,
  type LoadRowPage,
  type RowPage,
  type TableSort,
} from '../components/table/VirtualTable';
import { formatBytes, formatExpiry, formatIstDateTime, formatNumber } from '../format';
import { useRunExpiries } from '../hooks/use-run-expiries';
import { useResultsStore, type ExportOutcome } from '../stores/results-store';
import { navigation } from '../stores/ui-stores';
import { describeFilters, expiryRule } from './filter-summary';
import { ResultChips } from './results/ResultChips';
import { ResultsChart } from './results/ResultsChart';
import { RowDetails, RunModel } from './results/RowDetails';
import { RESULT_COLUMNS, shownResultColumns } from './results/columns';
import { usePick } from '../stores/pick';

/** "Tue, 29 Dec 2026 (nearest monthly)", or the range when underlyings resolved differently. */
function expiryText(run: RunSummaryView, expiries: readonly string[] | undefined): string {
  const rule = /^\d{4}-\d{2}-\d{2}$/.test(run.expiry ?? '') ? null : expiryRule(run.expiry);
  if (expiries === undefined || expiries.length === 0)
    return rule ?? formatExpiry(run.expiry ?? '');
  const first = expiries[0] ?? '';
  const dates =
    expiries.length === 1
      ? formatExpiry(first)
      : `${expiries.length} dates, ${formatExpiry(first)} to ${formatExpiry(expiries.at(-1) ?? '')}`;
  return rule === null ? dates : `${dates} (${rule})`;
}

function RunSummary({
  run,
  expiries,
}: {
  run: RunSummaryView;
  expiries: readonly string[] | undefined;
}): React.JSX.Element {
  const filters = describeFilters(run.filters);
  return (
    <div className="run-summary">
      <p>
        <strong>Scan #{run.id}</strong> · {run.status} · {formatIstDateTime(run.startedAt)} ·{' '}
        {run.source === 'simulator' ? 'simulator' : 'Kite'} · {formatNumber(run.symbols.length)}{' '}
        symbols · <span className="run-expiry">expiry {expiryText(run, expiries)}</span> ·{' '}
        {formatNumber(run.rowsPassing)} of {formatNumber(run.rowsWritten)} options pass
      </p>
      <RunModel run={run} />
      {filters !== '' && <p className="muted run-filters">Filters: {filters}</p>}
      {run.unmatched.length > 0 && <p className="warning">Not found: {run.unmatched.join(', ')}</p>}
      {run.errorSummary !== null && <p className="error">{run.errorSummary}</p>}
      {run.errors.length > 0 && (
        <ul className="run-errors">
          {run.errors.slice(0, 10).map((error, index) => (
            <li key={index} className="error">
              {error.underlying === null ? '' : `${error.underlying}: `}
              {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ExportStatus({ exported }: { exported: ExportOutcome }): React.JSX.Element {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <p role="status" className="ok export-status">
      Exported {formatNumber(exported.rows)} rows ({formatBytes(exported.bytes)}) to{' '}
      <code>{exported.path}</code>{' '}
      <button
        type="button"
        onClick={() =>
          void premiaApi()
            .runs.showExport()
            .then((result) =>
              setProblem(
                !result.ok
                  ? result.error.message
                  : result.value.shown
                    ? null
                    : 'This window cannot open a file manager.',
              ),
            )
        }
      >
        Open folder
      </button>
      {problem !== null && <span className="error"> {problem}</span>}
    </p>
  );
}

function NoMatches(): React.JSX.Element {
  const includeFilteredOut = useResultsStore((state) => state.chips.includeFilteredOut);
  const setChips = useResultsStore((state) => state.setChips);
  return (
    <>
      <p>No options match these filters.</p>
      {!includeFilteredOut && (
        <button type="button" onClick={() => setChips({ includeFilteredOut: true })}>
          Show the filtered-out rows and why
        </button>
      )}
    </>
  );
}

const rowClassName = (row: ResultRowView): string | undefined =>
  row.passesFilters ? undefined : 'filtered-out';
const NO_MATCHES = <NoMatches />;

interface ResultsTableProps {
  readonly runId: number;
  readonly loadPage: LoadRowPage<ResultRowView>;
  readonly firstPage: RowPage<ResultRowView> | null;
  readonly sort: TableSort;
  readonly columnIds: readonly string[];
  readonly onActiveRowChange: (row: ResultRowView | undefined) => void;
}

/**
 * The table, rendered again only when what it shows changes. The screen around it renders again
 * when the run's expiry dates arrive (after the table's first paint), when a row is selected
 * (the table has already drawn the selection itself), or on an export: none of those is a reason
 * to render every row's cells again.
 */
const ResultsTable = memo(function ResultsTable(props: ResultsTableProps): React.JSX.Element {
  const { setSort, setVisibleColumns } = usePick(useResultsStore, 'setSort', 'setVisibleColumns');
  return (
    <VirtualTable
      label={`Results of scan #${props.runId}`}
      columns={RESULT_COLUMNS}
      loadPage={props.loadPage}
      firstPage={props.firstPage ?? undefined}
      sort={props.sort}
      onSortChange={setSort}
      visibleColumnIds={props.columnIds}
      onVisibleColumnsChange={setVisibleColumns}
      onActiveRowChange={props.onActiveRowChange}
      rowClassName={rowClassName}
      emptyMessage={NO_MATCHES}
    />
  );
});

/** One run's option rows, paged from the profile's database, best annualized return on margin first. */
export function Results(): React.JSX.Element {
  const { run, lastRunId, loadPage, firstPage, sort, chips, visibleColumns, exported, error } =
    usePick(
      useResultsStore,
      'run',
      'lastRunId',
      'loadPage',
      'firstPage',
      'sort',
      'chips',
      'visibleColumns',
      'exported',
      'error',
    );
  const { open, opening, exportCsv } = usePick(useResultsStore, 'open', 'opening', 'exportCsv');
  const [activeRow, setActiveRow] = useState<ResultRowView | undefined>(undefined);
  const onActiveRowChange = useCallback((row: ResultRowView | undefined) => setActiveRow(row), []);
  const runIds = useMemo(() => (run === null ? [] : [run.id]), [run]);
  const expiries = useRunExpiries(runIds);
  const runExpiries = run === null ? undefined : expiries.get(run.id);
  const severalExpiries = (runExpiries?.length ?? 1) > 1;
  const columnIds = useMemo(
    () =>
      shownResultColumns({
        chosen: visibleColumns,
        severalExpiries,
        showsFilteredOut: chips.includeFilteredOut,
      }),
    [visibleColumns, severalExpiries, chips.includeFilteredOut],
  );

  useEffect(() => {
    if (run === null && lastRunId !== null) void open(lastRunId);
  }, [run, lastRunId, open]);

  const chartUnderlying = chips.underlying ?? activeRow?.underlying ?? run?.symbols[0] ?? null;
  return (
    <section aria-labelledby="results-heading" className="screen results-screen">
      <div className="screen-heading">
        <h2 id="results-heading" tabIndex={-1}>
          Results
        </h2>
        {run !== null && (
          <button
            type="button"
            title="Saves the rows shown, with the chips and sort applied"
            onClick={() => void exportCsv()}
          >
            Export CSV
          </button>
        )}
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {exported !== null && <ExportStatus exported={exported} />}
      {run === null && opening !== null ? (
        <div className="panel" aria-busy="true">
          <p role="status">Opening scan #{opening}…</p>
        </div>
      ) : run === null || loadPage === null ? (
        <div className="panel">
          <p>No scan is open.</p>
          <button type="button" onClick={() => navigation().go('history')}>
            Open one from History
          </button>
        </div>
      ) : (
        <>
          <RunSummary run={run} expiries={runExpiries} />
          <ResultChips underlyings={run.symbols} />
          <div className="results-table">
            <ResultsTable
              runId={run.id}
              loadPage={loadPage}
              firstPage={firstPage}
              sort={sort}
              columnIds={columnIds}
              onActiveRowChange={onActiveRowChange}
            />
          </div>
          <div className="results-below">
            {chartUnderlying !== null && (
              <ResultsChart runId={run.id} underlying={chartUnderlying} chips={chips} />
            )}
            <RowDetails row={activeRow} run={run} />
          </div>
        </>
      )}
    </section>
  );
}
