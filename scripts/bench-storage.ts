// Benchmark (not a test): result rows through the writer thread vs raw better-sqlite3.
//   npm run bench:storage [-- --rows 1000000 --runs 40 --batch 5000 --rows-per-transaction 2000 --repeat 2]
// All phases write the same pre-generated columnar batches into the same schema with the same
// pragmas; generating rows is left out of every timing. Phases:
//   writer  — Storage.appendResults: clone to the writer thread, back-pressure, group commit
//             into 2,000-row transactions, run counters;
//   raw     — the baseline: one prepared statement in one transaction, on this thread;
//   chunked — raw, but committing every 2,000 rows: shows how much of the gap is SQLite's own
//             cost of smaller transactions and how much is the thread hop.
// 40 scans of 25,000 rows is a scan of the whole F&O universe for one expiry. Fewer, larger
// scans cost every 2,000-row commit more (it rewrites most index pages of its scan).
// The machine may be shared: each phase runs --repeat times, interleaved, and the best counts.
import { ProfileIdSchema } from '../src-preload/contract';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStreamLogger } from '../src-main/app/logger';
import { migrate } from '../src-main/storage/migrate';
import type { ResultBatch } from '../src-main/storage/result-row';
import {
  bindColumnar,
  createResultTexts,
  INSERT_RESULT_SQL,
} from '../src-main/storage/results-insert';
import { openWritable } from '../src-main/storage/sqlite';
import { Storage } from '../src-main/storage/storage';
import { makeResultRows, toResultBatch } from '../tests/support/result-fixtures';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    batch: { type: 'string', default: '5000' },
    'rows-per-transaction': { type: 'string', default: '2000' },
    repeat: { type: 'string', default: '2' },
  },
});
const TOTAL_ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const BATCH_ROWS = Number(values.batch);
const ROWS_PER_TRANSACTION = Number(values['rows-per-transaction']);
const REPEAT = Number(values.repeat);
const POOL_BATCHES = 20;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const peakRss = (): string => mib(process.resourceUsage().maxRSS * 1024);
const rate = (ms: number): number => Math.round((TOTAL_ROWS / ms) * 1000);
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

function fileBytes(path: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(`${path}${suffix}`).size;
    } catch {
      return sum;
    }
  }, 0);
}

async function writerPhase(dir: string, pool: readonly ResultBatch[]): Promise<number> {
  const storage = await Storage.open({
    dataDir: dir,
    logger: createStreamLogger(process.stderr, 'warn'),
    rowsPerTransaction: ROWS_PER_TRANSACTION,
  });
  const profile = ProfileIdSchema.parse('benchprofile');
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
  const size = fileBytes(storage.paths(profile).database);
  console.log(
    `  writer  ${fmt(rate(elapsed)).padStart(8)} rows/s  ${(elapsed / 1000).toFixed(1)} s` +
      `  (database ${mib(size)}, ${Math.round(size / TOTAL_ROWS)} bytes/row)`,
  );
  return elapsed;
}

/** Raw better-sqlite3 on this thread: one transaction (`rowsPerCommit` null) or chunked. */
function rawPhase(dir: string, pool: readonly ResultBatch[], rowsPerCommit: number | null): number {
  const db = openWritable(join(dir, 'raw.db'), { busyTimeoutMs: 10_000 });
  migrate(db);
  const insertRun = db.prepare(
    `INSERT INTO runs (status, started_at, source, symbols_json, filters_json)
     VALUES ('completed', '2025-01-10T09:30:00.000Z', 'simulator', '[]', '{}')`,
  );
  const insert = db.prepare(INSERT_RESULT_SQL);
  const texts = createResultTexts(db);
  const runIds = runSizes().map(() => Number(insertRun.run().lastInsertRowid));
  const args: unknown[] = [];
  let sinceCommit = 0;
  const started = performance.now();
  db.exec('BEGIN');
  runSizes().forEach((rows, run) => {
    const runId = runIds[run] ?? 0;
    for (const batch of runBatches(pool, rows)) {
      for (let index = 0; index < batch.length; index += 1) {
        bindColumnar(args, runId, batch, index, texts);
        insert.run(args);
        sinceCommit += 1;
        if (rowsPerCommit !== null && sinceCommit === rowsPerCommit) {
          db.exec('COMMIT; BEGIN');
          sinceCommit = 0;
        }
      }
    }
  });
  db.exec('COMMIT');
  const elapsed = performance.now() - started;
  db.close();
  const name = rowsPerCommit === null ? 'raw    ' : 'chunked';
  console.log(
    `  ${name} ${fmt(rate(elapsed)).padStart(8)} rows/s  ${(elapsed / 1000).toFixed(1)} s`,
  );
  return elapsed;
}

async function inFreshDir<T>(phase: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'premia-bench-'));
  try {
    return await phase(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:storage — ${fmt(TOTAL_ROWS)} result rows in ${RUNS} scans, batches of ${fmt(BATCH_ROWS)}, ` +
      `${ROWS_PER_TRANSACTION} rows/transaction, best of ${REPEAT}, Node ${process.version}`,
  );
  const pool = batchPool();
  const best = { writer: Infinity, raw: Infinity, chunked: Infinity };
  for (let round = 1; round <= REPEAT; round += 1) {
    console.log(`round ${round}`);
    best.writer = Math.min(best.writer, await inFreshDir((dir) => writerPhase(dir, pool)));
    best.raw = Math.min(best.raw, await inFreshDir((dir) => rawPhase(dir, pool, null)));
    best.chunked = Math.min(
      best.chunked,
      await inFreshDir((dir) => rawPhase(dir, pool, ROWS_PER_TRANSACTION)),
    );
  }
  const ratio = best.raw / best.writer;
  console.log(
    [
      `writer thread : ${fmt(rate(best.writer))} rows/s`,
      `raw baseline  : ${fmt(rate(best.raw))} rows/s (one prepared statement, one transaction)`,
      `ratio         : ${(ratio * 100).toFixed(0)} % of the raw baseline (target >= 70 %) ${ratio >= 0.7 ? 'OK' : 'BELOW TARGET'}`,
      `where it goes : SQLite with ${ROWS_PER_TRANSACTION}-row transactions alone reaches ` +
        `${((best.raw / best.chunked) * 100).toFixed(0)} % of the baseline; the thread hop keeps ` +
        `${((best.chunked / best.writer) * 100).toFixed(0)} % of that`,
      `peak RSS      : ${peakRss()} (whole process, writer thread and the ${POOL_BATCHES}-batch pool included)`,
    ].join('\n'),
  );
}

await main();
