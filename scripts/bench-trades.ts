/**
 * Trade-journal benchmark: import 200,000 Console tradebook trades into a fresh profile (parse,
 * validate, one writer transaction), then a full P&L recompute (read every trade, FIFO, charges,
 * statistics), then the recompute again with the database pages warm.
 *   npm run bench:trades   (compiled, as the app runs: scripts/bench/run-compiled.mjs)
 * Prints wall times and the process's peak RSS (main, writer and pool threads); asserts nothing.
 * Targets from the issue: under 5 s and 300 MiB.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPremia } from '../src-main/app/create-premia';
import { createManualClock } from '../src-main/app/clock';
import { createMemoryLogger } from '../src-main/app/logger';
import { createUnavailableKeychain } from '../src-main/vault/keychain';

const TRADES = Number(process.env.BENCH_TRADES ?? 200_000);
const FILES = 4;
const HEADER =
  'symbol,isin,trade_date,exchange,segment,series,trade_type,auction,quantity,price,trade_id,order_id,order_execution_time,expiry_date';
const UNDERLYINGS = ['NIFTY', 'BANKNIFTY', 'RELIANCE', 'HDFCBANK', 'INFY', 'TCS', 'SBIN', 'ITC'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Three years of an option seller's fills (sell to open, buy back later, monthly contracts),
 * written to tradebook files in slices so that making them does not itself raise the peak.
 */
function writeTradebooks(dir: string): string[] {
  const next = random(7);
  const paths = Array.from({ length: FILES }, (_, i) =>
    join(dir, `tradebook-BN1000-FO (${i + 1}).csv`),
  );
  const handles = paths.map((path) => openSync(path, 'w'));
  const slices: string[][] = handles.map(() => [HEADER]);
  const flush = (i: number): void => {
    const handle = handles[i];
    const lines = slices[i];
    if (handle === undefined || lines === undefined || lines.length === 0) return;
    writeSync(handle, `${lines.join('\n')}\n`);
    lines.length = 0;
  };
  const start = Date.UTC(2023, 0, 2);
  for (let n = 0; n < TRADES; n += 2) {
    const day = Math.floor((n / TRADES) * 3 * 365);
    const open = new Date(start + day * 86_400_000);
    const close = new Date(open.getTime() + (1 + Math.floor(next() * 10)) * 86_400_000);
    const month = (open.getUTCMonth() + 1) % 12;
    const year = open.getUTCFullYear() + (month === 0 ? 1 : 0);
    const underlying = UNDERLYINGS[Math.floor(next() * UNDERLYINGS.length)] ?? 'NIFTY';
    const strike = 1000 + 50 * Math.floor(next() * 400);
    const right = next() < 0.5 ? 'CE' : 'PE';
    const symbol = `${underlying}${String(year).slice(2)}${MONTHS[month] ?? 'JAN'}${strike}${right}`;
    const expiry = new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
    const qty = 25 * (1 + Math.floor(next() * 8));
    const sold = (5 + next() * 200).toFixed(2);
    const bought = (Number(sold) * (0.2 + next() * 1.2)).toFixed(2);
    const file = Math.floor((n / TRADES) * FILES);
    const lines = slices[file] ?? [];
    for (const [side, at, price, id] of [
      ['sell', open, sold, n],
      ['buy', close, bought, n + 1],
    ] as const) {
      const date = at.toISOString().slice(0, 10);
      lines.push(
        `${symbol},,${date},NSE,FO,,${side},false,${qty}.000000,${price},${10_000_000 + id},${20_000_000 + id},${date}T10:${String(id % 60).padStart(2, '0')}:00,${expiry}`,
      );
    }
    if (lines.length >= 10_000) flush(file);
  }
  handles.forEach((handle, i) => {
    flush(i);
    closeSync(handle);
  });
  return paths;
}

/**
 * Wall time, and the CPU time of the whole process (every thread) beside it: on a shared
 * machine the wall time grows with the load and the CPU time much less.
 */
async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`,
  );
  return value;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-trades-'));
  const premia = await createPremia({
    dataDir,
    keychain: createUnavailableKeychain('benchmark'),
    version: 'bench',
    runtime: 'node',
    allowedOrigins: [],
    logger: createMemoryLogger(),
    clock: createManualClock(new Date('2026-11-30T12:00:00Z')),
    kdfCost: { N: 2 ** 12, r: 8, p: 1 },
    idleCheckIntervalMs: 0,
  });
  try {
    const profile = await premia.vault.profiles.create({
      name: 'Seller',
      password: 'theta-decay-harvest-42',
    });
    await premia.vault.profiles.login(profile.id, 'theta-decay-harvest-42');
    const rss = (): string => `${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`;
    const peak = (): string => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
    console.log(`RSS with Premia open and a profile signed in: ${rss()} (peak so far ${peak()})`);
    const paths = writeTradebooks(dataDir);
    const bytes = paths.reduce((sum, path) => sum + statSync(path).size, 0);
    console.log(
      `${TRADES} trades in ${FILES} tradebook files, ${(bytes / 1024 / 1024).toFixed(1)} MiB of CSV (peak so far ${peak()})`,
    );
    // As `premia trades import` hands them over: each file's text, read whole.
    const files = paths.map((path) => ({
      name: basename(path),
      encoding: 'text' as const,
      contents: readFileSync(path, 'utf8'),
    }));
    const started = performance.now();
    const reports = await timed('import (parse, validate, store)', () =>
      premia.journal.importFiles(profile.id, files, false),
    );
    files.length = 0; // the import's input is garbage once it returns, as after an IPC call
    console.log(`RSS after the import: ${rss()} (peak so far ${peak()})`);
    const added = reports.reduce((sum, r) => sum + r.tradesAdded, 0);
    const summary = await timed('full P&L recompute (read, FIFO, charges, stats)', () =>
      premia.journal.summary(profile.id, {}),
    );
    const total = performance.now() - started;
    console.log(`RSS after the recompute: ${rss()} (peak so far ${peak()})`);
    await timed('full P&L recompute again (warm)', () => premia.journal.summary(profile.id, {}));
    console.log(`${'import + first recompute'.padEnd(52)} ${total.toFixed(0).padStart(7)} ms`);
    console.log(
      `stored ${added} trades; ${summary.stats.closings} closings, net ${summary.stats.netPnl.toFixed(0)} over ${summary.days.length} days`,
    );
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(
      `${'peak RSS (main, writer and pool threads)'.padEnd(52)} ${peakMiB.toFixed(0).padStart(7)} MiB`,
    );
    console.log(
      `ratios to target: time ${(total / 5000).toFixed(2)} of 5 s, memory ${(peakMiB / 300).toFixed(2)} of 300 MiB`,
    );
  } finally {
    await premia.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
