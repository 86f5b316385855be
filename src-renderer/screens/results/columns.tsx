import type { ResultRowView } from '../../../src-preload/contract';
import type { TableColumn } from '../../components/table/table-types';
import { annualizedTimeValueYieldPct } from './time-value';
import {
  formatExpiry,
  formatInr,
  formatInrWhole,
  formatNumber,
  formatPct,
  formatPrice,
  NO_VALUE,
} from '../../format';
import { MARGIN_COLUMNS, SELLER_COLUMNS } from './seller-columns';

type Column = TableColumn<ResultRowView>;

const PREMIUM_SOURCE = {
  bid: 'bid',
  mid: 'mid',
  last: 'last',
  close: 'close',
  none: NO_VALUE,
} as const;

/** Every column of a run's rows; ids are the storage's sortable column names where sortable. */
export const RESULT_COLUMNS: readonly Column[] = [
  {
    id: 'contract',
    header: 'Option',
    description: 'Underlying, strike and side, as a trader says it',
    width: 150,
    render: (r) => `${r.underlying} ${formatNumber(r.strike, 2)} ${r.optionType}`,
  },
  {
    id: 'underlying',
    header: 'Underlying',
    width: 120,
    sortable: true,
    render: (r) => r.underlying,
  },
  {
    id: 'tradingsymbol',
    header: 'Symbol',
    width: 190,
    sortable: true,
    render: (r) => r.tradingsymbol,
  },
  { id: 'optionType', header: 'Side', width: 56, render: (r) => r.optionType },
  {
    id: 'strike',
    header: 'Strike',
    width: 90,
    align: 'end',
    sortable: true,
    render: (r) => formatNumber(r.strike, 2),
  },
  {
    id: 'expiry',
    header: 'Expiry',
    width: 120,
    sortable: true,
    render: (r) => formatExpiry(r.expiry),
  },
  {
    id: 'spot',
    header: 'Spot',
    width: 100,
    align: 'end',
    sortable: true,
    render: (r) => formatPrice(r.spot),
  },
  {
    id: 'premium',
    header: 'Premium',
    description: 'Premium (₹) on the scan’s basis: bid, mid or last; close/last after the close',
    width: 88,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => `${formatInr(r.premium)}${r.stale === true ? ' ⏱' : ''}`,
  },
  {
    id: 'premiumSource',
    header: 'From',
    description: 'Premium taken from mid of bid/ask or last price',
    width: 56,
    render: (r) => PREMIUM_SOURCE[r.premiumSource],
  },
  {
    id: 'otmPct',
    header: 'OTM %',
    description: 'Out of the money % (negative: in the money)',
    width: 76,
    align: 'end',
    sortable: true,
    render: (r) => formatPct(r.otmPct),
  },
  ...MARGIN_COLUMNS,
  {
    id: 'yieldPct',
    header: 'Yield',
    description: 'Yield %',
    width: 70,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => formatPct(r.yieldPct),
  },
  {
    id: 'annualizedYieldPct',
    header: 'Ann. yield',
    description: 'Annualized yield %',
    width: 98,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => formatPct(r.annualizedYieldPct),
  },
  {
    id: 'timeValueYield',
    header: 'Time value',
    description:
      'Annualized yield of the time (extrinsic) value only: what an in-the-money sale earns',
    width: 94,
    align: 'end',
    render: (r) => formatPct(annualizedTimeValueYieldPct(r)),
  },
  {
    id: 'premiumPerLot',
    header: 'Per lot',
    description: 'Premium per lot (₹)',
    width: 92,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => formatInrWhole(r.premiumPerLot),
  },
  {
    id: 'breakeven',
    header: 'Break-even',
    width: 100,
    align: 'end',
    sortable: true,
    render: (r) => formatPrice(r.breakeven),
  },
  {
    id: 'spreadPct',
    header: 'Spread',
    description: 'Bid-ask spread % of mid',
    width: 66,
    align: 'end',
    sortable: true,
    render: (r) => formatPct(r.spreadPct),
  },
  {
    id: 'iv',
    header: 'IV',
    description: 'Implied volatility %',
    width: 60,
    align: 'end',
    sortable: true,
    render: (r) => formatPct(r.iv, { decimals: 1 }),
  },
  {
    id: 'delta',
    header: 'Delta',
    width: 70,
    align: 'end',
    sortable: true,
    render: (r) => formatNumber(r.delta, 2),
  },
  {
    id: 'oi',
    header: 'OI',
    description: 'Open interest',
    width: 90,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => formatNumber(r.oi),
  },
  {
    id: 'volume',
    header: 'Volume',
    width: 100,
    align: 'end',
    sortable: true,
    firstSortDirection: 'desc',
    render: (r) => formatNumber(r.volume),
  },
  {
    id: 'daysToExpiry',
    header: 'Days',
    description: 'Calendar days to expiry',
    width: 60,
    align: 'end',
    sortable: true,
    render: (r) => formatNumber(r.daysToExpiry, 1),
  },
  ...SELLER_COLUMNS,
  {
    id: 'filterReason',
    header: 'Why filtered out',
    description: 'The first of the scan’s filters the option fails',
    width: 150,
    grow: true,
    render: (r) =>
      r.passesFilters ? (
        <span className="muted">passes</span>
      ) : (
        <span title={r.filterReason ?? undefined}>{r.filterReason ?? 'no reason recorded'}</span>
      ),
  },
];

/**
 * What a trader sees first, as an explicit list: columns added to RESULT_COLUMNS stay in the
 * chooser until named here, so the default still fits a 1280 px window.
 */
export const DEFAULT_RESULT_COLUMNS: readonly string[] = [
  'contract',
  'premium',
  'otmPct',
  'annualizedRomPct',
  'marginPerLot',
  'annualizedYieldPct',
  'timeValueYield',
  'delta',
  'probOtmPct',
];

/**
 * The columns on screen: the trader's choice (or the default), plus the expiry when a run spans
 * several and the reason when filtered-out rows are shown.
 */
export function shownResultColumns(options: {
  readonly chosen: readonly string[] | null;
  readonly severalExpiries: boolean;
  readonly showsFilteredOut: boolean;
}): readonly string[] {
  const shown = [...(options.chosen ?? DEFAULT_RESULT_COLUMNS)];
  if (options.chosen === null && options.severalExpiries) shown.push('expiry');
  if (options.showsFilteredOut && !shown.includes('filterReason')) shown.push('filterReason');
  return shown;
}
