// Part of `npm run bench`: metrics for 1,000,000 option rows computed in the piscina pool and
// written through the writer thread, against a raw better-sqlite3 insert of the same rows (one
// prepared statement, one transaction) on this thread. One run's quotes are made once, untimed,
// and handed out run after run (never the million at once).
//   node --import tsx scripts/bench/compute-write.ts [--rows 1000000] [--rows-per-run 25000]
//     [--batch 2500] [--in-flight 4] [--threads N] [--rows-per-transaction N]
import { ProfileIdSchema } from '../../src-preload/contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { optionPrice } from '../../src-main/market/black-scholes';
import { computeMetricsBatch } from '../../src-main/scan/compute-metrics';
import { ScanPool } from '../../src-main/scan/scan-pool';
import { quoteColumns, type QuoteColumns, type QuoteRow } from '../../src-main/scan/quote-batch';
import { Storage } from '../../src-main/storage';
import { migrate } from '../../src-main/storage/migrate';
import type { ResultBatch } from '../../src-main/storage/result-row';
import {
  bindColumnar,
  createResultTexts,
  INSERT_RESULT_SQL,
} from '../../src-main/storage/results-insert';
import { openWritable } from '../../src-main/storage/sqlite';
import { ScanFiltersSchema } from '../../src-preload/contract/domains/scans';
import { seededRandom } from '../../tests/support/result-fixtures';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'rows-per-run': { type: 'string', default: '25000' },
    'in-flight': { type: 'string', default: '4' },
    batch: { type: 'string', default: '2500' },
    threads: { type: 'string' },
    'rows-per-transaction': { type: 'string' },
  },
});
const TOTAL = Number(values.rows);
/** A full F&O universe scan for one expiry stores about 15,000–25,000 rows: 1M rows is ~40 runs. */
const ROWS_PER_RUN = Number(values['rows-per-run']);
const IN_FLIGHT = Number(values['in-flight']);
/**
 * Rows per pool task and per append. A live scan's batches are 500 options (one Kite /quote call)
 * at most 20 times a second; for a million rows the pool and the writer take bigger bites.
 */
const BATCH = Number(values.batch);
const PROFILE = ProfileIdSchema.parse('benchbench00000001');

/** A synthetic option chain row: Black-Scholes premium with a spread, as a quote would carry. */
function quoteBatch(first: number, end: number, random: () => number): QuoteColumns {
  const rows: QuoteRow[] = [];
  for (let i = first; i < Math.min(first + BATCH, end); i++) {
    const underlying = `U${Math.floor(i / 250)}`;
    const spot = 100 + (Math.floor(i / 250) % 50) * 97;
    const optionType = i % 2 === 0 ? 'CE' : 'PE';
    const strike = Math.round(spot * (0.8 + 0.4 * random()));
    const days = 1 + Math.floor(random() * 60);
    const fair = optionPrice({
      right: optionType === 'CE' ? 'call' : 'put',
      spot,
      strike,
      years: days / 365,
      rate: 0.065,
      volatility: 0.15 + random() * 0.4,
    });
    const half = Math.max(0.05, fair * 0.02);
    rows.push({
      underlying,
      tradingsymbol: `${underlying}26DEC${strike}${optionType}`,
      exchange: 'NFO',
      optionType,
      expiry: '2026-12-29',
      quoteTime: '2026-11-20T05:00:00.000Z',
      instrumentToken: 1_000_000 + i,
      strike,
      lotSize: 250,
      daysToExpiry: days,
      forward: spot * Math.exp((0.065 * days) / 365),
      forwardSource: 'future',
      closePrice: fair,
      spot,
      bid: fair > half ? fair - half : Number.NaN,
      ask: fair + half,
      lastPrice: fair,
      volume: Math.floor(random() * 100_000),
      oi: Math.floor(random() * 1_000_000),
    });
  }
  return quoteColumns(rows);
}

const filters = ScanFiltersSchema.parse({});
const dir = mkdtempSync(join(tmpdir(), 'premia-bench-compute-'));
const logger = createMemoryLogger();
const rssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * One run's quotes (a full F&O universe), made once, untimed: each of the ~40 runs stores the
 * same options again, as a day of scans of one universe does. Nothing holds the million rows at
 * once; each batch handed out is a copy, because the pool takes its typed arrays by transfer.
 */
const runQuotes: QuoteColumns[] = [];
const templateRandom = seededRandom(7);
const runRows = Math.min(ROWS_PER_RUN, TOTAL);
for (let first = 0; first < runRows; first += BATCH)
  runQuotes.push(quoteBatch(first, runRows, templateRandom));

function copyQuotes(template: QuoteColumns, length: number): QuoteColumns {
  const copy: Record<string, unknown> = { length };
  for (const [key, value] of Object.entries(template)) {
    if (value instanceof Float64Array) copy[key] = value.slice(0, length);
    else if (Array.isArray(value)) copy[key] = value.slice(0, length);
  }
  // The same keys as the template, which is a QuoteColumns.
  return copy as QuoteColumns;
}

/** The million rows as batches: run after run of the template, the last one cut to TOTAL. */
function* quoteStream(): Generator<QuoteColumns> {
  let made = 0;
  while (made < TOTAL) {
    for (const template of runQuotes) {
      const length = Math.min(template.length, TOTAL - made);
      if (length <= 0) return;
      yield copyQuotes(template, length);
      made += length;
    }
  }
}

try {
  // Pool + writer: up to IN_FLIGHT batches computing while earlier ones are written, in order.
  const storage = await Storage.open({
    dataDir: join(dir, 'app'),
    logger,
    clock: systemClock,
    ...(values['rows-per-transaction'] === undefined
      ? {}
      : { rowsPerTransaction: Number(values['rows-per-transaction']) }),
  });
  const pool =
    values.threads === undefined
      ? new ScanPool()
      : new ScanPool({ threads: Number(values.threads) });
  const started = performance.now();
  let rowsWritten = 0;
  let runId = await storage.createRun(PROFILE, {
    source: 'simulator',
    symbols: [],
    expiry: '2026-12-29',
    filters,
  });
  let rowsInRun = 0;
  const computing: Promise<ResultBatch>[] = [];
  const writing: Promise<unknown>[] = [];
  const quotes = quoteStream();
  let more = true;
  while (more || computing.length > 0) {
    while (more && computing.length < IN_FLIGHT) {
      const next = quotes.next();
      if (next.done === true) more = false;
      else
        computing.push(
          pool.computeMetrics(PROFILE, { quotes: next.value, filters, rate: 0.065, basis: 'bid' }),
        );
    }
    const result = await computing.shift();
    if (result === undefined) break;
    if (rowsInRun >= ROWS_PER_RUN) {
      await Promise.all(writing.splice(0));
      rowsWritten += (await storage.finishRun(PROFILE, runId, { status: 'completed' })).rowsWritten;
      runId = await storage.createRun(PROFILE, {
        source: 'simulator',
        symbols: [],
        expiry: '2026-12-29',
        filters,
      });
      rowsInRun = 0;
    }
    // The writer keeps appends in order; a few in flight keep it busy while the next is cloned.
    writing.push(storage.appendResults(PROFILE, runId, result, { transfer: true }));
    if (writing.length >= IN_FLIGHT) await writing.shift();
    rowsInRun += result.length;
  }
  await Promise.all(writing);
  rowsWritten += (await storage.finishRun(PROFILE, runId, { status: 'completed' })).rowsWritten;
  const pipelineMs = performance.now() - started;
  await pool.close();
  await storage.close();

  // Everything the pipeline held is released: the peak so far is the pipeline's own.
  const pipelinePeakRssMiB = rssMiB();

  // The baseline: the same computed rows, raw, one prepared statement in one transaction. The
  // rows are computed here batch by batch, untimed; only the inserts are timed.
  const db = openWritable(join(dir, 'raw.db'), { busyTimeoutMs: 10_000 });
  migrate(db);
  const insertRun = db.prepare(
    "INSERT INTO runs (status, started_at, source, symbols_json, filters_json) VALUES ('completed', '2026-11-20T05:00:00.000Z', 'simulator', '[]', '{}')",
  );
  const insert = db.prepare(INSERT_RESULT_SQL);
  const texts = createResultTexts(db);
  const args: unknown[] = [];
  let rawMs = 0;
  db.exec('BEGIN');
  let rawRun = Number(insertRun.run().lastInsertRowid);
  let rawRowsInRun = 0;
  for (const batchQuotes of quoteStream()) {
    const batch = computeMetricsBatch({ quotes: batchQuotes, filters, rate: 0.065, basis: 'bid' });
    const insertStarted = performance.now();
    if (rawRowsInRun >= ROWS_PER_RUN) {
      rawRun = Number(insertRun.run().lastInsertRowid);
      rawRowsInRun = 0;
    }
    for (let index = 0; index < batch.length; index++) {
      bindColumnar(args, rawRun, batch, index, texts);
      insert.run(args);
    }
    rawRowsInRun += batch.length;
    rawMs += performance.now() - insertStarted;
  }
  const commitStarted = performance.now();
  db.exec('COMMIT');
  rawMs += performance.now() - commitStarted;
  db.close();
  console.log(
    JSON.stringify({
      part: 'compute-write',
      rows: rowsWritten,
      rowsPerRun: ROWS_PER_RUN,
      pipelineSeconds: pipelineMs / 1000,
      rawInsertSeconds: rawMs / 1000,
      ratio: pipelineMs / rawMs,
      pipelineRowsPerSecond: Math.round((rowsWritten / pipelineMs) * 1000),
      rawRowsPerSecond: Math.round((TOTAL / rawMs) * 1000),
      pipelinePeakRssMiB,
      peakRssMiB: rssMiB(),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
