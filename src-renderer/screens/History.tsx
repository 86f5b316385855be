import { useEffect, useId } from 'react';
import type { RunSummaryView } from '../../src-preload/contract';
import { formatIstDateTime, formatNumber, formatPct, formatRunExpiry } from '../format';
import { useHistoryStore, type Comparison } from '../stores/history-store';
import { useResultsStore } from '../stores/results-store';
import { navigation } from '../stores/ui-stores';
import { usePick } from '../stores/pick';

function symbolsText(symbols: readonly string[]): string {
  const shown = symbols.slice(0, 4).join(', ');
  return symbols.length > 4 ? `${shown} +${symbols.length - 4} more` : shown;
}

function RunRow({ run }: { run: RunSummaryView }): React.JSX.Element {
  const { selected, toggleSelected, remove } = usePick(
    useHistoryStore,
    'selected',
    'toggleSelected',
    'remove',
  );
  const open = useResultsStore((state) => state.open);
  const label = `scan #${run.id}`;
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Compare ${label}`}
          checked={selected.includes(run.id)}
          onChange={() => toggleSelected(run.id)}
        />
      </td>
      <td className="nowrap">#{run.id}</td>
      <td className="nowrap">{formatIstDateTime(run.startedAt)}</td>
      <td>{symbolsText(run.symbols)}</td>
      <td className="nowrap">{formatRunExpiry(run.expiry)}</td>
      <td>{run.status}</td>
      <td className="num">
        {formatNumber(run.rowsPassing)} / {formatNumber(run.rowsWritten)}
      </td>
      <td>{run.source === 'simulator' ? 'Simulator' : 'Kite'}</td>
      <td className="nowrap">
        <button
          type="button"
          data-run-open={run.id}
          onClick={() => {
            void open(run.id).then(() => navigation().go('results'));
          }}
        >
          Open <span className="visually-hidden">{label}</span>
        </button>{' '}
        <button type="button" onClick={() => void remove(run.id)}>
          Delete <span className="visually-hidden">{label}</span>
        </button>
      </td>
    </tr>
  );
}

function ComparisonView({ comparison }: { comparison: Comparison }): React.JSX.Element {
  const { compare, closeComparison } = usePick(useHistoryStore, 'compare', 'closeComparison');
  const id = useId();
  const { before, after } = comparison;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <div className="panel-heading">
        <h3 id={`${id}-heading`}>
          Scan #{before.id} → #{after.id}: annualized yield by strike
        </h3>
        <button type="button" onClick={closeComparison}>
          Close comparison
        </button>
      </div>
      <p className="muted">
        {formatIstDateTime(before.startedAt)} → {formatIstDateTime(after.startedAt)}. Change is in
        percentage points.
      </p>
      <label htmlFor={id}>Underlying</label>{' '}
      <select
        id={id}
        value={comparison.underlying}
        onChange={(event) => void compare(event.currentTarget.value)}
      >
        {comparison.underlyings.map((symbol) => (
          <option key={symbol}>{symbol}</option>
        ))}
      </select>
      <div className="compare-scroll">
        <table className="compare">
          <thead>
            <tr>
              <th scope="col" className="num">
                Strike
              </th>
              <th scope="col">Side</th>
              <th scope="col">#{before.id}</th>
              <th scope="col">#{after.id}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {comparison.changes.map((change) => (
              <tr key={`${change.optionType}-${change.strike}`}>
                <td className="num">{formatNumber(change.strike, 2)}</td>
                <td>{change.optionType}</td>
                <td className="num">{formatPct(change.before)}</td>
                <td className="num">{formatPct(change.after)}</td>
                <td
                  className={`num ${change.change === null ? '' : change.change >= 0 ? 'ok' : 'error'}`}
                >
                  {formatPct(change.change, { signed: true })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Past scans of this profile, from its own database: no broker connection needed. */
export function History(): React.JSX.Element {
  const { runs, nextBefore, selected, comparison, error, load, loadMore, compare } = usePick(
    useHistoryStore,
    'runs',
    'nextBefore',
    'selected',
    'comparison',
    'error',
    'load',
    'loadMore',
    'compare',
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="history-heading" className="screen">
      <div className="screen-heading">
        <h2 id="history-heading" tabIndex={-1}>
          History
        </h2>
        <button type="button" disabled={selected.length !== 2} onClick={() => void compare()}>
          Compare selected ({selected.length}/2)
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {comparison !== null && <ComparisonView comparison={comparison} />}
      {runs.length === 0 ? (
        <p className="panel">No scans yet.</p>
      ) : (
        <table className="history panel">
          <caption className="visually-hidden">Past scans, newest first</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Scan</th>
              <th scope="col">Started (IST)</th>
              <th scope="col">Symbols</th>
              <th scope="col">Expiry</th>
              <th scope="col">Status</th>
              <th scope="col">Passing / rows</th>
              <th scope="col">Data</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <RunRow key={run.id} run={run} />
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && (
        <button type="button" onClick={() => void loadMore()}>
          Older scans
        </button>
      )}
    </section>
  );
}
