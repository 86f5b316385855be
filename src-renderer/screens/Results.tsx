import { useCallback, useEffect, useState } from 'react';
import type { ResultRowView, RunSummaryView } from '../../src-preload/contract';
import { VirtualTable } from '../components/table/VirtualTable';
import { formatBytes, formatIstDateTime, formatNumber, formatRunExpiry } from '../format';
import { useResultsStore } from '../stores/results-store';
import { navigation } from '../stores/ui-stores';
import { ResultChips } from './results/ResultChips';
import { ResultsCharts } from './results/ResultsCharts';
import { RowDetails, RunModel } from './results/RowDetails';
import { DEFAULT_RESULT_COLUMNS, RESULT_COLUMNS } from './results/columns';
import { usePick } from '../stores/pick';

function RunSummary({ run }: { run: RunSummaryView }): React.JSX.Element {
  return (
    <div className="run-summary">
      <p>
        <strong>Scan #{run.id}</strong> · {run.status} · {formatIstDateTime(run.startedAt)} ·{' '}
        {run.source === 'simulator' ? 'simulator' : 'Kite'} · {formatNumber(run.symbols.length)}{' '}
        symbols · expiry {formatRunExpiry(run.expiry)} · {formatNumber(run.rowsPassing)} of{' '}
        {formatNumber(run.rowsWritten)} options pass the filters · {formatNumber(run.apiCalls)} API
        calls
      </p>
      <RunModel run={run} />
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

/** One run's option rows, paged from the profile's database, best annualized yield first. */
export function Results(): React.JSX.Element {
  const { run, lastRunId, loadPage, sort, chips, visibleColumns, chartRows, exported, error } =
    usePick(
      useResultsStore,
      'run',
      'lastRunId',
      'loadPage',
      'sort',
      'chips',
      'visibleColumns',
      'chartRows',
      'exported',
      'error',
    );
  const { open, setSort, setVisibleColumns, exportCsv } = usePick(
    useResultsStore,
    'open',
    'setSort',
    'setVisibleColumns',
    'exportCsv',
  );
  const [activeRow, setActiveRow] = useState<ResultRowView | undefined>(undefined);
  const onActiveRowChange = useCallback((row: ResultRowView | undefined) => setActiveRow(row), []);

  useEffect(() => {
    if (run === null && lastRunId !== null) void open(lastRunId);
  }, [run, lastRunId, open]);

  return (
    <section aria-labelledby="results-heading" className="screen results-screen">
      <div className="screen-heading">
        <h2 id="results-heading" tabIndex={-1}>
          Results
        </h2>
        {run !== null && (
          <button type="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        )}
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {exported !== null && (
        <p role="status" className="ok">
          Exported {formatNumber(exported.rows)} rows ({formatBytes(exported.bytes)}) to{' '}
          <code>{exported.path}</code>
        </p>
      )}
      {run === null || loadPage === null ? (
        <div className="panel">
          <p>No scan is open.</p>
          <button type="button" onClick={() => navigation().go('history')}>
            Open one from History
          </button>
        </div>
      ) : (
        <>
          <RunSummary run={run} />
          <ResultChips underlyings={run.symbols} />
          <div className="results-table">
            <VirtualTable
              label={`Results of scan #${run.id}`}
              columns={RESULT_COLUMNS}
              loadPage={loadPage}
              sort={sort}
              onSortChange={setSort}
              visibleColumnIds={visibleColumns ?? DEFAULT_RESULT_COLUMNS}
              onVisibleColumnsChange={setVisibleColumns}
              onActiveRowChange={onActiveRowChange}
              rowClassName={(row) => (row.passesFilters ? undefined : 'filtered-out')}
              emptyMessage="No options match these filters."
            />
          </div>
          <RowDetails row={activeRow} run={run} />
          {chips.underlying !== null && (
            <ResultsCharts underlying={chips.underlying} rows={chartRows} />
          )}
        </>
      )}
    </section>
  );
}
