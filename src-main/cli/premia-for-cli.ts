import { createPremia, type Premia } from '../app/create-premia';
import { readPackageVersion } from '../app/package-info';
import { createKeytarKeychain, createUnavailableKeychain, type Keychain } from '../vault/keychain';
import type { CliIo, GlobalOptions } from './io';

/**
 * PREMIA_KEYCHAIN=none skips the OS keychain (a headless box whose keyring would only hang):
 * secrets are then sealed into the registry, exactly as when no keychain answers.
 */
function keychainFor(env: NodeJS.ProcessEnv): Keychain {
  if (env.PREMIA_KEYCHAIN === 'none') {
    return createUnavailableKeychain('the OS keychain is switched off (PREMIA_KEYCHAIN=none)');
  }
  return createKeytarKeychain();
}

/** The CLI's Premia: same services as the app, with the real keychain and the CLI's log file. */
export function openPremia(globals: GlobalOptions, io: CliIo): Promise<Premia> {
  const storageWriter = globals.takeWriter?.();
  return createPremia({
    ...(storageWriter === undefined ? {} : { storageWriter }),
    dataDir: globals.dataDir,
    keychain: keychainFor(io.env),
    version: readPackageVersion(),
    runtime: 'node',
    allowedOrigins: [],
    logger: globals.logger,
    // One command, one process: nothing stays signed in long enough to need the idle timer.
    idleCheckIntervalMs: 0,
    // Nor to run the daily retention pass over every profile: the app does that.
    retentionCheckIntervalMs: 0,
    // Agents run only under `premia agents serve`, which starts its own timer.
    agentCheckIntervalMs: 0,
    // A terminal has no window to open a browser from: the trader opens the login page.
    openExternal: (url) => {
      io.stderr.write(`Open this address in your browser to log in to Kite:\n  ${url}\n`);
      return Promise.resolve();
    },
  });
}

/** Opens Premia for one command and always closes it (writer thread, pool, sessions). */
export async function withPremia<T>(
  globals: GlobalOptions,
  io: CliIo,
  work: (premia: Premia) => Promise<T>,
): Promise<T> {
  const premia = await openPremia(globals, io);
  try {
    return await work(premia);
  } finally {
    await premia.close();
  }
}
