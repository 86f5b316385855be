import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppInfo, type ProfileId } from '../../src-preload/contract';
import { registerAppHandlers } from '../ipc/app';
import { registerAuditHandlers } from '../ipc/audit';
import { registerCredentialHandlers } from '../ipc/credentials';
import { registerProfileHandlers } from '../ipc/profiles';
import { Router } from '../ipc/router';
import { registerSessionHandlers } from '../ipc/session';
import { Storage, type WriterClient } from '../storage';
import { registerRunHandlers } from '../ipc/runs';
import { registerScanHandlers } from '../ipc/scans';
import { RateLimiterRegistry, type RateLimits } from '../market/rate-limiter';
import { KITE_PACING_FILE, SharedPacing } from '../market/shared-pacing';
import { MarketSimulator } from '../market/simulator/market-simulator';
import { ScanPool } from '../scan/scan-pool';
import { ScanService } from '../scan/scan-service';
import { BrokerDirectory } from './brokers';
import { KiteConnection } from './kite-connection';
import type { FileDialogs } from './dialogs';
import { RETENTION_CHECK_INTERVAL_MS, RetentionPolicy } from './retention-policy';
import { RunsService } from './runs-service';
import { WorkspaceService } from './workspace-service';
import { registerKiteHandlers } from '../ipc/kite';
import { registerWorkspaceHandlers } from '../ipc/workspace';
import { registerJournalHandlers } from '../ipc/journal';
import { registerAgentHandlers } from '../ipc/agents';
import { createJournal, type JournalService } from '../journal';
import {
  AGENT_CHECK_INTERVAL_MS,
  createAgents,
  type AgentService,
  type AlertNotifier,
} from '../agents';
import { UserFacingError } from '../domain/errors';
import type { AuditLog } from '../vault/audit';
import type { KdfCost } from '../vault/crypto';
import type { Keychain } from '../vault/keychain';
import type { Registry, RegistryStore } from '../vault/registry';
import { openRegistry, vaultChecks } from '../vault/open-registry';
import { SecurityLog } from '../vault/security-log';
import { createStorageAuditLog } from '../vault/storage-audit';
import { Vault } from '../vault/vault';
import { WindowSession } from '../vault/window-session';
import { AppService } from './app-service';
import { RunExports } from './run-exports';
import { systemClock, type Clock } from './clock';
import { EventHub } from './events';
import { createFileLogger } from './file-logger';
import type { Logger } from './logger';
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
  /** The entry point's logger; by default Premia writes <data dir>/logs/premia.log itself. */
  readonly logger?: Logger;
  /**
   * The registry's store; electron-store in the app, conf in the data directory otherwise. Pass
   * a factory so a damaged file is recovered from its backup before the store reads it.
   */
  readonly registryStore?: RegistryStore | (() => RegistryStore);
  /** scrypt cost for new passwords (tests lower it); default N=2^17, r=8, p=1. */
  readonly kdfCost?: KdfCost;
  /** The storage writer thread's entry; the Electron build passes its compiled chunk. */
  readonly writerScript?: WorkerScript;
  /** The storage writer, already started for dataDir (the CLI's); by default Storage makes one. */
  readonly storageWriter?: WriterClient;
  /** The scan pool's worker entry; the Electron build passes its compiled chunk. */
  readonly poolScript?: WorkerScript;
  /** The built-in market's seed: same seed and instant, same market. */
  readonly simulatorSeed?: number;
  /** Opens a URL in the system browser (the Kite login page); the CLI prints it instead. */
  readonly openExternal?: (url: string) => Promise<void>;
  /** Kite's login page root; tests point it at a loopback page. */
  readonly kiteLoginRoot?: string;
  /** Kite's published limits unless a test scales them (the loopback server enforces the same). */
  readonly kiteRateLimits?: RateLimits;
  /** The audit log; by default the profiles' own databases. */
  readonly auditLog?: AuditLog;
  /** Shows a file in the system's file manager (after an export); absent outside the desktop. */
  readonly showItemInFolder?: (path: string) => void;
  /** Seconds between idle-lock checks on a real timer; 0 = only explicit vault.sessions.tick(). */
  readonly idleCheckIntervalMs?: number;
  /** Main-process file dialogs (restore, export); the Electron shell's, absent in the CLI and tests. */
  readonly dialogs?: FileDialogs;
  /**
   * Milliseconds between checks for a new day, when every profile's retention setting is applied
   * (also once at start); 0 = only explicit retention.tick() (the CLI, tests with a fake clock).
   */
  readonly retentionCheckIntervalMs?: number;
  /** Milliseconds between agent schedule checks; 0 = only explicit agents.tick() (CLI, tests). */
  readonly agentCheckIntervalMs?: number;
  /** Shows new alerts (Electron's Notification in the app; tests record them). */
  readonly notifyAlerts?: AlertNotifier;
}

export interface Premia {
  readonly dataDir: string;
  readonly router: Router;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly app: AppService;
  readonly registry: Registry;
  readonly events: EventHub;
  readonly storage: Storage;
  readonly vault: Vault;
  /** The app window's active profile (the renderer acts only on it). */
  readonly session: WindowSession;
  readonly scans: ScanService;
  readonly brokers: BrokerDirectory;
  readonly kite: KiteConnection;
  readonly workspace: WorkspaceService;
  readonly runs: RunsService;
  readonly retention: RetentionPolicy;
  readonly journal: JournalService;
  readonly runExports: RunExports;
  readonly agents: AgentService;
  close(): Promise<void>;
}

/** The demo market everyone sees on a new profile (any fixed number would do). */
export const DEFAULT_SIMULATOR_SEED = 20_260_101;

/** The caller's logger (it closes it), or Premia's own log file (closed with Premia). */
function loggerOf(options: PremiaOptions, clock: Clock): { logger: Logger; closeLogger(): void } {
  if (options.logger !== undefined) return { logger: options.logger, closeLogger: () => undefined };
  const logger = createFileLogger({ dataDir: options.dataDir, clock });
  return { logger, closeLogger: () => logger.close() };
}

export async function createPremia(options: PremiaOptions): Promise<Premia> {
  const clock = options.clock ?? systemClock;
  const { logger, closeLogger } = loggerOf(options, clock);
  await mkdir(options.dataDir, { recursive: true });

  const { registry, state } = openRegistry(
    { dataDir: options.dataDir, store: options.registryStore },
    clock.now(),
  );
  if (state.status === 'recovered') logger.warn('registry.recovered', { detail: state.detail });
  const app = new AppService({
    dataDir: options.dataDir,
    version: options.version,
    runtime: options.runtime,
    keychain: options.keychain,
    logFile: logger.file ?? null,
    extraChecks: () => vaultChecks(registry, state),
  });

  const events = new EventHub(logger);
  const storage = await Storage.open({
    dataDir: options.dataDir,
    logger,
    clock,
    ...(options.writerScript === undefined ? {} : { writerScript: options.writerScript }),
    ...(options.storageWriter === undefined ? {} : { writer: options.storageWriter }),
  });
  const securityLog = new SecurityLog(join(options.dataDir, 'security.log'));
  const vault = new Vault({
    registry,
    keychain: options.keychain,
    audit: options.auditLog ?? createStorageAuditLog(storage, securityLog),
    securityLog,
    clock,
    logger,
    kdfCost: options.kdfCost,
    idleCheckIntervalMs: options.idleCheckIntervalMs,
    deleteWorkspace: async (profileId: ProfileId) => {
      // A deleted profile's scans stop before its workspace goes.
      await scans.stopProfile(profileId);
      logger.forgetProfile?.(profileId);
      await storage.deleteProfileData(profileId);
    },
  });
  const session = new WindowSession(vault);

  // Kite's limits are per API key, so every Premia process of this OS user paces together.
  const kitePacing = new SharedPacing({ file: join(options.dataDir, KITE_PACING_FILE), logger });
  const pool = new ScanPool(options.poolScript === undefined ? {} : { script: options.poolScript });
  const brokers = new BrokerDirectory({
    credentials: (profileId) => vault.brokerCredentials(profileId),
    markTokenExpired: (profileId) => vault.markTokenExpired(profileId),
    simulator: () => new MarketSimulator({ seed: options.simulatorSeed ?? DEFAULT_SIMULATOR_SEED }),
    limiters: new RateLimiterRegistry(options.kiteRateLimits, kitePacing),
    parseInstruments: (dump, signal) => pool.parseInstruments(dump, signal),
    clock,
    logger,
  });
  const scans = new ScanService({
    storage,
    pool,
    clock,
    logger,
    events,
    access: vault,
    brokerFor: (profileId) => brokers.brokerFor(profileId),
    quotasFor: (profileId) => vault.quotas(profileId),
    audit: (profileId, entry) => vault.audit.record(profileId, entry),
  });
  // Signing out stops the profile's scans; locking does not (DESIGN: lock only drops the key).
  const stopOnSignOut = vault.sessions.onClose((profileId) => {
    brokers.forget(profileId);
    void scans.stopProfile(profileId);
  });
  // A lock (manual, idle, screen) drops the cached broker's plaintext credentials with the key.
  const forgetOnLock = vault.onLock(({ profileId }) => brokers.forget(profileId));

  const journal = createJournal({
    storage,
    brokerFor: (id) => brokers.brokerFor(id),
    audit: (id, entry) => vault.audit.record(id, entry),
    clock,
    logger,
    parseTradebook: (id, file) => pool.parseTradebook(id, file),
  });
  const agents = createAgents({
    storage,
    scans,
    journal,
    vault,
    clock,
    logger,
    notify: options.notifyAlerts,
  });
  const agentInterval = options.agentCheckIntervalMs ?? AGENT_CHECK_INTERVAL_MS;
  const stopAgents = agentInterval > 0 ? agents.start(agentInterval) : () => undefined;
  const kite = new KiteConnection({
    vault,
    brokers,
    logger,
    afterLogin: (profileId) => {
      journal.syncInBackground(profileId);
      void agents.tick(); // a fresh token resumes paused agents now, not at the next check
    },
    openExternal:
      options.openExternal ??
      (() =>
        Promise.reject(new UserFacingError('BROKER_ERROR', 'This Premia cannot open a browser.'))),
    ...(options.kiteLoginRoot === undefined ? {} : { loginRoot: options.kiteLoginRoot }),
  });

  const workspace = new WorkspaceService(storage, vault, options.dialogs);
  const runs = new RunsService({ storage, audit: vault.audit, access: vault });
  const retention = new RetentionPolicy({
    storage,
    profiles: () => vault.profiles.list().map((profile) => profile.id),
    audit: vault.audit,
    clock,
    logger,
  });
  const retentionInterval = options.retentionCheckIntervalMs ?? RETENTION_CHECK_INTERVAL_MS;
  const stopRetention =
    retentionInterval > 0 ? retention.start(retentionInterval) : () => undefined;

  const router = new Router({
    allowedOrigins: options.allowedOrigins,
    logger,
    admit: (channel, sender) => session.admitWindow(channel, sender.windowId),
  });
  registerAppHandlers(router, app);
  registerProfileHandlers(router, vault, session);
  registerSessionHandlers(router, vault, session);
  registerCredentialHandlers(router, vault, session);
  registerAuditHandlers(router, vault, session);
  registerScanHandlers(router, scans, session);
  const runExports = new RunExports({
    storage,
    audit: vault.audit,
    access: vault,
    ...(options.dialogs === undefined ? {} : { dialogs: options.dialogs }),
    ...(options.showItemInFolder === undefined
      ? {}
      : { showItemInFolder: options.showItemInFolder }),
  });
  registerRunHandlers(router, runs, session, runExports);
  registerKiteHandlers(router, kite, session);
  registerWorkspaceHandlers(router, workspace, session);
  registerJournalHandlers(router, journal, session);
  registerAgentHandlers(router, agents, session);

  let closed = false;
  return {
    dataDir: options.dataDir,
    router,
    logger,
    clock,
    app,
    registry,
    events,
    storage,
    vault,
    session,
    scans,
    brokers,
    kite,
    workspace,
    runs,
    retention,
    journal,
    runExports,
    agents,
    async close() {
      if (closed) return;
      closed = true;
      stopOnSignOut();
      forgetOnLock();
      stopRetention();
      await retention.idle();
      stopAgents();
      await agents.close();
      await scans.close();
      await pool.close();
      kitePacing.close();
      vault.close();
      await storage.close();
      logger.debug('premia.closed');
      closeLogger();
    },
  };
}
