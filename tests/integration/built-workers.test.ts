import { ProfileIdSchema } from '../../src-preload/contract';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { resolveWorkerScript } from '../../src-main/app/worker-script';
import { ScanPool } from '../../src-main/scan/scan-pool';
import { quoteColumns } from '../../src-main/scan/quote-batch';
import { Storage } from '../../src-main/storage';
import { ScanFiltersSchema } from '../../src-preload/contract';

const BUILT_PROFILE = ProfileIdSchema.parse('builtprofile0001');

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'test-artifacts/build');
const OUT = join(BUILD, 'main');

/**
 * The Electron build's worker entries are chunks of their own, started by file name. This builds
 * the app (electron-vite, no Electron binary needed) and runs those chunks under Node, so a chunk
 * that is not self-contained fails here rather than in a packaged app.
 */
describe('the built worker-thread chunks', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-built-'));

  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: ROOT,

        env: { ...process.env, PREMIA_BUILD_OUT: BUILD },
        stdio: 'pipe',
        timeout: 180_000,
      },
    );
  }, 200_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds the shell, the writer thread and the pool worker as separate files', () => {
    for (const file of ['index.js', 'writer-thread.js', 'pool-worker.js'])
      expect(existsSync(join(OUT, file)), file).toBe(true);
    expect(existsSync(join(BUILD, 'preload/index.cjs'))).toBe(true);
  });

  it('runs the compiled writer thread and pool worker', async () => {
    const storage = await Storage.open({
      dataDir,
      logger: createMemoryLogger(),
      clock: systemClock,
      writerScript: resolveWorkerScript(pathToFileURL(join(OUT, 'writer-thread.js'))),
    });
    const pool = new ScanPool({
      script: resolveWorkerScript(pathToFileURL(join(OUT, 'pool-worker.js'))),
      threads: 1,
    });
    try {
      const quotes = quoteColumns([
        {
          underlying: 'TCS',
          tradingsymbol: 'TCS26DEC3200CE',
          exchange: 'NFO',
          optionType: 'CE',
          expiry: '2026-12-29',
          quoteTime: null,
          instrumentToken: 1,
          strike: 3200,
          lotSize: 175,
          daysToExpiry: 30,
          forward: 3110,
          forwardSource: 'future',
          closePrice: Number.NaN,
          spot: 3100,
          bid: 40,
          ask: 42,
          lastPrice: 41,
          volume: 1000,
          oi: 5000,
        },
      ]);
      const batch = await pool.computeMetrics(BUILT_PROFILE, {
        quotes,
        filters: ScanFiltersSchema.parse({}),
        rate: 0.065,
        basis: 'mid',
      });
      expect(batch.premium[0]).toBe(41);
      const runId = await storage.createRun(BUILT_PROFILE, {
        source: 'simulator',
        symbols: ['TCS'],
        expiry: '2026-12-29',
        filters: {},
      });
      await storage.appendResults(BUILT_PROFILE, runId, batch);
      const run = await storage.finishRun(BUILT_PROFILE, runId, { status: 'completed' });
      expect(run.rowsWritten).toBe(1);
      // A Console tradebook parsed by the compiled pool worker, its columns moved back, then
      // stored by the compiled writer thread.
      const name = 'tradebook-ZR1234-FO.csv';
      const parsed = await pool.parseTradebook(BUILT_PROFILE, {
        name,
        encoding: 'text',
        contents: readFileSync(join(ROOT, 'tests/fixtures/journal', name), 'utf8'),
      });
      expect(parsed.trades.length).toBe(7);
      const stored = await storage.journal.importTrades(BUILT_PROFILE, {
        source: 'console',
        label: name,
        kiteUserId: parsed.kiteUserId,
        at: new Date().toISOString(),
        trades: parsed.trades,
        orders: [],
        positions: null,
      });
      expect(stored).toMatchObject({ added: 7, kiteUserId: 'ZR1234' });
      await expect(
        pool.parseTradebook(BUILT_PROFILE, { name: 'x.csv', encoding: 'text', contents: 'a,b\n' }),
      ).rejects.toThrow('x.csv was not imported');
    } finally {
      await pool.close();
      await storage.close();
    }
  });
});
