import { describe, expect, it } from 'vitest';
import {
  extentOf,
  linePath,
  markerPath,
  linearScale,
  niceTicks,
} from '../../src-renderer/components/chart/chart-scale';

describe('chart scales', () => {
  it('finds the extent of the finite values and widens a single value', () => {
    expect(extentOf([22_000, 21_500, Number.NaN, 23_100])).toEqual({ min: 21_500, max: 23_100 });
    expect(extentOf([2])).toEqual({ min: 1.9, max: 2.1 });
    expect(extentOf([0])).toEqual({ min: -1, max: 1 });
    expect(extentOf([Number.NaN])).toBeNull();
  });

  it('puts ticks on round strikes and percentages', () => {
    expect(niceTicks({ min: 21_530, max: 23_080 }, 5)).toEqual([
      21_500, 22_000, 22_500, 23_000, 23_500,
    ]);
    expect(niceTicks({ min: 0.12, max: 0.93 }, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('maps values linearly, flipping for the SVG y axis', () => {
    const y = linearScale({ min: 0, max: 10 }, { min: 200, max: 0 });
    expect(y(0)).toBe(200);
    expect(y(2.5)).toBe(150);
    expect(linearScale({ min: 5, max: 5 }, { min: 0, max: 100 })(5)).toBe(50);
  });

  it('breaks the line where a strike has no value', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5, y: 12 },
        { x: 10, y: null },
        { x: 15, y: 8 },
        { x: 20, y: 9 },
      ]),
    ).toBe('M0.0,10.0L5.0,12.0M15.0,8.0L20.0,9.0');
  });

  it('marks each point with a value, as dots or squares centred on it', () => {
    const points = [
      { x: 10, y: 20 },
      { x: 30, y: null },
      { x: 50, y: 40 },
    ];
    // A dot: two half-circle arcs from its left edge, across and back.
    expect(markerPath(points, 'circle', 4)).toBe(
      'M8.0,20.0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0M48.0,40.0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0',
    );
    expect(markerPath(points, 'square', 4)).toBe('M8.0,18.0h4v4h-4zM48.0,38.0h4v4h-4z');
    expect(markerPath([{ x: 1, y: null }], 'square', 4)).toBe('');
  });
});
