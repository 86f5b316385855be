import type { ResultRowView } from '../../../src-preload/contract';
import { StrikeChart, type StrikePoint } from '../../components/chart/StrikeChart';

function points(rows: readonly ResultRowView[], metric: 'annualizedYieldPct' | 'otmPct') {
  return rows.map((row): StrikePoint => ({
    strike: row.strike,
    side: row.optionType === 'CE' ? 'call' : 'put',
    value: row[metric],
  }));
}

/** Annualized yield and OTM % against strike for one underlying, calls and puts apart. */
export function ResultsCharts({
  underlying,
  rows,
}: {
  underlying: string;
  rows: readonly ResultRowView[];
}): React.JSX.Element {
  const spot = rows[0]?.spot ?? null;
  return (
    <div className="results-charts">
      <StrikeChart
        title={`${underlying}: annualized yield by strike`}
        valueLabel="Annualized yield %"
        points={points(rows, 'annualizedYieldPct')}
        spot={spot}
      />
      <StrikeChart
        title={`${underlying}: OTM % by strike`}
        valueLabel="OTM %"
        points={points(rows, 'otmPct')}
        spot={spot}
      />
    </div>
  );
}
