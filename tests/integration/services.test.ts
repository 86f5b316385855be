import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia, type Premia } from '../../src-main/app/create-premia';
import { EventHub } from '../../src-main/app/events';
import { createMemoryLogger } from '../../src-main/app/logger';
import { UserFacingError } from '../../src-main/domain/errors';
import type { Broker } from '../../src-main/market/broker';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { SimulatorBroker } from '../../src-main/market/simulator-broker';
import { ScanPool } from '../../src-main/scan/scan-pool';
import { ScanService } from '../../src-main/scan/scan-service';
import { toRunId } from '../../src-main/storage/records';
import { Storage } from '../../src-main/storage/storage';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { ProfileIdSchema, type ProfileId } from '../../src-preload/contract';
import { STRONG, STRONG_B, TEST_KDF, auditTrail, tempDataDir } from '../support/vault-fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** The simulator with some calls wrapped; every other call is the simulator's own. */
function overriding(base: Broker, calls: Partial<Broker>): Broker {
  return Object.assign(Object.create(base) as Broker, calls);
}
const FRIDAY_MORNING = new Date('2026-11-20T05:00:00Z'); // 10:30 IST

async function openPremia(
  clock = createManualClock(FRIDAY_MORNING),
  dir?: string,
  retentionCheckIntervalMs = 0,
): Promise<{ premia: Premia; dir: string; clock: typeof clock }> {
  const dataDir =
    dir ??
    (() => {
      const made = tempDataDir();
      cleanups.push(made.cleanup);
      return made.dir;
    })();
  const premia = await createPremia({
    dataDir,
    keychain: createUnavailableKeychain('no Secret Service in this test'),
    version: 'test',
    runtime: 'node',
    allowedOrigins: ['file://'],
    clock,
    logger: createMemoryLogger(),
    kdfCost: TEST_KDF,
    idleCheckIntervalMs: 0,
    retentionCheckIntervalMs,
  });
  cleanups.push(() => premia.close());
  return { premia, dir: dataDir, clock };
}

async function signedIn(premia: Premia, name: string, password: string): Promise<ProfileId> {
  const profile = await premia.vault.profiles.create({ name, password });
  await premia.vault.profiles.login(profile.id, password);
  return profile.id;
}

async function storedRun(premia: Premia, profileId: ProfileId): Promise<number> {
  const runId = await premia.storage.createRun(profileId, {
    source: 'simulator',
    symbols: ['TCS'],
    expiry: '2026-11-24',
    filters: {},
  });
  await premia.storage.finishRun(profileId, runId, { status: 'completed' });
  return runId;
}

describe('services enforce access themselves (not only the window session or the CLI)', () => {
  it('runs: a locked or signed-out profile can neither read, export nor delete its runs', async () => {
    const { premia } = await openPremia();
    const asha = await signedIn(premia, 'Asha', STRONG);
    const runId = toRunId(await storedRun(premia, asha));
    await premia.vault.profiles.lock(asha);
    for (const attempt of [
      () => premia.runs.list(asha, { limit: 10 }),
      () => premia.runs.get(asha, runId),
      () => premia.runExports.export(asha, { runId, format: 'csv' }),
      () => premia.runs.delete(asha, runId),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'LOCKED' });
    await premia.vault.profiles.logout(asha);
    await expect(premia.runs.delete(asha, runId)).rejects.toBeInstanceOf(UserFacingError);
    // Nothing was deleted by the refused calls.
    expect((await premia.storage.getRun(asha, runId)).id).toBe(runId);
  });

  it('runs: an export and a deletion are audited by the service, saying where they came from', async () => {
    const { premia } = await openPremia();
    const asha = await signedIn(premia, 'Asha', STRONG);
    const runId = toRunId(await storedRun(premia, asha));
    const exported = await premia.runExports.export(asha, { runId, format: 'json' }, 'cli');
    expect(exported.path).toContain(asha);
    await premia.runs.delete(asha, runId);
    const trail = await auditTrail(premia, asha);
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual(
      expect.arrayContaining([
        ['run-exported', `Scan #${runId} exported as json (0 rows) from the command line.`],
        ['run-deleted', `Scan #${runId} deleted (0 rows).`],
      ]),
    );
  });

  it('workspace and scans: a locked profile is refused; another profile’s owner rule holds', async () => {
    const { premia } = await openPremia();
    const owner = await signedIn(premia, 'Owner', STRONG);
    const member = await signedIn(premia, 'Member', STRONG_B);
    await expect(premia.workspace.usageAll(member)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await premia.workspace.usageAll(owner)).length).toBe(2);
    await premia.vault.profiles.lock(member);
    await expect(premia.workspace.backup(member)).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(premia.workspace.setRetention(member, 5)).rejects.toMatchObject({
      code: 'LOCKED',
    });
    await expect(
      premia.scans.start(member, { symbols: ['TCS'], expiry: 'nearest' }),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(premia.scans.saveWatchlist(member, 'Banks', ['SBIN'])).rejects.toMatchObject({
      code: 'LOCKED',
    });
    expect((await premia.runs.list(owner, { limit: 5 })).runs).toEqual([]);
    expect((await premia.runs.list(owner, { limit: 5 })).runs).toEqual([]);
  });

  it('watchlists: two lists saved at the same moment both survive (writes are serialized)', async () => {
    const { premia } = await openPremia();
    const asha = await signedIn(premia, 'Asha', STRONG);
    await Promise.all([
      premia.scans.saveWatchlist(asha, 'Banks', ['SBIN', 'HDFCBANK']),
      premia.scans.saveWatchlist(asha, 'IT', ['TCS', 'INFY']),
      premia.scans.saveWatchlist(asha, 'Energy', ['RELIANCE']),
    ]);
    const [deleted] = await Promise.all([
      premia.scans.deleteWatchlist(asha, 'IT'),
      premia.scans.saveWatchlist(asha, 'Autos', ['M&M']),
    ]);
    expect(deleted).toBe(true);
    expect(await premia.scans.watchlists.saved(asha)).toEqual({
      Banks: ['SBIN', 'HDFCBANK'],
      Energy: ['RELIANCE'],
      Autos: ['M&M'],
    });
  });
});

describe('retention is a policy: at start and on each new day, by the injected clock', () => {
  it('deletes runs past the setting on the first check of a day, once per day', async () => {
    const clock = createManualClock(FRIDAY_MORNING);
    const { premia, dir } = await openPremia(clock);
    const asha = await signedIn(premia, 'Asha', STRONG);
    const old = await storedRun(premia, asha);
    // The setting saved directly: nothing applies it at save time in this test.
    await premia.storage.setSetting(asha, 'storage.retentionDays', 30);
    expect(await premia.retention.tick()).toEqual([]);
    clock.advance(31 * DAY_MS);
    const fresh = await storedRun(premia, asha);
    expect(await premia.retention.tick()).toEqual([{ profileId: asha, runsDeleted: 1 }]);
    const left = (await premia.storage.listRuns(asha, { limit: 10 })).runs.map((run) => run.id);
    expect(left).toEqual([fresh]);
    expect(left).not.toContain(old);
    const trail = await auditTrail(premia, asha);
    expect(trail.map((entry) => entry.detail)).toContainEqual(
      expect.stringContaining('older than 30 days deleted by the retention setting'),
    );
    // Later the same day: already applied, nothing is read or deleted again.
    clock.advance(60 * 60 * 1000);
    expect(await premia.retention.tick()).toEqual([]);

    // Premia started again 40 days on: the pass at start deletes the run that aged out since.
    await premia.close();
    clock.advance(40 * DAY_MS);
    const again = await openPremia(clock, dir, 3_600_000);
    await again.premia.retention.idle();
    expect((await again.premia.storage.listRuns(asha, { limit: 10 })).runs).toEqual([]);
  });
});

describe('ScanService: shared instrument download, verdicts, no unhandled rejection', () => {
  const PROFILE = ProfileIdSchema.parse('scansvc0profile1');

  async function service(
    broker: (base: SimulatorBroker) => Broker,
    storageFor: (storage: Storage) => Storage = (storage) => storage,
  ) {
    const { dir, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    const clock = createManualClock(FRIDAY_MORNING);
    const logger = createMemoryLogger();
    const storage = await Storage.open({ dataDir: dir, logger, clock });
    const pool = new ScanPool({ threads: 1 });
    const base = new SimulatorBroker({ simulator: new MarketSimulator({ seed: 11 }), clock });
    const scans = new ScanService({
      storage: storageFor(storage),
      pool,
      clock,
      logger,
      events: new EventHub(logger),
      access: { requireUnlocked: () => undefined },
      brokerFor: () => Promise.resolve(broker(base)),
      quotasFor: () => ({ maxSymbolsPerScan: 50, maxParallelScans: 4, workspaceBytes: 2 ** 31 }),
      audit: async () => undefined,
    });
    cleanups.push(async () => {
      await scans.close();
      await pool.close();
      await storage.close();
    });
    return { scans, logger, storage };
  }

  it('two scans started together cause one instrument download', async () => {
    let downloads = 0;
    const { scans } = await service((base) =>
      overriding(base, {
        instruments: async (request, signal) => {
          downloads += 1;
          // Slow enough that the second scan asks while the first download is under way.
          await new Promise((resolve) => setTimeout(resolve, 50));
          return base.instruments(request, signal);
        },
      }),
    );
    const [first, second] = await Promise.all([
      scans.start(PROFILE, { symbols: ['TCS'], expiry: 'nearest' }),
      scans.start(PROFILE, { symbols: ['INFY'], expiry: 'nearest' }),
    ]);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(downloads).toBe(1);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    // Only the scan that started the download counts it among its API calls. Each scan also
    // asks for the margins of its passing rows: one request (the Seller filter keeps 3 rows).
    expect(a.apiCalls + b.apiCalls).toBe(
      1 + 2 + Math.ceil(a.optionsTotal / 500) + Math.ceil(b.optionsTotal / 500) + 2,
    );
  });

  it('no underlying priced: the scan fails; some not priced: it completes and says how many failed', async () => {
    let dropped = new Set<string>();
    const { scans } = await service((base) =>
      overriding(base, {
        ltp: async (keys, signal) => {
          const prices = await base.ltp(keys, signal);
          for (const key of dropped) prices.delete(key);
          return prices;
        },
      }),
    );
    dropped = new Set(['NSE:TCS', 'NSE:INFY']);
    const none = await (
      await scans.start(PROFILE, { symbols: ['TCS', 'INFY'], expiry: 'nearest' })
    ).done;
    expect(none.status).toBe('failed');
    expect(none.errorSummary).toMatch(/No underlying could be scanned \(2 failed/);
    dropped = new Set(['NSE:TCS']);
    const some = await (
      await scans.start(PROFILE, { symbols: ['TCS', 'INFY'], expiry: 'nearest' })
    ).done;
    expect(some.status).toBe('completed');
    expect(some.errorSummary).toBe(
      'Completed with failures: 1 of 2 underlyings failed; the rest are stored.',
    );
    expect(some.rowsWritten).toBeGreaterThan(0);
    const unknown = await (
      await scans.start(PROFILE, { symbols: ['NOTASTOCK'], expiry: 'nearest' })
    ).done;
    expect(unknown).toMatchObject({
      status: 'failed',
      errorSummary: 'None of the symbols is an F&O underlying today.',
    });
  });

  it('a scan that cannot be marked finished is logged, and nobody awaiting it is not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => void process.off('unhandledRejection', onUnhandled));
    const { scans, logger } = await service(
      (base) => base,
      (storage) =>
        Object.assign(Object.create(storage) as Storage, {
          finishRun: () => Promise.reject(new UserFacingError('STORAGE_FULL', 'The disk is full.')),
        }),
    );
    // As the window does: start, and never await `done`; wait until the scan is over.
    const { runId } = await scans.start(PROFILE, { symbols: ['TCS'], expiry: 'nearest' });
    while (scans.active(PROFILE).length > 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'scan.finish-failed',
        fields: expect.objectContaining({ profileId: PROFILE, runId }),
      }),
    );
  });
});
