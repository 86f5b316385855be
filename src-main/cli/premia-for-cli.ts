import { createPremia, type Premia } from '../app/create-premia';
import { createStreamLogger } from '../app/logger';
import { readPackageVersion } from '../app/package-info';
import { createKeytarKeychain } from '../vault/keychain';
import type { CliIo, GlobalOptions } from './io';

/** The CLI's Premia: same services as the app, with the real keychain and logs on stderr. */
export function openPremia(globals: GlobalOptions, io: CliIo): Promise<Premia> {
  const level = io.env.PREMIA_LOG_LEVEL === 'debug' ? 'debug' : 'warn';
  return createPremia({
    dataDir: globals.dataDir,
    keychain: createKeytarKeychain(),
    version: readPackageVersion(),
    runtime: 'node',
    allowedOrigins: [],
    logger: createStreamLogger(io.stderr, level),
  });
}
