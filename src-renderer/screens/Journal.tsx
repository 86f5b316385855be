import { useEffect, useId } from 'react';
import { formatInr, formatNumber, formatPct } from '../format';
import { useJournalStore } from '../stores/journal-store';
import { ChargeRatesPanel } from './journal/ChargeRatesPanel';
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

const SIDES = [
  ['', 'Buys and sells'],
  ['BUY', 'Buys'],
  ['SELL', 'Sells'],
] as const;
const KINDS = [
  ['', 'All instruments'],
  ['CE', 'Calls'],
  ['PE', 'Puts'],
  ['FUT', 'Futures'],
  ['EQ', 'Equity'],
] as const;

/** Side, kind, underlying, instrument and dates: every change asks main for the first page. */
function TradeFilters(): React.JSX.Element {
  const { filter, setFilter, total } = useJournalStore();
  const id = useId();
  const text = (key: 'underlying' | 'instrument', label: string, size: number) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        size={size}
        value={filter[key] ?? ''}
        onChange={(e) => void setFilter({ ...filter, [key]: e.currentTarget.value.toUpperCase() })}
      />
    </>
  );
  return (
    <div className="actions trade-filters" role="group" aria-label="Trade filters">
      <label htmlFor={`${id}-side`}>Side</label>
      <select
        id={`${id}-side`}
        value={filter.side ?? ''}
        onChange={(e) =>
          void setFilter({ ...filter, side: e.currentTarget.value as 'BUY' | 'SELL' | '' })
        }
      >
        {SIDES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-kind`}>Type</label>
      <select
        id={`${id}-kind`}
        value={filter.kind ?? ''}
        onChange={(e) =>
          void setFilter({
            ...filter,
            kind: e.currentTarget.value as 'CE' | 'PE' | 'FUT' | 'EQ' | '',
          })
        }
      >
        {KINDS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {text('underlying', 'Underlying', 12)}
      {text('instrument', 'Instrument', 18)}
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
      <span className="muted" role="status">
        {formatNumber(total)} {total === 1 ? 'trade' : 'trades'}
      </span>
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
          {sync.settlements.map(
            (s) =>
              ` ${s.underlying} ${s.expiry} expired open: settled at today's close ${formatNumber(s.closePrice, 2)}.`,
          )}
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
      {summary !== null && summary.byTag.some((g) => g.key !== 'untagged') && (
        <section className="panel">
          <h3>By strategy tag</h3>
          <p className="muted">Kite order tags; Console files carry none.</p>
          <GroupTable title="Strategy tag" groups={summary.byTag} />
        </section>
      )}
      {suggested !== null && (
        <section className="panel">
          <h3>Suggested vs realized</h3>
          <SuggestedTable data={suggested} />
        </section>
      )}
      <ImportPanel />
      <section className="panel">
        <details>
          <summary>Charge rates used for the estimates</summary>
          <ChargeRatesPanel />
        </details>
      </section>
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
