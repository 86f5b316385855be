import { useEffect, useId, useRef, useState } from 'react';
import { scanFilterProblems } from '../../src-preload/contract';
import { formatExpiry, formatNumber } from '../format';
import { useStoredFlag } from '../hooks/use-stored-flag';
import { useResultsStore } from '../stores/results-store';
import { useScanStore, type ExpiryChoice as ExpiryChoiceView } from '../stores/scan-store';
import { navigation } from '../stores/ui-stores';
import { ScanFilters } from './scan/ScanFilters';
import { ScanProgressList } from './scan/ScanProgressList';
import { SymbolPicker } from './scan/SymbolPicker';
import { usePick } from '../stores/pick';

function WatchlistChoice(): React.JSX.Element {
  const { presets, watchlist, chooseWatchlist, chips, saveWatchlist } = usePick(
    useScanStore,
    'presets',
    'watchlist',
    'chooseWatchlist',
    'chips',
    'saveWatchlist',
  );
  const [name, setName] = useState('');
  const id = useId();
  const canSave = chips.some((chip) => chip.kind === 'matched');
  return (
    <div className="watchlists">
      <div className="field">
        <label htmlFor={id}>Or scan a watchlist</label>
        <select
          id={id}
          value={watchlist ?? ''}
          onChange={(event) => chooseWatchlist(event.currentTarget.value || null)}
        >
          <option value="">None: the symbols above</option>
          {presets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.name} ({formatNumber(preset.size)})
            </option>
          ))}
        </select>
      </div>
      {canSave && (
        <form
          className="save-watchlist"
          onSubmit={(event) => {
            event.preventDefault();
            void saveWatchlist(name).then((saved) => saved && setName(''));
          }}
        >
          <label htmlFor={`${id}-name`}>Save these symbols as</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={40}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <button type="submit" disabled={name.trim() === ''}>
            Save watchlist
          </button>
        </form>
      )}
    </div>
  );
}

function expiryLabel(choice: ExpiryChoiceView, chosenCount: number): string {
  const where =
    chosenCount > 1 && choice.underlyingCount < chosenCount
      ? ` in ${formatNumber(choice.underlyingCount)} of ${formatNumber(chosenCount)} underlyings`
      : '';
  return `${formatExpiry(choice.expiry)}${choice.isMonthly ? ' (monthly)' : ' (weekly)'} · ${formatNumber(choice.optionCount)} options${where}`;
}

function ExpiryChoice(): React.JSX.Element {
  const expiries = useScanStore((state) => state.expiries);
  const expiry = useScanStore((state) => state.expiry);
  const chooseExpiry = useScanStore((state) => state.chooseExpiry);
  const watchlist = useScanStore((state) => state.watchlist);
  const chosenCount = useScanStore(
    (state) => state.chips.filter((chip) => chip.kind === 'matched').length,
  );
  const id = useId();
  // Weeklies are offered where a chosen underlying lists one (or a watchlist may hold one).
  const hasWeeklies = expiries.some((choice) => !choice.isMonthly);
  const offerWeekly = hasWeeklies || watchlist !== null || expiry === 'nearest-weekly';
  const hint =
    expiry === 'nearest'
      ? 'Each underlying scans its own nearest monthly expiry; weekly expiries are skipped.'
      : expiry === 'nearest-weekly'
        ? 'Each underlying scans its nearest expiry: the weekly where it has weeklies, else the monthly.'
        : 'Underlyings with no options on this date are reported and skipped.';
  return (
    <div className="field expiry-choice">
      <label htmlFor={id}>Expiry</label>
      <select
        id={id}
        value={expiry}
        aria-describedby={`${id}-hint`}
        onChange={(event) => chooseExpiry(event.currentTarget.value)}
      >
        <option value="nearest">Nearest monthly for each underlying</option>
        {offerWeekly && <option value="nearest-weekly">Nearest weekly (monthly where none)</option>}
        {expiries.map((choice) => (
          <option key={choice.expiry} value={choice.expiry}>
            {expiryLabel(choice, chosenCount)}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="field-hint">
        {hint}
        {expiries.length > 0 &&
          ` Option counts are the calls and puts listed for that date across the ${chosenCount === 1 ? 'chosen underlying' : `${formatNumber(chosenCount)} chosen underlyings`}.`}
      </span>
    </div>
  );
}

function RefreshInstruments(): React.JSX.Element {
  const refreshInstruments = useScanStore((state) => state.refreshInstruments);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      {message !== null && (
        <span role="status" className="muted">
          {message}
        </span>
      )}
      <button type="button" onClick={() => void refreshInstruments().then(setMessage)}>
        Refresh instrument list
      </button>
    </>
  );
}

/** Opens a scan's results once it completes, if the trader wants that (a window setting). */
function useOpenWhenDone(runId: number | null, enabled: boolean): void {
  const status = useScanStore((state) => (runId === null ? null : state.progress[runId]?.status));
  const open = useResultsStore((state) => state.open);
  const handled = useRef<number | null>(null);
  // Read at the moment the scan completes: turning the setting on later opens nothing.
  const enabledNow = useRef(enabled);
  enabledNow.current = enabled;
  useEffect(() => {
    if (runId === null || status !== 'completed' || handled.current === runId) return;
    handled.current = runId;
    if (enabledNow.current) void open(runId).then(() => navigation().go('results'));
  }, [runId, status, open]);
}

/** Choose symbols, expiry and filters; start; watch the scan run. */
export function Scan(): React.JSX.Element {
  const source = useScanStore((state) => state.source);
  const error = useScanStore((state) => state.error);
  const starting = useScanStore((state) => state.starting);
  const filters = useScanStore((state) => state.filters);
  const ready = useScanStore(
    (state) => state.watchlist !== null || state.chips.some((chip) => chip.kind === 'matched'),
  );
  const { loadUniverse, loadActive, start } = useScanStore.getState();
  const [startedRunId, setStartedRunId] = useState<number | null>(null);
  const [openWhenDone, setOpenWhenDone] = useStoredFlag('premia.scan.openResultsWhenDone', true);
  useOpenWhenDone(startedRunId, openWhenDone);
  useEffect(() => {
    void loadUniverse();
    void loadActive();
  }, [loadUniverse, loadActive]);
  const problems = scanFilterProblems(filters);
  const canStart = ready && !starting && problems.length === 0;

  async function startScan(): Promise<void> {
    if (!canStart) return;
    const runId = await start();
    if (runId !== null) setStartedRunId(runId);
  }

  return (
    <section
      aria-labelledby="scan-heading"
      className="screen"
      onKeyDown={(event) => {
        // Ctrl+Enter (Cmd+Enter on a Mac) starts the scan from any field.
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void startScan();
        }
      }}
    >
      <div className="screen-heading">
        <h2 id="scan-heading" tabIndex={-1}>
          Scan
        </h2>
        <span className="spacer" />
        {source !== null && (
          <span className={`source-badge source-${source}`}>
            {source === 'simulator' ? 'Simulator data' : 'Live Kite data'}
          </span>
        )}
        <RefreshInstruments />
      </div>
      <div className="panel scan-setup">
        <SymbolPicker />
        <WatchlistChoice />
        <ExpiryChoice />
      </div>
      <ScanFilters problems={problems} />
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="actions start-row">
        <button
          type="button"
          className="primary"
          disabled={!canStart}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          onClick={() => void startScan()}
        >
          {starting ? 'Starting…' : 'Start scan'}
        </button>
        <span className="field-hint">Ctrl+Enter</span>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={openWhenDone}
            onChange={(event) => setOpenWhenDone(event.currentTarget.checked)}
          />
          Open the results when the scan finishes
        </label>
        {problems.length > 0 && (
          <span className="error">Fix the filters marked above to start.</span>
        )}
      </div>
      <ScanProgressList focusRunId={startedRunId} />
    </section>
  );
}
