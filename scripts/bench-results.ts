/**
 * Results-screen benchmark (not a test): a real 100,000-row run in a real profile database,
 * opened in Debian's Chromium through the browser harness and a real createPremia(). Prints time
 * to first rows, sort and filter latency (p50/p95; target p95 < 100 ms) and scroll frame times.
 *
 *   npx vite build --config vite.renderer.config.ts && npx tsx scripts/bench-results.ts [--rows 100000] [--rounds 20]
 *
 * Every figure includes the IPC round trip (WebSocket here, ipcRenderer in the app) and the
 * SQLite query in main, so it is what a trader would feel, on this machine, at this load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  page.setDefaultTimeout(60_000);
  try {
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
    const writeMs = performance.now() - writeStart;

    await page.goto(harness.url);
    await page.getByRole('button', { name: /^Bench/ }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'History' }).click();
    const firstRows: number[] = [];
    for (let round = 0; round < Math.min(ROUNDS, 10); round += 1) {
      await page.getByRole('button', { name: 'History' }).click();
      const open = `document.querySelector('button[data-run-open="${runId}"]').click()`;
      await page.locator(`button[data-run-open="${runId}"]`).waitFor();
      firstRows.push(await timeToFirstRow(page, open));
    }

    const sorts: number[] = [];
    // The default columns' sort buttons, by the start of their labels (the descriptions say more).
    const sortBy = [
      'Sort by Annualized yield',
      'Sort by Annualized return on margin',
      'Sort by Premium',
      'Sort by Out of the money',
    ];
    for (let round = 0; round < ROUNDS; round += 1) {
      const name = sortBy[round % sortBy.length] ?? 'Sort by Premium';
      sorts.push(
        await timeToRequery(page, `document.querySelector('[aria-label^="${name}"]').click()`),
      );
    }
    const filters: number[] = [];
    const chips = ['Calls', 'Puts', 'Both', '≥ 20% a year', 'Any yield'];
    for (let round = 0; round < ROUNDS; round += 1) {
      const text = chips[round % chips.length] ?? 'Both';
      const click = `[...document.querySelectorAll('.chip-toggle')].find((b) => b.textContent === ${JSON.stringify(text)}).click()`;
      filters.push(await timeToRequery(page, click));
    }
    const scroll = (await page.evaluate(`(${SCROLL_FRAMES})(300)`)) as {
      intervals: number[];
      pending: number;
    };

    console.log(
      `Premia results screen: a real ${ROWS.toLocaleString('en-IN')}-row run, Chromium headless, harness over WebSocket`,
    );
    console.log(`writing the run: ${(writeMs / 1000).toFixed(1)} s`);
    console.log(summary('open run → first rows', firstRows));
    console.log(summary('sort latency', sorts));
    console.log(summary('filter (chip) latency', filters));
    chips.forEach((chip, index) => {
      const own = filters.filter((_, round) => round % chips.length === index);
      console.log(summary(`  chip "${chip}"`, own));
    });
    console.log(summary('scroll frame time', scroll.intervals));
    console.log(`rows still loading 0.5 s after the scroll: ${scroll.pending}`);
    const p95 = Math.max(percentile(sorts, 95), percentile(filters, 95));
    console.log(`sort/filter p95 vs 100 ms target: ${(p95 / 100).toFixed(2)}x`);
  } finally {
    await browser.close();
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
