/**
 * Results-screen benchmark (not a test): a real 100,000-row run in a real profile database,
 * opened in Debian's Chromium through the browser harness and a real createPremia(). Prints time
 * to first rows, sort and filter-chip latency (p50/p95; issue 15's target: p95 < 50 ms for open,
 * sort and chips at 100,000 rows) and scroll frame times, with the load average beside them.
 *
 *   npm run bench:ui                      (this at 100,000 rows, after the renderer benchmark)
 *   npm run bench:ui:1m                   (this alone at 1,000,000 rows; writing them takes minutes)
 *   npx vite build --config vite.renderer.config.ts && npx tsx scripts/bench-results.ts [--rows 100000] [--rounds 20]
 *
 * Every figure includes the IPC round trip (WebSocket here, ipcRenderer in the app) and the
 * SQLite query in main, so it is what a trader would feel, on this machine, at this load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProfileSummary } from '../src-preload/contract';
import { createMemoryLogger } from '../src-main/app/logger';
import { toRunId } from '../src-main/storage/records';
import { createUnavailableKeychain } from '../src-main/vault/keychain';
import { startHarness } from '../tests/e2e/harness/server';
import { openBrowser } from '../tests/e2e/support/browser';
import { makeResultRows, toResultBatch } from '../tests/support/result-fixtures';
import { percentile, SCROLL_FRAMES, summary, timeToFirstRow, timeToRequery } from './bench-support';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1] ?? fallback) : fallback;
}
const ROWS = flag('--rows', 100_000);
const ROUNDS = flag('--rounds', 20);
const PASSWORD = 'theta harvest 2026!';
/** Issue 15: open, sort and filter chips at p95 under 50 ms on a 100,000-row run. */
const TARGET_MS = 50;

const load = (): string =>
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;

/** One line per measured interaction: its p95 against the target, as a ratio. */
function againstTarget(label: string, values: readonly number[]): string {
  const p95 = percentile(values, 95);
  const verdict = p95 < TARGET_MS ? 'meets' : 'misses';
  return `${label.padEnd(30)} p95 ${p95.toFixed(1).padStart(7)} ms = ${(p95 / TARGET_MS).toFixed(2)}× the ${TARGET_MS} ms target (${verdict})`;
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A profile with one finished run of ROWS rows, written through the app's writer. */
async function writeRun(harness: Harness): Promise<{ runId: number; writeMs: number }> {
  const sender = { url: harness.url, isMainFrame: true };
  const created = await harness.premia.router.dispatch('premia:profiles.create', sender, {
    name: 'Bench',
    password: PASSWORD,
  });
  if (!created.ok) throw new Error(created.error.message);
  const profile = created.value as ProfileSummary;
  const storage = harness.premia.storage;
  const writeStart = performance.now();
  const runId = await storage.createRun(profile.id, {
    source: 'simulator',
    symbols: ['NIFTY', 'BANKNIFTY', 'RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'SBIN', 'ITC'],
    expiry: null,
    filters: {},
  });
  for (let start = 0; start < ROWS; start += 10_000) {
    const rows = makeResultRows(start, Math.min(10_000, ROWS - start));
    await storage.appendResults(profile.id, runId, toResultBatch(rows), { transfer: true });
  }
  await storage.finishRun(profile.id, toRunId(runId), { status: 'completed' });
  return { runId, writeMs: performance.now() - writeStart };
}

// The default columns' sort buttons, by the start of their labels (the descriptions say more).
const SORT_BY = [
  'Sort by Annualized yield',
  'Sort by Annualized return on margin',
  'Sort by Premium',
  'Sort by Out of the money',
];
const CHIPS = ['Calls', 'Puts', 'Both', '≥ 20% a year', 'Any yield'];
const clickChip = (text: string): string =>
  `[...document.querySelectorAll('.chip-toggle')].find((b) => b.textContent === ${JSON.stringify(text)}).click()`;

interface Measured {
  readonly firstRows: number[];
  /** The same opens, timed to the end of the frame after the one that showed the rows. */
  readonly firstRowsNextFrame: number[];
  readonly sorts: number[];
  readonly filters: number[];
  readonly everyRowDefault: number[];
  readonly everyRow: number[];
  readonly scroll: { intervals: number[]; pending: number };
}

/** Opens the run from History, sorts by the default columns, toggles the chips, scrolls. */
async function measure(page: Page, runId: number): Promise<Measured> {
  const firstRows: number[] = [];
  const firstRowsNextFrame: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    await page.getByRole('button', { name: 'History' }).click();
    const open = `document.querySelector('button[data-run-open="${runId}"]').click()`;
    await page.locator(`button[data-run-open="${runId}"]`).waitFor();
    const { painted, nextFrame } = await timeToFirstRow(page, open);
    firstRows.push(painted);
    firstRowsNextFrame.push(nextFrame);
  }
  const everyRowDefault = await toggleEveryRow(page);
  const sorts: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const name = SORT_BY[round % SORT_BY.length] ?? 'Sort by Premium';
    sorts.push(
      await timeToRequery(page, `document.querySelector('[aria-label^="${name}"]').click()`),
    );
  }
  const filters: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    filters.push(await timeToRequery(page, clickChip(CHIPS[round % CHIPS.length] ?? 'Both')));
  }
  const everyRow = await toggleEveryRow(page);
  const scroll = (await page.evaluate(`(${SCROLL_FRAMES})(300)`)) as Measured['scroll'];
  return { firstRows, firstRowsNextFrame, sorts, filters, everyRowDefault, everyRow, scroll };
}

/**
 * Outside the target's chips: "Show filtered-out rows" on (timed) and off again, at the sort on
 * screen. At the default sort (return on margin) every row comes from two indexes merged
 * (migrations 005 and 008); at other sorts from the run's rows in rowid order, sorted.
 */
async function toggleEveryRow(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < Math.max(2, Math.floor(ROUNDS / 4)) * 2; round += 1) {
    const time = await timeToRequery(page, clickChip('Show filtered-out rows'));
    if (round % 2 === 0) times.push(time);
  }
  return times;
}

function report(measured: Measured, writeMs: number, loadStart: string): void {
  const { firstRows, firstRowsNextFrame, sorts, filters, everyRowDefault, everyRow, scroll } =
    measured;
  console.log(
    `Premia results screen: a real ${ROWS.toLocaleString('en-IN')}-row run, Chromium headless, harness over WebSocket`,
  );
  console.log(`writing the run: ${(writeMs / 1000).toFixed(1)} s`);
  console.log(`measured at ${loadStart} → ${load()} (2 cores)`);
  console.log(summary('open run → first rows', firstRows));
  // The first open also pays for cold code and pages; it is one of the samples above.
  console.log(`  first open (cold)             ${(firstRows[0] ?? Number.NaN).toFixed(1)} ms`);
  // Until session 6 an open was timed to the end of the frame after the one that showed its
  // rows (sort and chips never were); printed so older figures stay comparable.
  console.log(summary('  … to the next frame (old)', firstRowsNextFrame));
  console.log(summary('sort latency', sorts));
  console.log(summary('filter (chip) latency', filters));
  CHIPS.forEach((chip, index) => {
    const own = filters.filter((_, round) => round % CHIPS.length === index);
    console.log(summary(`  chip "${chip}"`, own));
  });
  console.log(summary('show filtered-out, by RoM', everyRowDefault));
  const lastSort = (SORT_BY[(ROUNDS - 1) % SORT_BY.length] ?? '').replace('Sort by ', '');
  console.log(summary(`show filtered-out, by ${lastSort}`.slice(0, 30), everyRow));
  console.log(summary('scroll frame time', scroll.intervals));
  console.log(`rows still loading 0.5 s after the scroll: ${scroll.pending}`);
  const size =
    ROWS === 100_000
      ? 'this run'
      : `set at 1,00,000 rows; this run has ${ROWS.toLocaleString('en-IN')}`;
  console.log(`Target (issue 15, ${size}): p95 < ${TARGET_MS} ms`);
  console.log(againstTarget('open run → first rows', firstRows));
  console.log(againstTarget('sort', sorts));
  console.log(againstTarget('filter chips', filters));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-results-'));
  const harness = await startHarness({
    dataDir,
    keychain: createUnavailableKeychain('benchmark'),
    version: '0.0.0-bench',
    runtime: 'node',
    logger: createMemoryLogger(),
    kdfCost: { N: 2 ** 12, r: 8, p: 1 },
    idleCheckIntervalMs: 0,
  });
  const browser = await openBrowser();
  const { page } = browser;
  page.setDefaultTimeout(120_000);
  try {
    const { runId, writeMs } = await writeRun(harness);
    await page.goto(harness.url);
    await page.getByRole('button', { name: /^Bench/ }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'History' }).click();
    const loadStart = load();
    report(await measure(page, runId), writeMs, loadStart);
  } finally {
    await browser.close();
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
