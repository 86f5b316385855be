// Part of `npm run bench`: a full F&O universe scan through the real Kite client against the
// loopback Kite server, which enforces the quote rate limit. The full scan runs twice: with the
// Seller filters (margins asked for every passing option) and with filters nothing passes (no
// margin calls, same quotes, metrics and writes), each twice; the difference of the faster runs
// is what margins add. With --quick, one full scan with the Seller filters (at Kite's real pace
// of 1 quote request/s a full universe takes half a minute a scan).
// The rate-limit floor of a scan is the quote-limited requests the server saw during it (/quote,
// /quote/ohlc, /quote/ltp) times the pacing interval. Prints one JSON line.
//   node scripts/bench/run-compiled.mjs scripts/bench/scan-kite.ts [--quote-rate 20] [--quick]
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

const { values } = parseArgs({
  options: { 'quote-rate': { type: 'string', default: '10' }, quick: { type: 'boolean' } },
});
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
interface ServerStats {
  readonly quoteLimitedRequests: number;
  readonly rateLimited: number;
  readonly quoteRequests: number;
  readonly marginRequests: number;
  readonly maxInstrumentsPerQuote: number;
}
/** The server's request counts so far. */
const serverStats = async (): Promise<ServerStats> => {
  const line = nextLine();
  server.stdin.write('stats\n');
  return JSON.parse(await line) as ServerStats;
};
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
    const before = await serverStats();
    const started = performance.now();
    const summary = await (
      await premia.scans.start(profile.id, {
        symbols: [],
        watchlist: 'fno-stocks',
        expiry: 'nearest',
        filters,
      })
    ).done;
    const wallSeconds = (performance.now() - started) / 1000;
    const after = await serverStats();
    return {
      summary,
      wallSeconds,
      quoteLimitedRequests: after.quoteLimitedRequests - before.quoteLimitedRequests,
    };
  };
  // |delta| ≤ 0 passes nothing: no margin calls, everything else identical. Each variant runs
  // twice, interleaved, and the faster run counts: on a shared machine the difference between
  // two single runs is mostly other processes. --quick runs the Seller filters once.
  const first = values.quick === true ? null : await fullScan({ maxAbsDelta: 0 });
  const firstWith = await fullScan({});
  const second = values.quick === true ? null : await fullScan({ maxAbsDelta: 0 });
  const secondWith = values.quick === true ? firstWith : await fullScan({});
  const withoutMargins =
    first === null || second === null
      ? null
      : first.wallSeconds <= second.wallSeconds
        ? first
        : second;
  const measured = firstWith.wallSeconds <= secondWith.wallSeconds ? firstWith : secondWith;
  const { summary: run, wallSeconds } = measured;
  const marginCalls =
    withoutMargins === null ? null : run.apiCalls - withoutMargins.summary.apiCalls;
  // Each quote call carries ≤ 500 instruments: the options plus their underlyings' futures.
  const quoteCalls = Math.ceil((run.optionsTotal + run.underlyingsTotal) / QUOTE_BATCH_LIMIT);
  const finalStats = nextLine();
  server.stdin.end();
  const stats = JSON.parse(await finalStats) as ServerStats;
  const floorSeconds = measured.quoteLimitedRequests / quotePerSecond;
  const marginExtra = withoutMargins === null ? null : wallSeconds - withoutMargins.wallSeconds;
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
      quoteLimitedRequests: measured.quoteLimitedRequests,
      wallSeconds,
      floorSeconds,
      ratio: wallSeconds / floorSeconds,
      rowsPassing: run.rowsPassing,
      marginCalls,
      serverMarginRequests: stats.marginRequests,
      wallWithoutMarginsSeconds: withoutMargins?.wallSeconds ?? null,
      marginExtraSeconds: marginExtra,
      marginExtraPctOfFloor: marginExtra === null ? null : (marginExtra / floorSeconds) * 100,
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
