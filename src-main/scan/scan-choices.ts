import {
  scanFilterProblems,
  ScanFiltersSchema,
  type ScanFilters,
  type ScanFiltersInput,
} from '../../src-preload/contract/domains/scans';
import { UserFacingError } from '../domain/errors';
import type { ExpiryInfo } from '../market/fno-universe';

/**
 * A scan's filters, or a refusal in the words the scan screen uses beside each field ("Spread %
 * at most cannot be below 0."), never a schema path: the CLI and the window read the same.
 */
export function checkedScanFilters(input: ScanFiltersInput): ScanFilters {
  const problems = scanFilterProblems(input);
  const first = problems[0];
  if (first !== undefined) {
    throw new UserFacingError('BAD_INPUT', first.message, {
      issues: problems.map((problem) => ({
        path: `filters.${problem.field}`,
        message: problem.message,
      })),
    });
  }
  return ScanFiltersSchema.parse(input);
}

/** Expiry lists of several underlyings as one, by date: options summed, underlyings counted. */
export function mergeExpiries(lists: readonly (readonly ExpiryInfo[])[]) {
  const byDate = new Map<
    string,
    { expiry: string; isMonthly: boolean; optionCount: number; underlyingCount: number }
  >();
  for (const list of lists) {
    for (const info of list) {
      const entry = byDate.get(info.expiry) ?? {
        expiry: info.expiry,
        isMonthly: false,
        optionCount: 0,
        underlyingCount: 0,
      };
      entry.isMonthly ||= info.isMonthly;
      entry.optionCount += info.optionCount;
      entry.underlyingCount += 1;
      byDate.set(info.expiry, entry);
    }
  }
  return [...byDate.values()].sort((a, b) => a.expiry.localeCompare(b.expiry));
}
