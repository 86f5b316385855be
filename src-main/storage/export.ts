import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { ProfileReader } from './reader';
import type { RunSummary } from './records';
import type { ResultQuery, ResultRecord } from './results-query';
import { RESULT_COLUMNS, type ResultColumn } from './result-row';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  /** The rows the results screen shows (its filter and sort); every row when absent. */
  readonly query?: Pick<ResultQuery, 'filter' | 'sort'>;
  /** Where to write (a path the trader chose); the workspace's exports/ when absent. */
  readonly destination?: string;
  /** The trader already agreed to replace an existing file (a save dialog asks). */
  readonly replace?: boolean;
}

const CHUNK_ROWS = 5_000;
/** The largest page the results query serves; an export walks the query page by page. */
const QUERY_PAGE_ROWS = 1_000;
const IST_OFFSET_MS = 5.5 * 3_600_000;

/**
 * Decimals a number is written with: what the screen shows, so a spreadsheet gets 35.1, not the
 * binary float 35.099999999999994. Quantities are whole; delta keeps three places; every other
 * real number (prices, percentages, days, σ distances) two.
 */
function decimalsOf(column: ResultColumn): number | null {
  if (column.kind === 'int') return 0;
  if (column.key === 'delta') return 3;
  if (column.kind === 'real') return 2;
  return null;
}

function roundedNumber(column: ResultColumn, value: number): number {
  const decimals = decimalsOf(column);
  return decimals === null ? value : Number(value.toFixed(decimals));
}

/** An ISO instant as Indian time with its offset: 2026-11-20T10:30:00+05:30. */
export function istTimestamp(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const local = new Date(time + IST_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+05:30`;
}

/** A cell's value as exported: rounded numbers, IST times, 0/1 flags. */
function exportValue(column: ResultColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.kind === 'bool') return value === true ? 1 : 0;
  if (typeof value === 'number') return roundedNumber(column, value);
  if (column.key === 'quoteTime' && typeof value === 'string') return istTimestamp(value);
  return value;
}

/** The run's own times in IST too, so a reader of the file sees one time zone throughout. */
function istRun(run: RunSummary): RunSummary {
  return {
    ...run,
    startedAt: istTimestamp(run.startedAt),
    finishedAt: run.finishedAt === null ? null : istTimestamp(run.finishedAt),
  };
}

/** `strike (₹)`, `annualized_yield_pct (%)`, `underlying`: the header of one column. */
export function exportHeader(column: ResultColumn): string {
  return column.unit === null ? column.column : `${column.column} (${column.unit})`;
}

/** The CSV header line, in the stable column order (run_id first). */
export function csvHeader(): string {
  return ['run_id', ...RESULT_COLUMNS.map(exportHeader)].join(',');
}

function csvText(value: string): string {
  // A cell starting with = + - @ would run as a formula in a spreadsheet; quote it as text.
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function csvCell(column: ResultColumn, raw: unknown): string {
  const value = exportValue(column, raw);
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return csvText(String(value));
}

function csvLine(record: ResultRecord): string {
  return [
    String(record.runId),
    ...RESULT_COLUMNS.map((column) => csvCell(column, record[column.key])),
  ].join(',');
}

function jsonRow(record: ResultRecord): string {
  const ordered: Record<string, unknown> = { run_id: record.runId };
  for (const column of RESULT_COLUMNS) {
    ordered[column.column] = exportValue(column, record[column.key]);
  }
  return JSON.stringify(ordered);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * The rows of a query, page by page (offset paging, as the results screen asks): never the whole
 * run in memory. A run is finished before it is exported, so its rows do not move under the pages.
 */
function* queryInChunks(
  reader: ProfileReader,
  runId: RunSummary['id'],
  query: Pick<ResultQuery, 'filter' | 'sort'>,
): Generator<readonly ResultRecord[]> {
  for (let offset = 0; ; offset += QUERY_PAGE_ROWS) {
    const page = reader.queryResults({ ...query, runId, limit: QUERY_PAGE_ROWS, offset });
    if (page.rows.length > 0) yield page.rows;
    if (page.rows.length < QUERY_PAGE_ROWS) return;
  }
}

async function writeRows(
  stream: WriteStream,
  reader: ProfileReader,
  run: RunSummary,
  format: ExportFormat,
  query: ExportOptions['query'],
): Promise<number> {
  let rows = 0;
  const chunks =
    query === undefined
      ? reader.resultsInChunks(run.id, CHUNK_ROWS)
      : queryInChunks(reader, run.id, query);
  for (const chunk of chunks) {
    const lines = chunk.map((record, index) => {
      if (format === 'csv') return `${csvLine(record)}\r\n`;
      return `${rows + index === 0 ? '' : ',\n'}${jsonRow(record)}`;
    });
    rows += chunk.length;
    await write(stream, lines.join(''));
  }
  return rows;
}

/**
 * Writes one run to `path`: CSV (UTF-8 with a byte-order mark so spreadsheets show ₹, CRLF line
 * ends) or JSON ({ run, columns, rows } with rows as objects in column order). Written to a
 * temporary name and renamed, so a half-written export never sits in the folder.
 */
export async function writeRunExport(
  reader: ProfileReader,
  run: RunSummary,
  format: ExportFormat,
  path: string,
  query?: ExportOptions['query'],
): Promise<{ rows: number; bytes: number }> {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  try {
    const rows = await Promise.race([
      (async () => {
        if (format === 'csv') {
          await write(stream, `\uFEFF${csvHeader()}\r\n`);
          return writeRows(stream, reader, run, format, query);
        }
        const columns = [
          { name: 'run_id', unit: null },
          ...RESULT_COLUMNS.map((column) => ({ name: column.column, unit: column.unit })),
        ];
        await write(
          stream,
          `{"format":"premia-run-export","version":1,"run":${JSON.stringify(istRun(run))},`,
        );
        await write(stream, `"columns":${JSON.stringify(columns)},"rows":[\n`);
        const count = await writeRows(stream, reader, run, format, query);
        await write(stream, '\n]}\n');
        return count;
      })(),
      failed,
    ]);
    stream.end();
    await Promise.race([once(stream, 'close'), failed]);
    await rename(partial, path);
    return { rows, bytes: (await stat(path)).size };
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
