import type { ScanProgress } from '../../src-preload/contract/domains/scans';
import type { RunSummary } from '../storage/records';
import type { ResultRecord } from '../storage/results-query';
import type { CliIo } from './io';

export type OutputFormat = 'table' | 'csv' | 'json';

// Made on first use: building a locale's format loads ICU data, which a command that prints no
// rupee amount should not wait for.
let inrFormat: Intl.NumberFormat | undefined;
const inr = {
  format: (value: number): string =>
    (inrFormat ??= new Intl.NumberFormat('en-IN', {
      maximumFractionDigits: 2,
      minimumFractionDigits: 2,
    })).format(value),
};
const num = (value: number | null, digits = 2): string =>
  value === null ? '—' : value.toFixed(digits);
/** A rupee amount in Indian digit groups, two decimals; — for none. */
export const rupees = (value: number | null): string =>
  value === null ? '—' : `₹${inr.format(value)}`;

/** A progress bar on a terminal, plain lines (one per phase, then every 10 %) otherwise. */
export function progressPrinter(io: CliIo): (progress: ScanProgress) => void {
  const tty = io.stdout.isTTY === true;
  let lastLine = '';
  let lastDecile = -1;
  return (progress) => {
    const fraction = progress.optionsTotal === 0 ? 0 : progress.optionsDone / progress.optionsTotal;
    const eta = progress.etaSeconds === null ? '' : ` ETA ${progress.etaSeconds}s`;
    const counts = `${progress.underlyingsDone}/${progress.underlyingsTotal} underlyings, ${progress.optionsDone}/${progress.optionsTotal} options, ${progress.apiCalls} API calls`;
    if (tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      io.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.phase.padEnd(11)} ${counts}${eta}   `,
      );
      if (progress.phase === 'done') io.stderr.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    const line = `${progress.phase}: ${counts}${eta}`;
    if (
      progress.phase !== lastLine.split(':')[0] ||
      decile !== lastDecile ||
      progress.phase === 'done'
    ) {
      if (line !== lastLine) io.stderr.write(`scan ${line}\n`);
      lastLine = line;
      lastDecile = decile;
    }
  };
}

const COLUMNS: readonly { title: string; cell: (row: ResultRecord) => string }[] = [
  { title: 'Symbol', cell: (row) => row.tradingsymbol },
  { title: 'Type', cell: (row) => row.optionType },
  { title: 'Strike', cell: (row) => rupees(row.strike) },
  { title: 'Spot', cell: (row) => rupees(row.spot) },
  {
    title: 'Premium',
    cell: (row) => `${rupees(row.premium)}${row.stale === true ? ' stale' : ''}`,
  },
  { title: 'OTM %', cell: (row) => num(row.otmPct) },
  { title: 'Yield %', cell: (row) => num(row.yieldPct) },
  { title: 'Ann. %', cell: (row) => num(row.annualizedYieldPct) },
  { title: 'IV %', cell: (row) => num(row.iv, 1) },
  { title: 'Delta', cell: (row) => num(row.delta) },
  { title: 'Margin/lot', cell: (row) => rupees(row.marginPerLot) },
  { title: 'RoM %', cell: (row) => num(row.romPct) },
  { title: 'Ann. RoM %', cell: (row) => num(row.annualizedRomPct) },
  { title: 'P(OTM) %', cell: (row) => num(row.probOtmPct, 1) },
  { title: '₹/lot', cell: (row) => rupees(row.premiumPerLot) },
  { title: 'OI', cell: (row) => String(row.oi) },
];

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatResults(rows: readonly ResultRecord[], format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const keys = Object.keys(rows[0] ?? {}) as (keyof ResultRecord)[];
    const lines = rows.map((row) =>
      keys.map((key) => csvCell(row[key] === null ? '' : String(row[key]))).join(','),
    );
    return `${[keys.join(','), ...lines].join('\n')}\n`;
  }
  const cells = rows.map((row) => COLUMNS.map((column) => column.cell(row)));
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.title.length, ...cells.map((line) => line[index]?.length ?? 0)),
  );
  const render = (line: readonly string[]): string =>
    line
      .map((cell, index) =>
        index < 2 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ');
  return `${[render(COLUMNS.map((column) => column.title)), ...cells.map(render)].join('\n')}\n`;
}

export function describeRun(run: RunSummary, databasePath: string): string {
  const lines = [
    `Run #${run.id} ${run.status} (${run.source}), expiry ${run.expiry ?? '—'}: ${run.underlyingsTotal} underlyings, ${run.rowsWritten} options stored, ${run.rowsPassing} pass the filters, ${run.apiCalls} API calls.`,
  ];
  const byExpiry = new Map<string, number>();
  for (const expiry of Object.values(run.expiries))
    byExpiry.set(expiry, (byExpiry.get(expiry) ?? 0) + 1);
  if (byExpiry.size > 0)
    lines.push(
      `Expiries used: ${[...byExpiry].map(([expiry, count]) => `${expiry} (${count} underlyings)`).join(', ')}.`,
    );
  const { basis, rate } = run.model;
  if (typeof basis === 'string' && typeof rate === 'number')
    lines.push(
      `Priced on the ${basis}, Black-76 on the forward, r = ${(rate * 100).toFixed(2)} %.`,
    );
  if (run.unmatched.length > 0) lines.push(`Unknown symbols: ${run.unmatched.join('; ')}`);
  for (const error of run.errors.slice(0, 10))
    lines.push(`  ${error.underlying ?? 'scan'}: ${error.message}`);
  if (run.errors.length > 10) lines.push(`  … and ${run.errors.length - 10} more problems`);
  if (run.errorSummary !== null) lines.push(run.errorSummary);
  lines.push(`Stored in ${databasePath}`);
  return `${lines.join('\n')}\n`;
}
