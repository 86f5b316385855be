/**
 * Market-layer benchmark: simulator, instrument parsing (in-line and in the piscina pool), symbol
 * matching, and the Kite client's paced throughput against the loopback Kite server.
 *   npx tsx scripts/bench-market.ts
 * Prints timings and ratios; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Piscina } from 'piscina';
import { createManualClock } from '../src-main/app/clock';
import { createMemoryLogger } from '../src-main/app/logger';
import { resolveWorkerScript } from '../src-main/app/worker-script';
import { dayNumberFromIso, istInstant } from '../src-main/market/dates';
import { FnoUniverse } from '../src-main/market/fno-universe';
import { parseInstrumentCsv } from '../src-main/market/instrument-csv';
import type { InstrumentsTaskResult } from '../src-main/market/instruments-task';
import { KiteBroker } from '../src-main/market/kite-broker';
import { LocalSchedule, RateLimiterRegistry } from '../src-main/market/rate-limiter';
import { KITE_PACING_FILE, SharedPacing } from '../src-main/market/shared-pacing';
import { MarketSimulator } from '../src-main/market/simulator/market-simulator';
import { SymbolDirectory } from '../src-main/market/symbols';
import { ProfileIdSchema } from '../src-preload/contract';
import { startFakeKite } from '../tests/fake-kite/server';

async function timed<T>(label: string, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await run();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
  return value;
}

async function main(): Promise<void> {
  const at = istInstant(dayNumberFromIso('2025-12-10'), 11, 0);
  const simulator = new MarketSimulator({ seed: 1 });
  const list = await timed('simulator: instrument list for a session', () =>
    simulator.contracts(at),
  );
  console.log(`  ${list.contracts.length} instruments`);
  const csv = simulator.instrumentCsv(at);
  const body = csv.slice(csv.indexOf('\n') + 1);
  const dump = csv + body; // about twice a session's list: the size of a full Kite dump
  const gz = gzipSync(dump);
  console.log(
    `  dump ${(dump.length / 1e6).toFixed(1)} MB, gzipped ${(gz.length / 1e6).toFixed(1)} MB`,
  );
  const parsed = await timed('parse dump in-line (gzipped bytes → columns)', () =>
    parseInstrumentCsv(gz),
  );
  console.log(`  ${parsed.columns.count} rows`);

  const script = resolveWorkerScript(
    new URL('../src-main/market/instruments-task.ts', import.meta.url),
  );
  const pool = new Piscina({ filename: script.filename, argv: [...script.argv], maxThreads: 1 });
  await pool.run('instrument_token\n');
  const viaPool = (await timed('parse dump in the piscina pool (warm, moved back)', () =>
    pool.run(gz),
  )) as InstrumentsTaskResult;
  await pool.destroy();
  console.log(`  ok=${viaPool.ok}`);

  const table = simulator.instrumentTable(at);
  const keys = Array.from({ length: 500 }, (_, i) => table.instrumentKey((i * 97) % table.size));
  await timed('simulator: quote 500 instruments', () => simulator.quotes(keys, at));

  const directory = SymbolDirectory.fromUniverse(new FnoUniverse(table));
  const inputs = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? 'reliance' : `XQ${i}Z`));
  await timed('symbols: match 10,000 inputs (6,667 unknown)', () => directory.match(inputs));

  await benchKiteClient(at);
  benchSharedPacing();
}

/**
 * The price of pacing with every Premia process of the machine: one grant is one BEGIN IMMEDIATE
 * transaction on the pacing file (read the key's row, write it, commit to the WAL). Two instances
 * on one file take turns, as two processes would; the clock is moved on so every call grants.
 */
function benchSharedPacing(): void {
  const dir = mkdtempSync(join(tmpdir(), 'premia-bench-pacing-'));
  let clockMs = 1_000_000;
  const now = (): number => (clockMs += 1000);
  const logger = createMemoryLogger();
  const pacings = [1, 2].map(
    () => new SharedPacing({ file: join(dir, KITE_PACING_FILE), logger, now }),
  );
  const schedules = pacings.map((pacing) => pacing.schedule('benchapikey0001', 'quote', 1000));
  const local = new LocalSchedule(1000, now);
  const grants = 20_000;
  const perGrantUs = (take: (i: number) => number): number => {
    for (let i = 0; i < 200; i++) take(i); // warm up: open the file, prepare statements
    const start = performance.now();
    for (let i = 0; i < grants; i++) take(i);
    return ((performance.now() - start) * 1000) / grants;
  };
  const sharedUs = perGrantUs((i) => schedules[i % 2]?.tryTake() ?? 0);
  const localUs = perGrantUs(() => local.tryTake());
  console.log(
    `${'kite pacing: one machine-wide slot reservation (2 instances)'.padEnd(58)} ${sharedUs.toFixed(1).padStart(8)} µs`,
  );
  console.log(
    `  ${localUs.toFixed(2)} µs in-process only; ×${(sharedUs / localUs).toFixed(0)}, ${((sharedUs / 1e6) * 100).toFixed(4)} % of Kite's 1 s quote interval; warnings: ${logger.entries.length}`,
  );
  for (const pacing of pacings) pacing.close();
  rmSync(dir, { recursive: true, force: true });
}

async function benchKiteClient(at: Date): Promise<void> {
  const limits = { quotePerSecond: 20, otherPerSecond: 50 };
  const clock = createManualClock(at);
  const kite = await startFakeKite({
    seed: 1,
    clock,
    accessTokens: ['benchtoken'],
    rateLimits: limits,
  });
  try {
    const broker = new KiteBroker({
      profileId: ProfileIdSchema.parse('benchprofile'),
      credentials: { apiKey: kite.apiKey, accessToken: 'benchtoken' },
      limiters: new RateLimiterRegistry(limits),
      tokenStore: { markExpired: () => undefined },
      clock,
      apiRoot: kite.url,
      logger: createMemoryLogger(),
    });
    const table = await timed('kite client: /instruments over loopback (gzip)', () =>
      broker.instruments({}, new AbortController().signal),
    );
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 500 }, (_, i) => table.instrumentKey((b * 500 + i) % table.size)),
    );
    const signal = new AbortController().signal;
    await timed('kite client: 40 × /quote of 500 instruments at 20/s', () =>
      Promise.all(batches.map((batch) => broker.quote(batch, signal))),
    );
    const ltpCalls = Array.from({ length: 60 }, (_, i) =>
      broker.ltp([table.instrumentKey(i % table.size)], signal),
    );
    await timed('kite client: 60 concurrent /quote/ltp calls at 20/s', () => Promise.all(ltpCalls));
    const paced = kite.requests.filter((r) => r.path === '/quote/ltp');
    const span = (paced.at(-1)?.at ?? 0) - (paced[0]?.at ?? 0);
    const rate = ((paced.length - 1) / span) * 1000;
    const refused = kite.requests.filter((r) => r.status === 429).length;
    console.log(
      `  measured ${rate.toFixed(2)} req/s at the server for a limit of ${limits.quotePerSecond}: ` +
        `ratio ${(rate / limits.quotePerSecond).toFixed(3)}; 429s: ${refused}`,
    );
  } finally {
    await kite.close();
  }
}

await main();
