import type { ResultRowView } from '../../../src-preload/contract';
import type { TableColumn } from '../../components/table/table-types';
import { formatInrWhole, formatNumber, formatPct, formatPrice, NO_VALUE } from '../../format';

type Column = TableColumn<ResultRowView>;

/** A number column whose best values come first on the first click. */
const best = (
  id: keyof ResultRowView & string,
  header: string,
  description: string,
  width: number,
  render: Column['render'],
): Column => ({
  id,
  header,
  description,
  width,
  align: 'end',
  sortable: true,
  firstSortDirection: 'desc',
  render,
});

/** A number column sorted ascending first. */
const plain = (
  id: keyof ResultRowView & string,
  header: string,
  description: string,
  width: number,
  render: Column['render'],
): Column => ({ id, header, description, width, align: 'end', sortable: true, render });

/**
 * Return on the margin the broker blocks: what an Indian seller ranks by, so these sit right
 * after the premium and OTM columns (DESIGN.md §5, issue 12).
 */
export const MARGIN_COLUMNS: readonly Column[] = [
  best('annualizedRomPct', 'Ann. RoM', 'Annualized return on margin %', 96, (r) =>
    formatPct(r.annualizedRomPct),
  ),
  best('romPct', 'RoM', 'Return on margin % (premium per lot ÷ margin per lot)', 72, (r) =>
    formatPct(r.romPct),
  ),
  plain('marginPerLot', 'Margin/lot', 'Margin to sell one lot (₹)', 110, (r) =>
    formatInrWhole(r.marginPerLot),
  ),
];

/**
 * The model's risk numbers and quantities in lots. Rows from runs before these existed show "—".
 */
export const SELLER_COLUMNS: readonly Column[] = [
  best('probOtmPct', 'P(OTM)', 'Probability of expiring out of the money % (Black-76)', 76, (r) =>
    formatPct(r.probOtmPct, { decimals: 1 }),
  ),
  best('probProfitPct', 'P(profit)', 'Probability of profit at the naked break-even %', 80, (r) =>
    formatPct(r.probProfitPct, { decimals: 1 }),
  ),
  best(
    'strikeSigmas',
    'σ away',
    'Strike distance from the forward in expected moves (σ)',
    70,
    (r) => formatNumber(r.strikeSigmas, 2),
  ),
  plain('expectedMove', 'Exp. move', 'Expected move F·σ·√T (₹)', 90, (r) =>
    formatPrice(r.expectedMove),
  ),
  plain('nakedBreakeven', 'Naked BE', 'Naked break-even: call K + P, put K − P (₹)', 96, (r) =>
    formatPrice(r.nakedBreakeven),
  ),
  best('extrinsic', 'Time value', 'Extrinsic (time) value of the premium (₹)', 90, (r) =>
    formatPrice(r.extrinsic),
  ),
  best('oiLots', 'OI lots', 'Open interest in lots', 84, (r) => formatNumber(r.oiLots)),
  best('volumeLots', 'Vol. lots', 'Volume in lots', 84, (r) => formatNumber(r.volumeLots)),
  plain('forward', 'Forward', 'Forward F: the same-expiry future, or S·e^{rT} (carry)', 100, (r) =>
    r.forward === null
      ? NO_VALUE
      : `${formatPrice(r.forward)}${r.forwardSource === 'carry' ? ' (carry)' : ''}`,
  ),
  {
    id: 'stale',
    header: 'Stale',
    description: 'Priced from the last trade or close: the order book was empty (after the close)',
    width: 60,
    render: (r) => (r.stale === true ? 'stale' : ''),
  },
];
