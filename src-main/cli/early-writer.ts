// Straight from its module, not the storage index: this runs before the command loads, and the
// index would load all of storage (and zod) first.
import { createWriterClient, type WriterClient } from '../storage/writer-client';
import type { Logger } from '../app/logger';

/**
 * The storage writer of a profile command, started before the command's code is loaded. Every
 * profile command waits for the writer thread before its first read (the thread opens and
 * migrates the profile database, and writes the audited sign-in); started here, the thread loads
 * SQLite and its code on the other core while main loads the command, instead of after it.
 */
export interface EarlyWriter {
  /** The writer, once: the first Premia the command opens owns and closes it. */
  take(): WriterClient | undefined;
  /** Stops the writer if no Premia took it (a usage error, a command that failed early). */
  release(): Promise<void>;
}

export function startEarlyWriter(dataDir: string, logger: Logger): EarlyWriter {
  const writer = createWriterClient({ dataDir, logger });
  writer.warm();
  let taken = false;
  return {
    take() {
      if (taken) return undefined;
      taken = true;
      return writer;
    },
    async release() {
      if (!taken) {
        taken = true;
        await writer.close();
      }
    },
  };
}
