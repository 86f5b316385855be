import type { Piscina } from 'piscina';
import { BrokerError, cancelledError } from './errors';
import type { InstrumentColumns } from './instruments';
import type { InstrumentsTaskResult } from './instruments-task';
import type { InstrumentParser } from './kite-broker';

/**
 * An InstrumentParser that runs instruments-task.ts in a piscina pool: the dump's bytes are moved
 * to the worker and the columns moved back, so the main thread never parses 100k rows. The pool
 * must have been started on instruments-task.ts (see resolveWorkerScript).
 */
export function pooledInstrumentParser(pool: Pick<Piscina, 'run'>): InstrumentParser {
  return async (dump, signal): Promise<InstrumentColumns> => {
    // Copy into a buffer of its own: the transfer detaches it, and fetch's may be shared.
    const bytes = dump.slice();
    let result: InstrumentsTaskResult;
    try {
      result = (await pool.run(bytes, {
        transferList: [bytes.buffer],
        signal,
      })) as InstrumentsTaskResult;
    } catch (error) {
      if (signal.aborted) throw cancelledError();
      throw new BrokerError('general', `The instrument list could not be parsed: ${String(error)}`);
    }
    if (!result.ok) throw new BrokerError('malformed', result.message);
    return result.columns;
  };
}
