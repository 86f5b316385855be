import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { ProfileReader } from './reader';
import type { RunSummary } from './records';
import type { ResultRecord } from './results-query';
import { RESULT_COLUMNS, type ResultColumn } from './result-row';

export type ExportFormat = 'csv' | 'json';

const CHUNK_ROWS = 5_000;

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

function csvCell(column: ResultColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'bool') return value === true ? '1' : '0';
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
    const value = record[column.key];
    ordered[column.column] =
      column.kind === 'bool' && value !== null ? (value === true ? 1 : 0) : value;
  }
  return JSON.stringify(ordered);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function writeRows(
  stream: WriteStream,
  reader: ProfileReader,
  run: RunSummary,
  format: ExportFormat,
): Promise<number> {
  let rows = 0;
  for (const chunk of reader.resultsInChunks(run.id, CHUNK_ROWS)) {
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
): Promise<{ rows: number; bytes: number }> {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  try {
    const rows = await Promise.race([
      (async () => {
        if (format === 'csv') {
          await write(stream, `\uFEFF${csvHeader()}\r\n`);
          return writeRows(stream, reader, run, format);
        }
        const columns = [
          { name: 'run_id', unit: null },
          ...RESULT_COLUMNS.map((column) => ({ name: column.column, unit: column.unit })),
        ];
        await write(
          stream,
          `{"format":"premia-run-export","version":1,"run":${JSON.stringify(run)},`,
        );
        await write(stream, `"columns":${JSON.stringify(columns)},"rows":[\n`);
        const count = await writeRows(stream, reader, run, format);
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
