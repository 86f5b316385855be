/**
 * The piscina pool's worker entry: pure CPU tasks only (no database, no network). One default
 * export dispatching on the task kind, so one pool serves every kind of task.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { ImportFile } from '../../src-preload/contract/domains/journal';
import tradebookTask from '../journal/tradebook-task';
import instrumentsTask, { type InstrumentsTaskInput } from '../market/instruments-task';
import {
  computeMetricsBatch,
  resultTransferList,
  type ComputeMetricsInput,
} from './compute-metrics';
import { withoutQuoteTexts } from './quote-batch';

export type PoolTask =
  | { readonly kind: 'computeMetrics'; readonly input: ComputeMetricsInput }
  | { readonly kind: 'parseInstruments'; readonly dump: InstrumentsTaskInput }
  | { readonly kind: 'parseTradebook'; readonly file: ImportFile };

export default function runPoolTask(task: PoolTask): unknown {
  switch (task.kind) {
    case 'computeMetrics': {
      const batch = computeMetricsBatch(task.input);
      // Hand the typed arrays back by transfer, not by copy; the quote's texts stay with main.
      return move({
        [transferableSymbol]: resultTransferList(batch),
        [valueSymbol]: withoutQuoteTexts(batch),
      });
    }
    case 'parseInstruments':
      return instrumentsTask(task.dump);
    case 'parseTradebook':
      return tradebookTask(task.file);
  }
}
