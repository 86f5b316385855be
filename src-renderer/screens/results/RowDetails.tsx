import type { ResultRowView, RunSummaryView } from '../../../src-preload/contract';
import { PayoffChart } from '../../components/chart/PayoffChart';
import { intrinsicValue, timeValue } from './time-value';
import {
  formatExpiry,
  formatInr,
  formatInrWhole,
  formatIstDateTime,
  formatNumber,
  formatPct,
  formatPrice,
  NO_VALUE,
} from '../../format';

const BASIS_LABEL: Record<ResultRowView['premiumSource'], string> = {
  bid: 'the bid (what a seller gets)',
  mid: 'the mid of bid and ask',
  last: 'the last trade',
  close: 'the previous close',
  none: 'no usable price',
};

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The rate the run priced with, as the scan stored it (a fraction: 0.055 = 5.5 %). */
function rateOf(run: RunSummaryView): number | null {
  const rate = run.model.rate;
  return typeof rate === 'number' ? rate : null;
}

/** How the run priced (basis, rate) and the expiries it resolved, in one line. */
export function RunModel({ run }: { run: RunSummaryView }): React.JSX.Element | null {
  const counts = new Map<string, number>();
  for (const expiry of Object.values(run.expiries))
    counts.set(expiry, (counts.get(expiry) ?? 0) + 1);
  const rate = rateOf(run);
  const basis = typeof run.model.basis === 'string' ? run.model.basis : null;
  if (counts.size === 0 && basis === null) return null;
  return (
    <p className="muted">
      {basis !== null && `Priced on the ${basis}, Black-76 on the forward`}
      {rate !== null && `, r = ${formatPct(rate * 100)}`}
      {counts.size > 0 &&
        ` · expiries used: ${[...counts]
          .map(([expiry, count]) => `${formatExpiry(expiry)} (${formatNumber(count)})`)
          .join(', ')}`}
    </p>
  );
}

/**
 * The selected row: why it passes or not, the formula inputs behind its numbers, and the P&L at
 * expiry of one short lot. Raw numbers a click away from the table (DESIGN.md §5).
 */
export function RowDetails({
  row,
  run,
}: {
  row: ResultRowView | undefined;
  run: RunSummaryView;
}): React.JSX.Element {
  if (row === undefined) {
    return <p className="row-detail muted">Select a row (arrow keys) to see its details.</p>;
  }
  const rate = rateOf(run);
  const isCall = row.optionType === 'CE';
  const years = row.daysToExpiry / 365;
  return (
    <section className="row-detail panel" aria-label={`Details of ${row.tradingsymbol}`}>
      <p role="status">
        <strong>{row.tradingsymbol}</strong>{' '}
        {row.passesFilters
          ? 'passes the scan filters.'
          : `is filtered out: ${row.filterReason ?? 'no reason recorded'}.`}
      </p>
      {row.stale === true && (
        <p className="warning">
          Stale price: the order book was empty (after the close), so the premium is{' '}
          {BASIS_LABEL[row.premiumSource]}. Check the live bid before selling.
        </p>
      )}
      <div className="row-details">
        <dl>
          <Item term="Underlying S">{formatPrice(row.spot)}</Item>
          <Item term="Forward F">
            {formatPrice(row.forward)}
            {row.forwardSource === 'carry'
              ? ' — no future quoted: S·e^{rT} (carry, no dividends)'
              : row.forwardSource === 'future'
                ? ' — the same-expiry future'
                : ''}
          </Item>
          <Item term="Strike K">{formatPrice(row.strike)}</Item>
          <Item term="Premium P">
            {formatInr(row.premium)} from {BASIS_LABEL[row.premiumSource]}
          </Item>
          <Item term="Intrinsic value">{formatInr(intrinsicValue(row))}</Item>
          <Item term="Time value">{formatInr(timeValue(row))}</Item>
          <Item term="Lot size L">{formatNumber(row.lotSize)}</Item>
          <Item term="Time T">
            {formatNumber(row.daysToExpiry, 2)} days = {formatNumber(years, 4)} years to 15:30 IST
            on {formatExpiry(row.expiry)}
            {row.quoteTime === null
              ? ''
              : `, from the quote at ${formatIstDateTime(row.quoteTime)}`}
          </Item>
          <Item term="Rate r">{rate === null ? NO_VALUE : formatPct(rate * 100)}</Item>
          <Item term="IV σ (Black-76 on F)">{formatPct(row.iv, { decimals: 2 })}</Item>
          <Item term="Delta">{formatNumber(row.delta, 3)}</Item>
          <Item term="Margin per lot">{formatInrWhole(row.marginPerLot)}</Item>
          <Item term="Return on margin = P·L ÷ margin">
            {formatPct(row.romPct)} ({formatPct(row.annualizedRomPct)} a year, × 365 ÷ D)
          </Item>
          <Item term={isCall ? 'Yield = P ÷ S (covered call)' : 'Yield = P ÷ K (cash-secured)'}>
            {formatPct(row.yieldPct)} ({formatPct(row.annualizedYieldPct)} a year)
          </Item>
          <Item term={isCall ? 'Break-even, covered S − P' : 'Break-even K − P'}>
            {formatPrice(row.breakeven)}
          </Item>
          {isCall && <Item term="Break-even, naked K + P">{formatPrice(row.nakedBreakeven)}</Item>}
          <Item term="Expected move F·σ·√T">
            ±{formatPrice(row.expectedMove)} (strike {formatNumber(row.strikeSigmas, 2)} σ away)
          </Item>
          <Item term="P(expires OTM)">{formatPct(row.probOtmPct, { decimals: 1 })}</Item>
          <Item term="P(profit at break-even)">
            {formatPct(row.probProfitPct, { decimals: 1 })}
          </Item>
          <Item term="Open interest">
            {formatNumber(row.oi)} ({formatNumber(row.oiLots)} lots)
          </Item>
          <Item term="Volume">
            {formatNumber(row.volume)} ({formatNumber(row.volumeLots)} lots)
          </Item>
        </dl>
        {row.premium !== null && (
          <PayoffChart
            title={`Short 1 lot of ${row.tradingsymbol}: P&L at expiry`}
            lot={{
              optionType: row.optionType,
              strike: row.strike,
              premium: row.premium,
              lotSize: row.lotSize,
            }}
            centre={row.forward ?? row.spot}
            expectedMove={row.expectedMove}
          />
        )}
      </div>
    </section>
  );
}
