import { useEffect, useId, useState } from 'react';
import { formatExpiry, formatNumber } from '../format';
import { useScanStore } from '../stores/scan-store';
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

function ExpiryChoice(): React.JSX.Element {
  const { expiries, expiry, chooseExpiry } = usePick(
    useScanStore,
    'expiries',
    'expiry',
    'chooseExpiry',
  );
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Expiry</label>
      <select id={id} value={expiry} onChange={(event) => chooseExpiry(event.currentTarget.value)}>
        <option value="nearest">Nearest for each underlying</option>
        {expiries.map((choice) => (
          <option key={choice.expiry} value={choice.expiry}>
            {formatExpiry(choice.expiry)}
            {choice.isMonthly ? ' (monthly)' : ''} · {formatNumber(choice.optionCount)} options
          </option>
        ))}
      </select>
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

/** Choose symbols, expiry and filters; start; watch the scan run. */
export function Scan(): React.JSX.Element {
  const { source, chips, watchlist, error, starting, loadUniverse, loadActive, start } = usePick(
    useScanStore,
    'source',
    'chips',
    'watchlist',
    'error',
    'starting',
    'loadUniverse',
    'loadActive',
    'start',
  );
  useEffect(() => {
    void loadUniverse();
    void loadActive();
  }, [loadUniverse, loadActive]);
  const ready = watchlist !== null || chips.some((chip) => chip.kind === 'matched');

  return (
    <section aria-labelledby="scan-heading" className="screen">
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
      <ScanFilters />
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="actions start-row">
        <button
          type="button"
          className="primary"
          disabled={!ready || starting}
          onClick={() => void start()}
        >
          {starting ? 'Starting…' : 'Start scan'}
        </button>
      </div>
      <ScanProgressList />
    </section>
  );
}
