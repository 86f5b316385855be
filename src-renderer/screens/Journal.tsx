import { useEffect, useId } from 'react';
import { formatInr, formatPct } from '../format';
import { useJournalStore } from '../stores/journal-store';
import { ImportPanel } from './journal/ImportPanel';
import { GroupTable, PositionsTable, SuggestedTable, TradesTable } from './journal/JournalTables';
import { CumulativeChart, PnlCalendar } from './journal/PnlCharts';

function Headline(): React.JSX.Element | null {
  const summary = useJournalStore((state) => state.summary);
  if (summary === null) return null;
  const s = summary.stats;
  return (
    <dl className="journal-stats">
      <div>
        <dt>Net realized</dt>
        <dd className={s.netPnl >= 0 ? 'ok' : 'error'}>{formatInr(s.netPnl)}</dd>
      </div>
      <div>
        <dt>Gross / charges</dt>
        <dd>
          {formatInr(s.grossPnl)} / {formatInr(s.charges)}
        </dd>
      </div>
      <div>
        <dt>Win rate</dt>
        <dd>{s.winRate === null ? '—' : formatPct(s.winRate * 100)}</dd>
      </div>
      <div>
        <dt>Avg win / loss</dt>
        <dd>
          {formatInr(s.averageWin)} / {formatInr(s.averageLoss)}
        </dd>
      </div>
      <div>
        <dt>Best / worst day</dt>
        <dd>
          {s.bestDay === null ? '—' : `${s.bestDay.day} ${formatInr(s.bestDay.netPnl)}`} /{' '}
          {s.worstDay === null ? '—' : `${s.worstDay.day} ${formatInr(s.worstDay.netPnl)}`}
        </dd>
      </div>
      <div>
        <dt>Max drawdown</dt>
        <dd>{formatInr(s.maxDrawdown)}</dd>
      </div>
    </dl>
  );
}

function TradeFilters(): React.JSX.Element {
  const { filter, setFilter, total } = useJournalStore();
  const id = useId();
  return (
    <div className="actions">
      <label htmlFor={`${id}-u`}>Underlying</label>
      <input
        id={`${id}-u`}
        size={12}
        value={filter.underlying ?? ''}
        onChange={(e) =>
          void setFilter({ ...filter, underlying: e.currentTarget.value.toUpperCase() })
        }
      />
      <label htmlFor={`${id}-from`}>From</label>
      <input
        id={`${id}-from`}
        type="date"
        value={filter.from ?? ''}
        onChange={(e) => void setFilter({ ...filter, from: e.currentTarget.value })}
      />
      <label htmlFor={`${id}-to`}>To</label>
      <input
        id={`${id}-to`}
        type="date"
        value={filter.to ?? ''}
        onChange={(e) => void setFilter({ ...filter, to: e.currentTarget.value })}
      />
      <span className="muted">{total} trades</span>
    </div>
  );
}

/** The profile's trade journal: P&L first, then where it came from, then the trades. */
export function Journal(): React.JSX.Element {
  const { summary, suggested, trades, sync, busy, error, load, syncNow } = useJournalStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="journal-heading" className="screen">
      <div className="screen-heading">
        <h2 id="journal-heading" tabIndex={-1}>
          Journal
        </h2>
        <button type="button" disabled={busy} onClick={() => void syncNow()}>
          Sync today's trades
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {sync !== null && (
        <p role="status">
          Synced {sync.source === 'simulator' ? 'the demo market' : 'Kite'} as {sync.kiteUserId}:{' '}
          {sync.tradesAdded} new of {sync.tradesRead} trades today.
        </p>
      )}
      <Headline />
      {summary !== null && (
        <div className="two-columns">
          <section className="panel" aria-label="Daily P&L">
            <h3>Daily net P&amp;L</h3>
            <PnlCalendar days={summary.days} />
            <CumulativeChart days={summary.days} />
          </section>
          <section className="panel" aria-label="Open positions">
            <h3>Open positions</h3>
            <PositionsTable positions={summary.positions} />
          </section>
        </div>
      )}
      {summary !== null && (
        <div className="two-columns">
          <section className="panel">
            <h3>By underlying</h3>
            <GroupTable title="Underlying" groups={summary.byUnderlying} />
          </section>
          <section className="panel">
            <h3>By expiry</h3>
            <GroupTable title="Expiry" groups={summary.byExpiry} />
          </section>
        </div>
      )}
      {suggested !== null && (
        <section className="panel">
          <h3>Suggested vs realized</h3>
          <SuggestedTable data={suggested} />
        </section>
      )}
      <ImportPanel />
      <section className="panel">
        <h3>Trades</h3>
        <TradeFilters />
        <div className="journal-scroll">
          <TradesTable trades={trades} />
        </div>
      </section>
    </section>
  );
}
