// Benchmark (not a test): result rows through the writer thread vs raw better-sqlite3.
//   npm run bench:storage [-- --rows 1000000 --runs 10 --batch 5000 --rows-per-transaction 2000]
// Both sides write the same pre-generated columnar batches into the same schema with the same
// pragmas; generating rows is left out of both timings. The raw baseline is one prepared
// statement in one transaction on this thread; the writer path is Storage.appendResults (clone
// to the writer thread, back-pressure, 2,000-row transactions, run counters).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStreamLogger } from '../src-main/app/logger';
import { migrate } from '../src-main/storage/migrate';
import type { ResultBatch } from '../src-main/storage/result-row';
import { bindColumnar, INSERT_RESULT_SQL } from '../src-main/storage/results-insert';
import { openWritable } from '../src-main/storage/sqlite';
import { Storage } from '../src-main/storage/storage';
import { makeResultRows, toResultBatch } from '../tests/support/result-fixtures';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '5000' },
    'rows-per-transaction': { type: 'string', default: '2000' },
  },
});
const TOTAL_ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const BATCH_ROWS = Number(values.batch);
const ROWS_PER_TRANSACTION = Number(values['rows-per-transaction']);
const POOL_BATCHES = 20;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const peakRss = (): string => mib(process.resourceUsage().maxRSS * 1024);
const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);
const fmt = (value: number): string => value.toLocaleString('en-US');

function batchPool(): ResultBatch[] {
  return Array.from({ length: POOL_BATCHES }, (_, index) =>
    toResultBatch(makeResultRows(index * BATCH_ROWS, BATCH_ROWS)),
  );
}

/** The batches of one run: `rows` rows cycled from the pool (the last one may be short). */
function* runBatches(pool: readonly ResultBatch[], rows: number): Generator<ResultBatch> {
  let sent = 0;
  for (let index = 0; sent < rows; index += 1) {
    const batch = pool[index % pool.length];
    if (batch === undefined) return;
    const take = Math.min(batch.length, rows - sent);
    yield take === batch.length ? batch : { ...batch, length: take };
    sent += take;
  }
}

function runSizes(): number[] {
  const base = Math.floor(TOTAL_ROWS / RUNS);
  return Array.from({ length: RUNS }, (_, index) =>
    index === RUNS - 1 ? TOTAL_ROWS - base * (RUNS - 1) : base,
  );
}

function dbBytes(path: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(`${path}${suffix}`).size;
    } catch {
      return sum;
    }
  }, 0);
}

async function writerPath(dir: string, pool: readonly ResultBatch[]): Promise<number> {
  const storage = await Storage.open({
    dataDir: dir,
    logger: createStreamLogger(process.stderr, 'warn'),
    rowsPerTransaction: ROWS_PER_TRANSACTION,
  });
  const profile = 'benchprofile';
  await storage.usage(profile);
  const started = performance.now();
  for (const rows of runSizes()) {
    const runId = await storage.createRun(profile, {
      source: 'simulator',
      symbols: ['NIFTY'],
      expiry: null,
      filters: {},
    });
    // A producer that never waits on its own: appendResults' back-pressure paces it.
    const inFlight: Promise<unknown>[] = [];
    for (const batch of runBatches(pool, rows)) {
      inFlight.push(storage.appendResults(profile, runId, batch));
      if (inFlight.length >= 64) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    await storage.finishRun(profile, runId, { status: 'completed' });
  }
  const elapsed = performance.now() - started;
  await storage.close();
  console.log(
    `writer thread : ${fmt(rate(TOTAL_ROWS, elapsed))} rows/s  (${(elapsed / 1000).toFixed(1)} s, ` +
      `${ROWS_PER_TRANSACTION} rows/transaction)  peak RSS so far ${peakRss()}`,
  );
  const size = dbBytes(storage.paths(profile).database);
  console.log(`                database ${mib(size)} = ${Math.round(size / TOTAL_ROWS)} bytes/row`);
  return elapsed;
}

function rawBaseline(dir: string, pool: readonly ResultBatch[]): number {
  const db = openWritable(join(dir, 'raw.db'), { busyTimeoutMs: 10_000 });
  migrate(db);
  const insertRun = db.prepare(
    `INSERT INTO runs (status, started_at, source, symbols_json, filters_json)
     VALUES ('completed', '2025-01-10T09:30:00.000Z', 'simulator', '[]', '{}')`,
  );
  const insert = db.prepare(INSERT_RESULT_SQL);
  const runIds = runSizes().map(() => Number(insertRun.run().lastInsertRowid));
  const args: unknown[] = [];
  const started = performance.now();
  db.transaction(() => {
    runSizes().forEach((rows, run) => {
      const runId = runIds[run] ?? 0;
      for (const batch of runBatches(pool, rows)) {
        for (let index = 0; index < batch.length; index += 1) {
          bindColumnar(args, runId, batch, index);
          insert.run(args);
        }
      }
    });
  })();
  const elapsed = performance.now() - started;
  db.close();
  console.log(
    `raw baseline  : ${fmt(rate(TOTAL_ROWS, elapsed))} rows/s  (${(elapsed / 1000).toFixed(1)} s, ` +
      `one transaction)  peak RSS so far ${peakRss()}`,
  );
  return elapsed;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'premia-bench-'));
  try {
    console.log(
      `bench:storage — ${fmt(TOTAL_ROWS)} result rows in ${RUNS} scans, batches of ${fmt(BATCH_ROWS)}, ` +
        `Node ${process.version}, ${dir}`,
    );
    const pool = batchPool();
    console.log(`pool of ${POOL_BATCHES} batches generated; peak RSS ${peakRss()}`);
    const writerMs = await writerPath(dir, pool);
    const rawMs = rawBaseline(dir, pool);
    const ratio = rawMs / writerMs;
    console.log(
      `ratio         : writer is ${(ratio * 100).toFixed(0)} % of the raw baseline (target >= 70 %) ` +
        `${ratio >= 0.7 ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `peak RSS      : ${peakRss()} (whole process: both phases, writer thread included)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
