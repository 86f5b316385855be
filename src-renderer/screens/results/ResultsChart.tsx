import { useEffect, useMemo, useState } from 'react';
import type { ChartPointView, ResultRangeColumn } from '../../../src-preload/contract';
import { premiaApi } from '../../api';
import { StrikeChart, type StrikeBand, type StrikePoint } from '../../components/chart/StrikeChart';
import { queryFilter, type ResultChips } from '../../stores/results-store';

interface ChartData {
  readonly key: string;
  readonly spot: number | null;
  readonly points: readonly ChartPointView[];
}

interface ResultsChartProps {
  readonly runId: number;
  readonly underlying: string;
  readonly chips: ResultChips;
  /** The y axis: any stored metric (annualized yield now; return on margin once it exists). */
  readonly metric: ResultRangeColumn;
  readonly metricLabel: string;
  /** A shaded strike range (the expected move, once rows carry it); none when null. */
  readonly band?: (spot: number | null) => StrikeBand | null;
}

/**
 * One underlying's strikes as the table's chips select them, calls and puts, the spot marked.
 * Fed by a main-process query over every matching strike (no row cap in the window); a reply
 * for an underlying or filter no longer on screen is dropped.
 */
export function ResultsChart(props: ResultsChartProps): React.JSX.Element {
  const { runId, underlying, chips, metric } = props;
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
        if (result.ok) {
          setData({ key: JSON.stringify([runId, underlying, metric, filter]), ...result.value });
          setProblem(null);
        } else setProblem(result.error.message);
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
      {problem !== null && <p className="error">{problem}</p>}
      <StrikeChart
        title={`${underlying}: ${props.metricLabel.replace(/ %$/, '').toLowerCase()} by strike`}
        valueLabel={props.metricLabel}
        points={points}
        spot={shown?.spot ?? null}
        band={props.band?.(shown?.spot ?? null) ?? null}
      />
    </div>
  );
}
