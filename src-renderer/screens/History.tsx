import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RunSummaryView } from '../../src-preload/contract';
import {
  formatExpiry,
  formatIstDateTime,
  formatNumber,
  formatPct,
  formatPp,
  formatRunExpiry,
} from '../format';
import { useRunExpiries } from '../hooks/use-run-expiries';
import { describeFilters, expiryRule } from './filter-summary';
import { useHistoryStore, type Comparison } from '../stores/history-store';
import { useResultsStore } from '../stores/results-store';
import { navigation } from '../stores/ui-stores';
import { usePick } from '../stores/pick';

function symbolsText(symbols: readonly string[]): string {
  const shown = symbols.slice(0, 4).join(', ');
  return symbols.length > 4 ? `${shown} +${symbols.length - 4} more` : shown;
}

/** "Tue, 29 Dec 2026" under "nearest monthly", from the dates the run actually scanned. */
function ExpiryCell({
  run,
  expiries,
}: {
  run: RunSummaryView;
  expiries: readonly string[] | undefined;
}) {
  const rule = /^\d{4}-\d{2}-\d{2}$/.test(run.expiry ?? '') ? null : expiryRule(run.expiry);
  const dates =
    expiries === undefined || expiries.length === 0
      ? [formatRunExpiry(run.expiry)]
      : expiries.map(formatExpiry);
  return (
    <td className="nowrap">
      {dates.map((date) => (
        <div key={date}>{date}</div>
      ))}
      {rule !== null && <div className="muted small">{rule}</div>}
    </td>
  );
}

function RunRow({
  run,
  expiries,
  onDelete,
}: {
  run: RunSummaryView;
  expiries: readonly string[] | undefined;
  onDelete: (run: RunSummaryView) => void;
}): React.JSX.Element {
  const { selected, toggleSelected } = usePick(useHistoryStore, 'selected', 'toggleSelected');
  const open = useResultsStore((state) => state.open);
  const label = `scan #${run.id}`;
  const filters = describeFilters(run.filters);
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
      <td className="symbols-cell">
        {symbolsText(run.symbols)}
        {filters !== '' && <div className="muted small run-filters">{filters}</div>}
      </td>
      <ExpiryCell run={run} expiries={expiries} />
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
            // Asked first, then shown: Results is drawn (saying the scan is on its way) while
            // main reads its first page, instead of after.
            void open(run.id);
            navigation().go('results');
          }}
        >
          Open <span className="visually-hidden">{label}</span>
        </button>{' '}
        <button type="button" onClick={() => onDelete(run)}>
          Delete <span className="visually-hidden">{label}</span>
        </button>
      </td>
    </tr>
  );
}

/** Up is good for a seller's yield, down is not; no change is neither. */
function changeTone(change: number | null): string {
  if (change === null || Number(change.toFixed(2)) === 0) return 'neutral';
  return change > 0 ? 'ok' : 'error';
}

/** Asks before a run goes: it names the run and how many rows go with it. */
function ConfirmDelete({
  run,
  onDone,
}: {
  run: RunSummaryView;
  onDone: () => void;
}): React.JSX.Element {
  const remove = useHistoryStore((state) => state.remove);
  const keep = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => keep.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="panel confirm-delete"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone();
      }}
    >
      <h3 id={`${id}-title`}>Delete scan #{run.id}?</h3>
      <p id={`${id}-text`}>
        Scan #{run.id} of {formatIstDateTime(run.startedAt)} ({symbolsText(run.symbols)}) and its{' '}
        {formatNumber(run.rowsWritten)} option rows will be deleted from this profile. This cannot
        be undone.
      </p>
      <div className="actions">
        <button ref={keep} type="button" onClick={onDone}>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            void remove(run.id).then(onDone);
          }}
        >
          Delete scan #{run.id} and its {formatNumber(run.rowsWritten)} rows
        </button>
      </div>
    </div>
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
              <th scope="col">Change (pp)</th>
            </tr>
          </thead>
          <tbody>
            {comparison.changes.map((change) => (
              <tr key={`${change.optionType}-${change.strike}`}>
                <td className="num">{formatNumber(change.strike, 2)}</td>
                <td>{change.optionType}</td>
                <td className="num">{formatPct(change.before)}</td>
                <td className="num">{formatPct(change.after)}</td>
                <td className={`num ${changeTone(change.change)}`}>{formatPp(change.change)}</td>
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
  const [deleting, setDeleting] = useState<RunSummaryView | null>(null);
  const runIds = useMemo(() => runs.map((run) => run.id), [runs]);
  const expiries = useRunExpiries(runIds);
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
      {deleting !== null && (
        <ConfirmDelete key={deleting.id} run={deleting} onDone={() => setDeleting(null)} />
      )}
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
              <th scope="col">Symbols and filters</th>
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
              <RunRow
                key={run.id}
                run={run}
                expiries={expiries.get(run.id)}
                onDelete={setDeleting}
              />
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
