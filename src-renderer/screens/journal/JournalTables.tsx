import { useState } from 'react';
import type {
  JournalSummary,
  PnlGroupView,
  PositionView,
  SuggestedVsRealized,
  TradeView,
} from '../../../src-preload/contract';
import { formatInr, formatIstDateTime, formatNumber, formatPct, formatPrice } from '../../format';
import { useJournalStore } from '../../stores/journal-store';

const tone = (value: number | null): string =>
  value === null || value === 0 ? 'num' : value > 0 ? 'num ok' : 'num error';

export function GroupTable({
  title,
  groups,
}: {
  title: string;
  groups: readonly PnlGroupView[];
}): React.JSX.Element {
  return (
    <table className="journal-table" aria-label={`P&L by ${title.toLowerCase()}`}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">Trades</th>
          <th scope="col">Gross</th>
          <th scope="col">Charges</th>
          <th scope="col">Net</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key}>
            <th scope="row">{g.key}</th>
            <td className="num">{formatNumber(g.trades)}</td>
            <td className={tone(g.grossPnl)}>{formatInr(g.grossPnl)}</td>
            <td className="num">{formatInr(g.charges)}</td>
            <td className={tone(g.netPnl)}>{formatInr(g.netPnl)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SettleForm({ position }: { position: PositionView }): React.JSX.Element {
  const settle = useJournalStore((state) => state.settle);
  const [close, setClose] = useState('');
  const label = `${position.underlying} close on ${position.expiry ?? ''}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const price = Number(close);
        if (price > 0) void settle(position.underlying, position.expiry ?? '', price);
      }}
    >
      <span className="warning">Awaiting settlement</span>{' '}
      <input
        aria-label={label}
        inputMode="decimal"
        size={9}
        value={close}
        placeholder="close"
        onChange={(event) => setClose(event.currentTarget.value)}
      />{' '}
      <button type="submit">Settle</button>
    </form>
  );
}

export function PositionsTable({
  positions,
}: {
  positions: JournalSummary['positions'];
}): React.JSX.Element {
  if (positions.length === 0) return <p className="muted">No open positions.</p>;
  return (
    <table className="journal-table" aria-label="Open positions">
      <thead>
        <tr>
          <th scope="col">Instrument</th>
          <th scope="col">Qty</th>
          <th scope="col">Avg</th>
          <th scope="col">Last stored price</th>
          <th scope="col">Unrealized</th>
        </tr>
      </thead>
      <tbody>
        {positions.map((p) => (
          <tr key={`${p.exchange}:${p.tradingsymbol}`}>
            <th scope="row">{p.tradingsymbol}</th>
            <td className="num">{formatNumber(p.quantity)}</td>
            <td className="num">{formatPrice(p.averagePrice)}</td>
            <td>
              {p.awaitingSettlement ? (
                <SettleForm position={p} />
              ) : p.markPrice === null ? (
                <span className="muted">none stored</span>
              ) : (
                <>
                  {formatPrice(p.markPrice)}{' '}
                  <span className="muted">
                    {p.markedAt === null ? '' : formatIstDateTime(p.markedAt)}
                  </span>
                </>
              )}
            </td>
            <td className={tone(p.unrealizedPnl)}>{formatInr(p.unrealizedPnl)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TradesTable({ trades }: { trades: readonly TradeView[] }): React.JSX.Element {
  return (
    <table className="journal-table" aria-label="Trades">
      <thead>
        <tr>
          <th scope="col">Time (IST)</th>
          <th scope="col">Side</th>
          <th scope="col">Qty</th>
          <th scope="col">Instrument</th>
          <th scope="col">Price</th>
          <th scope="col">Realized</th>
          <th scope="col">Charges</th>
          <th scope="col">Tag</th>
        </tr>
      </thead>
      <tbody>
        {trades.map((t) => (
          <tr key={t.id}>
            <td className="nowrap">{formatIstDateTime(t.tradedAt)}</td>
            <td>{t.side === 'BUY' ? 'Buy' : 'Sell'}</td>
            <td className="num">{formatNumber(t.quantity)}</td>
            <td>{t.tradingsymbol}</td>
            <td className="num">{formatPrice(t.price)}</td>
            <td className={tone(t.realizedPnl)}>
              {t.realizedPnl === 0 ? '' : formatInr(t.realizedPnl)}
            </td>
            <td className="num">{formatInr(t.charges)}</td>
            <td>{t.tag ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SuggestedTable({ data }: { data: SuggestedVsRealized }): React.JSX.Element {
  const { aggregate } = data;
  if (data.rows.length === 0)
    return <p className="muted">No option you sold appeared in an earlier scan of this profile.</p>;
  return (
    <>
      <p>
        {aggregate.trades} sales followed a scan ({aggregate.closed} closed): scans promised{' '}
        {formatPct(aggregate.meanScanAnnualizedYieldPct)} a year on average, the closed ones made{' '}
        {formatPct(aggregate.meanRealizedAnnualizedYieldPct)} ({formatInr(aggregate.realizedPnl)}).
      </p>
      <table className="journal-table" aria-label="Suggested versus realized">
        <thead>
          <tr>
            <th scope="col">Sold</th>
            <th scope="col">Instrument</th>
            <th scope="col">Scan</th>
            <th scope="col">Scan yield / yr</th>
            <th scope="col">Scan return on margin / yr</th>
            <th scope="col">Realized</th>
            <th scope="col">Realized yield / yr</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.tradeId}>
              <td className="nowrap">{formatIstDateTime(r.soldAt)}</td>
              <td>{r.tradingsymbol}</td>
              <td>#{r.runId}</td>
              <td className="num">{formatPct(r.scanAnnualizedYieldPct)}</td>
              <td className="num">{formatPct(r.scanAnnualizedReturnOnMarginPct)}</td>
              <td className={tone(r.realizedPnl)}>
                {r.realizedPnl === null ? 'open' : formatInr(r.realizedPnl)}
              </td>
              <td className="num">{formatPct(r.realizedAnnualizedYieldPct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
