/**
 * Two runs of the same symbols side by side: the yield of each strike then and now. Pure, so
 * the History screen only shows what this returns.
 */

export interface ComparableRow {
  readonly underlying: string;
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly expiry: string;
  readonly annualizedYieldPct: number | null;
}

export interface StrikeChange {
  readonly underlying: string;
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly before: number | null;
  readonly after: number | null;
  /** after − before in percentage points; null unless both runs priced the strike. */
  readonly change: number | null;
}

const keyOf = (row: ComparableRow): string => `${row.underlying}|${row.optionType}|${row.strike}`;

/**
 * Matches strikes by underlying, side and strike (expiries differ between runs on different
 * days; the nearest expiry of each run is what a trader compares). Sorted by underlying, side,
 * then strike.
 */
export function compareRuns(
  before: readonly ComparableRow[],
  after: readonly ComparableRow[],
): StrikeChange[] {
  const merged = new Map<string, StrikeChange>();
  for (const row of before) {
    merged.set(keyOf(row), {
      ...pick(row),
      before: row.annualizedYieldPct,
      after: null,
      change: null,
    });
  }
  for (const row of after) {
    const earlier = merged.get(keyOf(row));
    const beforeValue = earlier?.before ?? null;
    const afterValue = row.annualizedYieldPct;
    merged.set(keyOf(row), {
      ...pick(row),
      before: beforeValue,
      after: afterValue,
      change: beforeValue === null || afterValue === null ? null : afterValue - beforeValue,
    });
  }
  return [...merged.values()]
    .filter((change) => change.before !== null || change.after !== null)
    .sort(
      (a, b) =>
        a.underlying.localeCompare(b.underlying) ||
        a.optionType.localeCompare(b.optionType) ||
        a.strike - b.strike,
    );
}

function pick(row: ComparableRow): Pick<StrikeChange, 'underlying' | 'optionType' | 'strike'> {
  return { underlying: row.underlying, optionType: row.optionType, strike: row.strike };
}

/** Two runs are comparable when they scanned at least one underlying in common. */
export function sharedUnderlyings(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((symbol) => other.has(symbol)).sort();
}
