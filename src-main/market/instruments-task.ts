/**
 * Piscina task: Kite's instrument dump in (CSV text, or its bytes gzipped or not), columns out.
 * Start it with resolveWorkerScript(new URL('./instruments-task.ts', import.meta.url)).
 * The result's typed arrays are moved, not copied, back to the caller. Errors come back as
 * values so the pool never has to serialize an exception.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { InstrumentCsvError, parseInstrumentCsv, type ParsedInstruments } from './instrument-csv';
import { transferListOf } from './instruments';

export type InstrumentsTaskInput = string | Uint8Array;

export type InstrumentsTaskResult =
  ({ readonly ok: true } & ParsedInstruments) | { readonly ok: false; readonly message: string };

export function runInstrumentsTask(input: InstrumentsTaskInput): InstrumentsTaskResult {
  try {
    return { ok: true, ...parseInstrumentCsv(input) };
  } catch (error) {
    if (error instanceof InstrumentCsvError) return { ok: false, message: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The instrument list could not be read: ${detail}` };
  }
}

export default function instrumentsTask(input: InstrumentsTaskInput): unknown {
  const result = runInstrumentsTask(input);
  if (!result.ok) return result;
  return move({
    [transferableSymbol]: transferListOf(result.columns),
    [valueSymbol]: result,
  });
}
