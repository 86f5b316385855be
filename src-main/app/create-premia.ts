import { mkdir } from 'node:fs/promises';
import type { AppInfo } from '../../src-preload/contract';
import { registerAppHandlers } from '../ipc/app';
import { registerProfileHandlers } from '../ipc/profiles';
import { Router } from '../ipc/router';
import { Storage } from '../storage';
import type { Keychain } from '../vault/keychain';
import { createConfStore, Registry, type RegistryStore } from '../vault/registry';
import { AppService } from './app-service';
import { systemClock, type Clock } from './clock';
import { createStreamLogger, type Logger } from './logger';
import type { WorkerScript } from './worker-script';

/**
 * Everything Premia needs from its platform, passed in: Electron's main entry, the CLI, the tests
 * and the browser harness each build Premia through createPremia() with their own pieces.
 */
export interface PremiaOptions {
  readonly dataDir: string;
  readonly keychain: Keychain;
  readonly version: string;
  readonly runtime: AppInfo['runtime'];
  /** Origins whose main frame may call the IPC router (the app's own page). */
  readonly allowedOrigins: readonly string[];
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** The registry's store; electron-store in the app, conf in the data directory otherwise. */
  readonly registryStore?: RegistryStore;
  /** The storage writer thread's entry; the Electron build passes its compiled chunk. */
  readonly writerScript?: WorkerScript;
}

export interface Premia {
  readonly dataDir: string;
  readonly router: Router;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly app: AppService;
  readonly registry: Registry;
  readonly storage: Storage;
  close(): Promise<void>;
}

export async function createPremia(options: PremiaOptions): Promise<Premia> {
  const logger = options.logger ?? createStreamLogger();
  const clock = options.clock ?? systemClock;
  await mkdir(options.dataDir, { recursive: true });

  const registry = new Registry(options.registryStore ?? createConfStore(options.dataDir));
  const app = new AppService({
    dataDir: options.dataDir,
    version: options.version,
    runtime: options.runtime,
    keychain: options.keychain,
  });

  const storage = await Storage.open({
    dataDir: options.dataDir,
    logger,
    clock,
    ...(options.writerScript === undefined ? {} : { writerScript: options.writerScript }),
  });

  const router = new Router({ allowedOrigins: options.allowedOrigins, logger });
  registerAppHandlers(router, app);
  registerProfileHandlers(router, registry);

  let closed = false;
  return {
    dataDir: options.dataDir,
    router,
    logger,
    clock,
    app,
    registry,
    storage,
    async close() {
      if (closed) return;
      closed = true;
      await storage.close();
      logger.debug('premia.closed');
    },
  };
}
