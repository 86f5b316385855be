import { useId, useState } from 'react';
import { formatNumber, formatPct, formatPrice } from '../../format';
import { extentOf, linePath, linearScale, markerPath, niceTicks } from './chart-scale';

export type OptionSide = 'call' | 'put';

export interface StrikePoint {
  readonly strike: number;
  readonly side: OptionSide;
  /** Null where the metric could not be computed; the line breaks there. */
  readonly value: number | null;
}

interface StrikeChartProps {
  /** e.g. "NIFTY: annualized yield by strike" */
  readonly title: string;
  /** e.g. "Annualized yield %" */
  readonly valueLabel: string;
  readonly points: readonly StrikePoint[];
  /** The underlying's price, drawn as a vertical line so ITM and OTM sides are obvious. */
  readonly spot?: number | null;
  /** A shaded strike range, e.g. the expected move around the forward. */
  readonly band?: StrikeBand | null;
  readonly formatValue?: (value: number) => string;
}

export interface StrikeBand {
  readonly low: number;
  readonly high: number;
  /** e.g. "Expected move ±1σ" */
  readonly label: string;
}

/** Axis labels stay short: 1,500%, 12.5%, 0.25%. */
function axisPct(value: number): string {
  const magnitude = Math.abs(value);
  return formatPct(value, { decimals: magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2 });
}

const WIDTH = 520;
const HEIGHT = 180;
const MARGIN = { top: 12, right: 28, bottom: 34, left: 60 };
const SIDES: readonly { readonly side: OptionSide; readonly label: string }[] = [
  { side: 'call', label: 'Calls' },
  { side: 'put', label: 'Puts' },
];

function seriesOf(points: readonly StrikePoint[], side: OptionSide): StrikePoint[] {
  return points.filter((point) => point.side === side).sort((a, b) => a.strike - b.strike);
}

/** One sentence per series for screen readers: how many strikes, and the range of the metric. */
function describeSeries(
  label: string,
  series: readonly StrikePoint[],
  format: (value: number) => string,
): string {
  const priced = series.filter((point) => point.value !== null);
  const values = priced.flatMap((point) => (point.value === null ? [] : [point.value]));
  const first = priced[0];
  const last = priced[priced.length - 1];
  if (first === undefined || last === undefined || values.length === 0) {
    return `${label}: no data.`;
  }
  const best = priced.reduce((top, point) =>
    (point.value ?? Number.NEGATIVE_INFINITY) > (top.value ?? Number.NEGATIVE_INFINITY)
      ? point
      : top,
  );
  // The series is sorted by strike, so its ends are the lowest and highest strikes.
  return (
    `${label}: ${priced.length} strikes from ${formatNumber(first.strike)} to ` +
    `${formatNumber(last.strike)}, ${format(Math.min(...values))} to ` +
    `${format(Math.max(...values))}, highest at strike ${formatNumber(best.strike)}.`
  );
}

/**
 * A metric (yield %, OTM %) against strike with calls and puts as two series, told apart by
 * shape and dash as well as colour. A text summary and a data table carry the same facts.
 */
export function StrikeChart(props: StrikeChartProps): React.JSX.Element {
  const { title, valueLabel, points, spot, band } = props;
  const format = props.formatValue ?? ((value: number) => formatPct(value));
  const id = useId();
  // The data table's rows exist while it is open: closed, a screen reader cannot reach them
  // either, and a chain of hundreds of strikes re-drawn on every chip would be DOM for nothing.
  const [tableOpen, setTableOpen] = useState(false);
  const strikeExtent = extentOf([
    ...points.map((point) => point.strike),
    spot ?? Number.NaN,
    band?.low ?? Number.NaN,
    band?.high ?? Number.NaN,
  ]);
  const valueExtent = extentOf(
    points.flatMap((point) => (point.value === null ? [] : [point.value])),
  );
  const series = SIDES.map(({ side, label }) => ({ side, label, points: seriesOf(points, side) }));
  const description = [
    ...series.map((s) => describeSeries(s.label, s.points, format)),
    ...(band === null || band === undefined
      ? []
      : [`${band.label}: strikes ${formatNumber(band.low)} to ${formatNumber(band.high)}.`]),
  ].join(' ');

  return (
    <figure className="strike-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      {strikeExtent === null || valueExtent === null ? (
        <p className="muted">No strikes to draw with these filters.</p>
      ) : (
        <ChartSvg
          id={id}
          title={title}
          description={description}
          valueLabel={valueLabel}
          series={series}
          strikeTicks={niceTicks(strikeExtent, 5)}
          valueTicks={niceTicks(valueExtent, 4)}
          spot={spot ?? null}
          band={band ?? null}
          format={format}
          formatAxis={props.formatValue ?? axisPct}
        />
      )}
      <Legend band={band?.label ?? null} />
      <details className="chart-data" onToggle={(event) => setTableOpen(event.currentTarget.open)}>
        <summary>Data table</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Strike</th>
              <th scope="col">Side</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {tableOpen &&
              series.flatMap((s) =>
                s.points.map((point) => (
                  <tr key={`${s.side}-${point.strike}`}>
                    <td>{formatNumber(point.strike, 2)}</td>
                    <td>{s.label}</td>
                    <td>{point.value === null ? '—' : format(point.value)}</td>
                  </tr>
                )),
              )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function Legend({ band }: { band: string | null }): React.JSX.Element {
  return (
    <p className="chart-legend" aria-hidden="true">
      <span className="legend-call">● Calls</span>
      <span className="legend-put">■ Puts</span>
      <span className="legend-spot">┆ Spot</span>
      {band !== null && <span className="legend-band">▒ {band}</span>}
    </p>
  );
}

interface ChartSvgProps {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly valueLabel: string;
  readonly series: readonly { side: OptionSide; label: string; points: StrikePoint[] }[];
  readonly strikeTicks: readonly number[];
  readonly valueTicks: readonly number[];
  readonly spot: number | null;
  readonly band: StrikeBand | null;
  readonly format: (value: number) => string;
  readonly formatAxis: (value: number) => string;
}

function ChartSvg(props: ChartSvgProps): React.JSX.Element {
  const { id, strikeTicks, valueTicks, spot, band } = props;
  const x = linearScale(
    { min: strikeTicks[0] ?? 0, max: strikeTicks[strikeTicks.length - 1] ?? 1 },
    { min: MARGIN.left, max: WIDTH - MARGIN.right },
  );
  const y = linearScale(
    { min: valueTicks[0] ?? 0, max: valueTicks[valueTicks.length - 1] ?? 1 },
    { min: HEIGHT - MARGIN.bottom, max: MARGIN.top },
  );
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="chart-svg"
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      {valueTicks.map((tick) => (
        <g key={`v${tick}`} className="chart-grid">
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
            {props.formatAxis(tick)}
          </text>
        </g>
      ))}
      {strikeTicks.map((tick) => (
        <text
          key={`s${tick}`}
          className="chart-tick"
          x={x(tick)}
          y={HEIGHT - 18}
          textAnchor="middle"
        >
          {formatNumber(tick)}
        </text>
      ))}
      <text
        className="chart-axis-label"
        x={(MARGIN.left + WIDTH) / 2}
        y={HEIGHT - 3}
        textAnchor="middle"
      >
        Strike
      </text>
      {band !== null && Number.isFinite(band.low) && Number.isFinite(band.high) && (
        <rect
          className="chart-band"
          x={x(Math.min(band.low, band.high))}
          width={Math.abs(x(band.high) - x(band.low))}
          y={MARGIN.top}
          height={HEIGHT - MARGIN.bottom - MARGIN.top}
        />
      )}
      {spot !== null && Number.isFinite(spot) && (
        <g className="chart-spot-mark">
          <line
            className="chart-spot"
            x1={x(spot)}
            x2={x(spot)}
            y1={MARGIN.top}
            y2={HEIGHT - MARGIN.bottom}
          />
          <text className="chart-tick" x={x(spot) + 4} y={HEIGHT - MARGIN.bottom - 4}>
            Spot {formatPrice(spot)}
          </text>
        </g>
      )}
      {props.series.map((s) => {
        const at = s.points.map((p) => ({
          x: x(p.strike),
          y: p.value === null ? null : y(p.value),
        }));
        return (
          <g key={s.side} className={`chart-series chart-${s.side}`}>
            <path d={linePath(at)} />
            <path
              className="chart-markers"
              d={s.side === 'call' ? markerPath(at, 'circle', 5.2) : markerPath(at, 'square', 4.8)}
            />
          </g>
        );
      })}
    </svg>
  );
}
