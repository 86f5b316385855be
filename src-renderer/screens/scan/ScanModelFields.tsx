import { useId } from 'react';
import { PREMIUM_BASES, RANK_METRICS, type RankMetric } from '../../../src-preload/contract';
import { useScanStore } from '../../stores/scan-store';

const BASIS_LABELS: Record<(typeof PREMIUM_BASES)[number], string> = {
  bid: 'Bid (what a seller gets)',
  mid: 'Mid of bid and ask',
  last: 'Last traded price',
};

const RANK_LABELS: Record<RankMetric, string> = {
  annualizedRomPct: 'Annualized return on margin',
  romPct: 'Return on margin',
  annualizedYieldPct: 'Annualized yield',
  yieldPct: 'Yield',
  premiumPerLot: 'Premium per lot',
  otmPct: 'OTM %',
  oi: 'Open interest',
  volume: 'Volume',
  probOtmPct: 'Probability OTM',
  probProfitPct: 'Probability of profit',
};

/** How the scan prices (basis, rate, expiry rule) and what "best N" ranks by. */
export function ScanModelFields(): React.JSX.Element {
  const { model, setModel, filters, setFilter } = useScanStore();
  const basisId = useId();
  const rateId = useId();
  const daysId = useId();
  const rankId = useId();
  const topN = filters.topNPerUnderlying;
  return (
    <div className="filter-grid">
      <div className="field">
        <label htmlFor={basisId}>Premium basis</label>
        <select
          id={basisId}
          value={model.basis ?? 'bid'}
          onChange={(event) =>
            setModel({
              ...model,
              basis: event.currentTarget.value as (typeof PREMIUM_BASES)[number],
            })
          }
        >
          {PREMIUM_BASES.map((basis) => (
            <option key={basis} value={basis}>
              {BASIS_LABELS[basis]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={rateId}>Risk-free rate %</label>
        <input
          id={rateId}
          type="number"
          step="0.05"
          min={0}
          max={50}
          placeholder="profile setting"
          value={model.rate == null ? '' : Number((model.rate * 100).toFixed(4))}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setModel({ ...model, rate: text === '' ? null : Number(text) / 100 });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={daysId}>Nearest monthly: skip with fewer trading days than</label>
        <input
          id={daysId}
          type="number"
          min={0}
          max={20}
          placeholder="profile setting (3)"
          value={model.minTradingDays ?? ''}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setModel({ ...model, minTradingDays: text === '' ? null : Number(text) });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={rankId}>Rank best N by</label>
        <select
          id={rankId}
          value={topN?.metric ?? 'annualizedRomPct'}
          disabled={topN === null}
          onChange={(event) =>
            topN !== null &&
            setFilter('topNPerUnderlying', {
              n: topN.n,
              metric: event.currentTarget.value as RankMetric,
            })
          }
        >
          {RANK_METRICS.map((metric) => (
            <option key={metric} value={metric}>
              {RANK_LABELS[metric]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
