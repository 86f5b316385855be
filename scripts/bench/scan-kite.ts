// Part of `npm run bench`: a full F&O universe scan through the real Kite client against the
// loopback Kite server, which enforces the quote rate limit. The full scan runs twice: with the
// Seller filters (margins asked for every passing option) and with filters nothing passes (no
// margin calls, same quotes, metrics and writes), each twice; the difference of the faster runs
// is what margins add.
// Prints one JSON line.
//   node --import tsx scripts/bench/scan-kite.ts [--quote-rate 20]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { QUOTE_BATCH_LIMIT } from '../../src-main/market/broker';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import type { ScanFiltersInput } from '../../src-preload/contract/domains/scans';

const { values } = parseArgs({ options: { 'quote-rate': { type: 'string', default: '10' } } });
const quotePerSecond = Number(values['quote-rate']);
const limits = { quotePerSecond, otherPerSecond: Math.max(10, quotePerSecond * 2) };
const clock = createManualClock(new Date('2026-11-20T05:00:00Z')); // a Friday, 10:30 IST
const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-kite-'));
const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'scripts/bench/fake-kite-process.ts',
    '--quote-rate',
    String(limits.quotePerSecond),
    '--other-rate',
    String(limits.otherPerSecond),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const serverLines = createInterface({ input: server.stdout });
const nextLine = (): Promise<string> => new Promise((resolve) => serverLines.once('line', resolve));
const kite = JSON.parse(await nextLine()) as { url: string; apiKey: string; apiSecret: string };
const premia = await createPremia({
  dataDir,
  keychain: createUnavailableKeychain('benchmark'),
  version: 'bench',
  runtime: 'node',
  allowedOrigins: [],
  clock,
  logger: createMemoryLogger(),
  kdfCost: { N: 2 ** 12, r: 8, p: 1 },
  idleCheckIntervalMs: 0,
  kiteRateLimits: limits,
});
try {
  const profile = await premia.vault.profiles.create({
    name: 'Bench',
    password: 'quiet river stones 42',
  });
  await premia.vault.profiles.login(profile.id, 'quiet river stones 42');
  await premia.vault.credentials.set(profile.id, {
    apiKey: kite.apiKey,
    apiSecret: kite.apiSecret,
  });
  await premia.vault.credentials.setApiRoot(profile.id, 'quiet river stones 42', kite.url);
  await premia.vault.credentials.setAccessToken(profile.id, 'benchtoken0001');
  // The day's first scan downloads and caches the instrument dump; the measured scan is a later one.
  const warm = await (
    await premia.scans.start(profile.id, { symbols: ['TCS'], expiry: 'nearest' })
  ).done;
  const fullScan = async (filters: ScanFiltersInput) => {
    const started = performance.now();
    const summary = await (
      await premia.scans.start(profile.id, {
        symbols: [],
        watchlist: 'fno-stocks',
        expiry: 'nearest',
        filters,
      })
    ).done;
    return { summary, wallSeconds: (performance.now() - started) / 1000 };
  };
  // |delta| ≤ 0 passes nothing: no margin calls, everything else identical. Each variant runs
  // twice, interleaved, and the faster run counts: on a shared machine the difference between
  // two single runs is mostly other processes.
  const first = await fullScan({ maxAbsDelta: 0 });
  const firstWith = await fullScan({});
  const second = await fullScan({ maxAbsDelta: 0 });
  const secondWith = await fullScan({});
  const withoutMargins = first.wallSeconds <= second.wallSeconds ? first : second;
  const { summary: run, wallSeconds } =
    firstWith.wallSeconds <= secondWith.wallSeconds ? firstWith : secondWith;
  const marginCalls = run.apiCalls - withoutMargins.summary.apiCalls;
  // Each quote call carries ≤ 500 instruments: the options plus their underlyings' futures.
  const quoteCalls = Math.ceil((run.optionsTotal + run.underlyingsTotal) / QUOTE_BATCH_LIMIT);
  const serverStats = nextLine();
  server.stdin.end();
  const stats = JSON.parse(await serverStats) as {
    rateLimited: number;
    quoteRequests: number;
    marginRequests: number;
    maxInstrumentsPerQuote: number;
  };
  const floorSeconds = quoteCalls / quotePerSecond;
  console.log(
    JSON.stringify({
      part: 'scan-kite',
      status: run.status,
      warmStatus: warm.status,
      quotePerSecond,
      underlyings: run.underlyingsTotal,
      options: run.optionsTotal,
      rowsWritten: run.rowsWritten,
      apiCalls: run.apiCalls,
      quoteCalls,
      wallSeconds,
      floorSeconds,
      ratio: wallSeconds / floorSeconds,
      rowsPassing: run.rowsPassing,
      marginCalls,
      serverMarginRequests: stats.marginRequests,
      wallWithoutMarginsSeconds: withoutMargins.wallSeconds,
      marginExtraSeconds: wallSeconds - withoutMargins.wallSeconds,
      marginExtraPctOfFloor: ((wallSeconds - withoutMargins.wallSeconds) / floorSeconds) * 100,
      quotesPhaseSeconds: (run.durations.quotes ?? 0) / 1000,
      rateLimited: stats.rateLimited,
      serverQuoteRequests: stats.quoteRequests,
      maxInstrumentsPerQuote: stats.maxInstrumentsPerQuote,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await premia.close();
  server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
