/**
 * Tradebook parsing as a pool task: a 200,000-row file is a second or more of CPU that would
 * otherwise block the main process (and every IPC answer) while it runs, and several files
 * parse side by side on the pool's threads. The columns come back by transfer, not by copy;
 * a refused file comes back as its message (errors do not cross threads with their class).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { ImportFile } from '../../src-preload/contract/domains/journal';
import { UserFacingError } from '../domain/errors';
import { tradeTransferList } from '../storage/trade-columns';
import type { TradebookTaskResult } from './tradebook-result';
import { parseTradebookFile } from './tradebook-file';

export default function tradebookTask(file: ImportFile): unknown {
  try {
    const parsed = parseTradebookFile(file);
    const result: TradebookTaskResult = { ok: true, parsed };
    return move({
      [transferableSymbol]: tradeTransferList(parsed.trades),
      [valueSymbol]: result,
    });
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    const refused: TradebookTaskResult = { ok: false, message: error.message, extra: error.extra };
    return refused;
  }
}
