import type { RunError } from '../storage/records';

export interface ScanVerdict {
  readonly status: 'completed' | 'failed';
  readonly errorSummary: string | null;
  /** Underlyings that produced rows vs. those that failed (0/0 when nothing matched). */
  readonly succeeded: number;
  readonly failed: number;
}

/**
 * What a scan that ran to its end amounts to. No underlying succeeded: the scan failed (a script
 * must not read an empty run as success). Some failed: it completed, and its summary says how
 * many did not, so the list of rows is not mistaken for the whole watchlist.
 */
export function judgeScan(input: {
  readonly attempted: readonly string[];
  readonly errors: readonly RunError[];
  readonly unmatched: readonly string[];
}): ScanVerdict {
  const failedNames = new Set(
    input.errors.flatMap((error) => (error.underlying === null ? [] : [error.underlying])),
  );
  const attempted = new Set(input.attempted);
  const failed = [...attempted].filter((name) => failedNames.has(name)).length;
  const succeeded = attempted.size - failed;
  if (attempted.size === 0) {
    return {
      status: 'failed',
      errorSummary:
        input.unmatched.length > 0
          ? 'None of the symbols is an F&O underlying today.'
          : 'There was nothing to scan.',
      succeeded,
      failed,
    };
  }
  if (succeeded === 0) {
    const first = input.errors.find((error) => error.underlying !== null);
    return {
      status: 'failed',
      errorSummary: `No underlying could be scanned (${attempted.size} failed${first === undefined ? '' : `; first: ${first.underlying ?? ''} ${first.message}`}).`,
      succeeded,
      failed,
    };
  }
  return {
    status: 'completed',
    errorSummary:
      failed === 0
        ? null
        : `Completed with failures: ${failed} of ${attempted.size} underlyings failed; the rest are stored.`,
    succeeded,
    failed,
  };
}
