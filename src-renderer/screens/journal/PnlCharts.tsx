import type { JournalSummary } from '../../../src-preload/contract';
import { formatInrWhole } from '../../format';

type Day = JournalSummary['days'][number];
const DAY_MS = 86_400_000;
const CELL = 14;

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/** Green for a profit, red for a loss, stronger the further from zero (relative to the largest). */
function shade(net: number, largest: number): string {
  if (net === 0 || largest === 0) return 'var(--panel-2)';
  const strength = 0.25 + 0.75 * Math.min(1, Math.abs(net) / largest);
  const color = net > 0 ? 'var(--ok)' : 'var(--error)';
  return `color-mix(in srgb, ${color} ${Math.round(strength * 100)}%, transparent)`;
}

/**
 * A calendar of daily net P&L: one column per week (Monday first), one square per weekday, over
 * at most the last 26 weeks. Each square names its day and amount for screen readers.
 */
export function PnlCalendar({ days }: { days: readonly Day[] }): React.JSX.Element {
  const last = days.at(-1);
  if (last === undefined) return <p className="muted">No realized P&L yet.</p>;
  const end = dayNumber(last.key);
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  const monday = (n: number): number => n - ((n + 3) % 7);
  const first = dayNumber(days[0]?.key ?? last.key);
  const start = Math.max(monday(first), monday(end) - 25 * 7);
  const shown = days.filter((d) => dayNumber(d.key) >= start);
  const largest = Math.max(...shown.map((d) => Math.abs(d.netPnl)));
  const weeks = Math.ceil((end - start + 1) / 7);
  return (
    <svg
      className="pnl-calendar"
      role="img"
      aria-label="Daily net P&L calendar"
      width={weeks * (CELL + 2) + 2}
      height={5 * (CELL + 2) + 2}
    >
      {shown.map((d) => {
        const n = dayNumber(d.key) - start;
        const weekday = n % 7;
        if (weekday > 4) return null;
        return (
          <rect
            key={d.key}
            data-day={d.key}
            x={1 + Math.floor(n / 7) * (CELL + 2)}
            y={1 + weekday * (CELL + 2)}
            width={CELL}
            height={CELL}
            rx={2}
            fill={shade(d.netPnl, largest)}
          >
            <title>{`${d.key}: ${formatInrWhole(d.netPnl)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

const WIDTH = 560;
const HEIGHT = 180;
const PAD = 36;

/** Cumulative net P&L by trading day, with the zero line; no chart library needed. */
export function CumulativeChart({ days }: { days: readonly Day[] }): React.JSX.Element | null {
  if (days.length === 0) return null;
  const values = days.map((d) => d.cumulativeNetPnl);
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const x = (i: number): number =>
    PAD + (days.length === 1 ? 0 : (i / (days.length - 1)) * (WIDTH - 2 * PAD));
  const y = (v: number): number => 10 + ((top - v) / span) * (HEIGHT - 30);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const final = values.at(-1) ?? 0;
  return (
    <svg
      className="chart-svg"
      role="img"
      aria-label={`Cumulative net P&L, ending at ${formatInrWhole(final)}`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <line x1={PAD} x2={WIDTH - PAD} y1={y(0)} y2={y(0)} stroke="var(--border)" />
      <text className="chart-tick" x={2} y={y(top) + 4}>
        {formatInrWhole(top)}
      </text>
      <text className="chart-tick" x={2} y={y(bottom) + 4}>
        {formatInrWhole(bottom)}
      </text>
      <polyline
        fill="none"
        stroke={final >= 0 ? 'var(--ok)' : 'var(--error)'}
        strokeWidth={2}
        points={points}
      />
      <text className="chart-tick" x={PAD} y={HEIGHT - 4}>
        {days[0]?.key}
      </text>
      <text className="chart-tick" x={WIDTH - PAD} y={HEIGHT - 4} textAnchor="end">
        {days.at(-1)?.key}
      </text>
    </svg>
  );
}
