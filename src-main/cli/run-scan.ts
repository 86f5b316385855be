import {
  ScanFiltersSchema,
  ScanModelSchema,
  type ScanFiltersInput,
  type ScanModelInput,
  type ScanProgress,
} from '../../src-preload/contract/domains/scans';
import type { ProfileId } from '../../src-preload/contract';
import type { Premia } from '../app/create-premia';
import { UserFacingError } from '../domain/errors';
import type { RunSummary } from '../storage/records';
import { EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, type CliIo } from './io';
import { describeRun, formatResults, progressPrinter, type OutputFormat } from './scan-output';

export interface CliScan {
  readonly profileId: ProfileId;
  readonly symbols: readonly string[];
  readonly watchlist: string | null;
  readonly expiry: string;
  readonly filters: ScanFiltersInput;
  readonly model?: ScanModelInput;
  readonly format: OutputFormat;
  /** How many of the best passing rows to print. */
  readonly limit: number;
}

export function parseFormat(raw: string | undefined): OutputFormat {
  const format = raw ?? 'table';
  if (format !== 'table' && format !== 'csv' && format !== 'json') {
    throw new UserFacingError('BAD_INPUT', `--format is table, csv or json, not "${format}".`);
  }
  return format;
}

/** Runs a scan with progress on stderr, then prints the best rows and where the run is stored. */
export async function runScanFromCli(premia: Premia, scan: CliScan, io: CliIo): Promise<number> {
  const filters = ScanFiltersSchema.safeParse(scan.filters);
  if (!filters.success) {
    throw new UserFacingError(
      'BAD_INPUT',
      `Filter out of range: ${filters.error.issues[0]?.message ?? 'invalid'}.`,
    );
  }
  const model = ScanModelSchema.safeParse(scan.model ?? {});
  if (!model.success) {
    throw new UserFacingError(
      'BAD_INPUT',
      `Model setting out of range: ${model.error.issues[0]?.message ?? 'invalid'}.`,
    );
  }
  const print = progressPrinter(io);
  let runId: number | null = null;
  const early: ScanProgress[] = [];
  const unsubscribe = premia.events.subscribe((channel, payload, profileId) => {
    if (channel !== 'premia:event:scans.progress' || profileId !== scan.profileId) return;
    const progress = payload as ScanProgress;
    if (runId === null) early.push(progress);
    else if (progress.runId === runId) print(progress);
  });
  let summary: RunSummary;
  try {
    const started = await premia.scans.start(scan.profileId, {
      symbols: scan.symbols,
      watchlist: scan.watchlist,
      expiry: scan.expiry,
      filters: filters.data,
      model: model.data,
    });
    runId = started.runId;
    for (const progress of early) if (progress.runId === runId) print(progress);
    summary = await started.done;
  } finally {
    unsubscribe();
  }
  const page = await premia.storage.queryResults(scan.profileId, {
    runId: summary.id,
    sort: { column: 'annualizedRomPct', direction: 'desc' },
    filter: { passesFilters: true },
    limit: scan.limit,
  });
  if (page.rows.length > 0) io.stdout.write(formatResults(page.rows, scan.format));
  else io.stdout.write(scan.format === 'json' ? '[]\n' : 'No option passed the filters.\n');
  const where = premia.storage.paths(scan.profileId).database;
  (scan.format === 'table' ? io.stdout : io.stderr).write(describeRun(summary, where));
  // Completed with an error summary: some underlyings failed (the rest are stored).
  if (summary.status !== 'completed') return EXIT_FAILED;
  return summary.errorSummary === null ? EXIT_OK : EXIT_PARTIAL;
}
