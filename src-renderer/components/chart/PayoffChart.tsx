import { formatInrWhole, formatNumber } from '../../format';
import { extentOf, linePath, linearScale, niceTicks } from './chart-scale';
import { payoffPrices, shortBreakeven, shortPayoff, type ShortLot } from './payoff';

interface PayoffChartProps {
  readonly lot: ShortLot;
  /** Where the underlying is expected to settle under the model: the forward. */
  readonly centre: number;
  /** F·σ·√T; the band centre ± this is shaded. Null when no volatility fits. */
  readonly expectedMove: number | null;
  readonly title: string;
}

const WIDTH = 480;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 16, bottom: 30, left: 70 };

/**
 * P&L at expiry of one short lot against the settlement price, with the break-even and the
 * expected-move band marked. Plain SVG: no chart library.
 */
export function PayoffChart({
  lot,
  centre,
  expectedMove,
  title,
}: PayoffChartProps): React.JSX.Element {
  const prices = payoffPrices(lot, centre, expectedMove);
  const pnl = prices.map((price) => shortPayoff(lot, price));
  const xDomain = extentOf(prices) ?? { min: 0, max: 1 };
  const yExtent = extentOf([...pnl, 0]) ?? { min: -1, max: 1 };
  const yTicks = niceTicks(yExtent, 4);
  const yDomain = { min: yTicks[0] ?? yExtent.min, max: yTicks[yTicks.length - 1] ?? yExtent.max };
  const x = linearScale(xDomain, { min: MARGIN.left, max: WIDTH - MARGIN.right });
  const y = linearScale(yDomain, { min: HEIGHT - MARGIN.bottom, max: MARGIN.top });
  const breakeven = shortBreakeven(lot);
  const path = linePath(prices.map((price, i) => ({ x: x(price), y: y(pnl[i] ?? 0) })));
  const band =
    expectedMove !== null && expectedMove > 0
      ? {
          from: x(Math.max(xDomain.min, centre - expectedMove)),
          to: x(Math.min(xDomain.max, centre + expectedMove)),
        }
      : null;
  const maxProfit = lot.premium * lot.lotSize;
  const description =
    `Short one lot of ${formatNumber(lot.lotSize)}: at most ${formatInrWhole(maxProfit)} profit ` +
    `(the premium), break-even at ${formatNumber(breakeven, 2)}` +
    (band === null
      ? '.'
      : `, expected move ${formatNumber(centre - (expectedMove ?? 0), 0)}–${formatNumber(centre + (expectedMove ?? 0), 0)}.`);
  return (
    <figure className="payoff-chart strike-chart">
      <figcaption>{title}</figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}. ${description}`}
      >
        {band !== null && (
          <rect
            className="payoff-band"
            x={band.from}
            y={MARGIN.top}
            width={Math.max(0, band.to - band.from)}
            height={HEIGHT - MARGIN.top - MARGIN.bottom}
          >
            <title>Expected move ± F·σ·√T</title>
          </rect>
        )}
        <g className="chart-grid">
          {yTicks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end">
                {formatInrWhole(tick)}
              </text>
            </g>
          ))}
          {niceTicks(xDomain, 5)
            .filter((tick) => tick >= xDomain.min && tick <= xDomain.max)
            .map((tick) => (
              <text key={tick} x={x(tick)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle">
                {formatNumber(tick)}
              </text>
            ))}
        </g>
        <line
          className="payoff-zero"
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={y(0)}
          y2={y(0)}
        />
        <line
          className="chart-spot"
          x1={x(centre)}
          x2={x(centre)}
          y1={MARGIN.top}
          y2={HEIGHT - MARGIN.bottom}
        />
        <line
          className="payoff-breakeven"
          x1={x(breakeven)}
          x2={x(breakeven)}
          y1={MARGIN.top}
          y2={HEIGHT - MARGIN.bottom}
        >
          <title>Break-even {formatNumber(breakeven, 2)}</title>
        </line>
        <path className="payoff-line" d={path} />
      </svg>
      <p className="chart-legend">
        <span className="legend-call">— P&amp;L at expiry</span>
        <span className="legend-breakeven">| break-even {formatNumber(breakeven, 2)}</span>
        {band !== null && <span className="legend-band">▮ expected move</span>}
        <span className="legend-spot">┆ forward {formatNumber(centre, 2)}</span>
      </p>
    </figure>
  );
}
