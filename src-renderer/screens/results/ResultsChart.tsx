import { memo, startTransition, useEffect, useMemo, useState } from 'react';
import type {
  ChartPointView,
  ExpectedMoveView,
  ResultRangeColumn,
} from '../../../src-preload/contract';
import { premiaApi } from '../../api';
import { StrikeChart, type StrikeBand, type StrikePoint } from '../../components/chart/StrikeChart';
import { formatInrWhole, formatNumber } from '../../format';
import { queryFilter, type ResultChips } from '../../stores/results-store';

interface ChartData {
  readonly key: string;
  readonly spot: number | null;
  readonly expectedMove: ExpectedMoveView | null;
  readonly points: readonly ChartPointView[];
}

/** What a seller plots: return on the margin Kite blocks first, the premium yield second. */
const CHART_METRICS: readonly { metric: ResultRangeColumn; label: string }[] = [
  { metric: 'annualizedRomPct', label: 'Annualized return on margin %' },
  { metric: 'annualizedYieldPct', label: 'Annualized yield %' },
];

interface ResultsChartProps {
  readonly runId: number;
  readonly underlying: string;
  readonly chips: ResultChips;
}

/** The shaded range the market expects the underlying to stay in (1σ to expiry). */
export function expectedMoveBand(expected: ExpectedMoveView | null): StrikeBand | null {
  if (expected === null) return null;
  return {
    low: expected.forward - expected.move,
    high: expected.forward + expected.move,
    label: `Expected move ±${formatInrWhole(expected.move)} (1σ at the ${formatNumber(expected.atmStrike)} strike)`,
  };
}

/**
 * One underlying's strikes as the table's chips select them, calls and puts, the spot and the
 * expected move marked. Fed by a main-process query over every matching strike (no row cap in
 * the window); a reply for an underlying, metric or filter no longer on screen is dropped.
 * Memoized: a sort or a scroll re-renders the screen around it but changes nothing it draws.
 */
export const ResultsChart = memo(function ResultsChart(
  props: ResultsChartProps,
): React.JSX.Element {
  const { runId, underlying, chips } = props;
  const [metric, setMetric] = useState<ResultRangeColumn>('annualizedRomPct');
  const metricLabel =
    CHART_METRICS.find((choice) => choice.metric === metric)?.label ?? 'Annualized yield %';
  const { optionType, includeFilteredOut, minAnnualizedYieldPct } = chips;
  const filter = useMemo(
    () => queryFilter({ optionType, includeFilteredOut, minAnnualizedYieldPct, underlying: null }),
    [optionType, includeFilteredOut, minAnnualizedYieldPct],
  );
  const key = JSON.stringify([runId, underlying, metric, filter]);
  const [data, setData] = useState<ChartData | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void premiaApi()
      .runs.chart({ runId, underlying, metric, filter })
      .then((result) => {
        if (!current) return;
        // A transition: drawing hundreds of strikes yields to the table's rows, asked for at the
        // same moment, instead of holding their first paint.
        startTransition(() => {
          if (result.ok) {
            setData({ key: JSON.stringify([runId, underlying, metric, filter]), ...result.value });
            setProblem(null);
          } else setProblem(result.error.message);
        });
      });
    return () => {
      current = false;
    };
  }, [runId, underlying, metric, filter]);

  const shown = data?.key === key ? data : null;
  const points = (shown?.points ?? []).map((point): StrikePoint => ({
    strike: point.strike,
    side: point.optionType === 'CE' ? 'call' : 'put',
    value: point.value,
  }));
  return (
    <div className="results-chart" aria-busy={shown === null}>
      <label className="chart-metric">
        Chart{' '}
        <select
          value={metric}
          onChange={(event) => setMetric(event.target.value as ResultRangeColumn)}
        >
          {CHART_METRICS.map((choice) => (
            <option key={choice.metric} value={choice.metric}>
              {choice.label.replace(/ %$/, '')}
            </option>
          ))}
        </select>
      </label>
      {problem !== null && <p className="error">{problem}</p>}
      <StrikeChart
        title={`${underlying}: ${metricLabel.replace(/ %$/, '').toLowerCase()} by strike`}
        valueLabel={metricLabel}
        points={points}
        spot={shown?.spot ?? null}
        band={expectedMoveBand(shown?.expectedMove ?? null)}
      />
    </div>
  );
});
