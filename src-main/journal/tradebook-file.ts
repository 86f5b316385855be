import type { ImportFile } from '../../src-preload/contract/domains/journal';
import {
  parseTradebookCsv,
  parseTradebookRows,
  TradebookError,
  type ParsedTradebook,
} from './tradebook';
import { xlsxRows } from './xlsx';

/** A tradebook as handed over (CSV text, or .xlsx bytes in base64), parsed all or nothing. */
export function parseTradebookFile(file: ImportFile): ParsedTradebook {
  const isXlsx = file.name.toLowerCase().endsWith('.xlsx');
  if (!isXlsx) {
    if (file.encoding !== 'text') {
      throw new TradebookError(file.name, null, null, 'is not a .csv or .xlsx tradebook');
    }
    return parseTradebookCsv(file.name, file.contents);
  }
  const bytes = Buffer.from(file.contents, file.encoding === 'base64' ? 'base64' : 'latin1');
  return parseTradebookRows(file.name, xlsxRows(file.name, bytes));
}
