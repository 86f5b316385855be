/** Scales and ticks for the small SVG charts; pure so tests can pin them down. */

export interface Extent {
  readonly min: number;
  readonly max: number;
}

/** Min and max of the finite values, widened so a single value still gets an axis. */
export function extentOf(values: readonly number[]): Extent | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (min > max) return null;
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/** A step of 1, 2 or 5 times a power of ten giving about `count` ticks over the extent. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * power;
}

/** Round tick values covering the extent (the extent is widened to the outer ticks). */
export function niceTicks(extent: Extent, count: number): number[] {
  const step = niceStep(extent.max - extent.min, count);
  const first = Math.floor(extent.min / step) * step;
  const last = Math.ceil(extent.max / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= last + step / 2; tick += step) {
    // Keep decimals from accumulating float error (0.30000000000000004).
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

/** Maps a value in `domain` linearly onto `range` (pixels). */
export function linearScale(domain: Extent, range: Extent): (value: number) => number {
  const span = domain.max - domain.min;
  return (value) =>
    span === 0
      ? (range.min + range.max) / 2
      : range.min + ((value - domain.min) / span) * (range.max - range.min);
}

/** An SVG path through the points in order of x; points with no value break the line. */
export function linePath(
  points: readonly { readonly x: number; readonly y: number | null }[],
): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point.y === null || !Number.isFinite(point.y)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/**
 * Every point's marker as one SVG path: a dot (circle) or a square of `size` across, centred on
 * the point; points with no value get none. One path instead of an element per strike: a chain
 * of hundreds of strikes was hundreds of elements to make, style and lay out at every redraw.
 */
export function markerPath(
  points: readonly { readonly x: number; readonly y: number | null }[],
  shape: 'circle' | 'square',
  size: number,
): string {
  const half = size / 2;
  let path = '';
  for (const point of points) {
    if (point.y === null || !Number.isFinite(point.y)) continue;
    const left = (point.x - half).toFixed(1);
    path +=
      shape === 'circle'
        ? `M${left},${point.y.toFixed(1)}a${half},${half} 0 1,0 ${size},0a${half},${half} 0 1,0 ${-size},0`
        : `M${left},${(point.y - half).toFixed(1)}h${size}v${size}h${-size}z`;
  }
  return path;
}
