import { useEffect, useRef } from 'react';
import type { ScanProgress } from '../../../src-preload/contract';
import { formatDuration, formatNumber } from '../../format';
import { useResultsStore } from '../../stores/results-store';
import { useScanStore } from '../../stores/scan-store';
import { navigation } from '../../stores/ui-stores';

const PHASE_LABELS: Readonly<Record<ScanProgress['phase'], string>> = {
  queued: 'Waiting for a free slot',
  instruments: 'Loading the instrument list',
  symbols: 'Matching symbols',
  prices: 'Fetching underlying prices',
  quotes: 'Fetching option quotes',
  finishing: 'Writing the last rows',
  done: 'Done',
};

const STATUS_LABELS: Readonly<Record<ScanProgress['status'], string>> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function ScanProgressItem({
  progress,
  focused,
}: {
  progress: ScanProgress;
  /** The scan just started here: focus moves to it, which also scrolls it into view. */
  focused: boolean;
}): React.JSX.Element {
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!focused || item.current === null) return;
    item.current.focus({ preventScroll: true });
    // Whole card in view (focus alone may leave it half below the fold).
    item.current.scrollIntoView({ block: 'center' });
  }, [focused]);
  const cancel = useScanStore((state) => state.cancel);
  const open = useResultsStore((state) => state.open);
  const total = progress.optionsTotal > 0 ? progress.optionsTotal : progress.underlyingsTotal;
  const done = progress.optionsTotal > 0 ? progress.optionsDone : progress.underlyingsDone;
  const running = progress.status === 'running';

  async function openResults(): Promise<void> {
    await open(progress.runId);
    navigation().go('results');
  }

  return (
    <li
      ref={item}
      tabIndex={-1}
      aria-label={`Scan #${progress.runId}: ${STATUS_LABELS[progress.status]}`}
      className={`scan-progress status-${progress.status}`}
    >
      <div className="scan-progress-head">
        <strong>Scan #{progress.runId}</strong>
        <span>{STATUS_LABELS[progress.status]}</span>
        {running && <span className="muted">{PHASE_LABELS[progress.phase]}</span>}
      </div>
      <progress
        max={Math.max(total, 1)}
        value={progress.status === 'completed' ? Math.max(total, 1) : done}
        aria-label={`Scan #${progress.runId} progress`}
      />
      <dl className="scan-figures">
        <dt>Underlyings</dt>
        <dd>
          {formatNumber(progress.underlyingsDone)} / {formatNumber(progress.underlyingsTotal)}
        </dd>
        <dt>Options</dt>
        <dd>
          {formatNumber(progress.optionsDone)} / {formatNumber(progress.optionsTotal)}
        </dd>
        <dt>Rows saved</dt>
        <dd>{formatNumber(progress.rowsWritten)}</dd>
        <dt>API calls</dt>
        <dd>{formatNumber(progress.apiCalls)}</dd>
        {running && (
          <>
            <dt>Time left</dt>
            <dd>
              {progress.etaSeconds === null ? '—' : `about ${formatDuration(progress.etaSeconds)}`}
            </dd>
          </>
        )}
      </dl>
      {progress.message !== null && (
        <p className={progress.status === 'failed' ? 'error' : 'muted'}>{progress.message}</p>
      )}
      <div className="actions">
        {running ? (
          <button type="button" onClick={() => void cancel(progress.runId)}>
            Cancel scan #{progress.runId}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void openResults()}>
            Open results of scan #{progress.runId}
          </button>
        )}
      </div>
    </li>
  );
}

/** Live progress of this profile's scans, newest first. */
export function ScanProgressList({
  focusRunId = null,
}: {
  focusRunId?: number | null;
}): React.JSX.Element | null {
  const progress = useScanStore((state) => state.progress);
  const entries = Object.values(progress).sort((a, b) => b.runId - a.runId);
  if (entries.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="progress-heading" aria-live="polite">
      <h3 id="progress-heading">Scans</h3>
      <ul className="scan-progress-list">
        {entries.map((entry) => (
          <ScanProgressItem
            key={entry.runId}
            progress={entry}
            focused={entry.runId === focusRunId}
          />
        ))}
      </ul>
    </section>
  );
}
