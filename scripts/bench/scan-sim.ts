// Part of `npm run bench`: a full F&O universe scan on the built-in simulator (the demo's market:
// no network, no rate limit), in-process through createPremia as the app and the CLI run it.
// The day's first scan builds the instrument list; a second scan reuses it. Prints one JSON line
// with the process's peak RSS (main and every worker thread share it).
//   node scripts/bench/run-compiled.mjs scripts/bench/scan-sim.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock } from '../../src-main/app/clock';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';

const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-sim-'));
const premia = await createPremia({
  dataDir,
  keychain: createUnavailableKeychain('benchmark'),
  version: 'bench',
  runtime: 'node',
  allowedOrigins: [],
  clock: createManualClock(new Date('2026-11-20T05:00:00Z')), // a Friday, 10:30 IST
  logger: createMemoryLogger(),
  kdfCost: { N: 2 ** 12, r: 8, p: 1 },
  idleCheckIntervalMs: 0,
});
try {
  const password = 'quiet river stones 42';
  const profile = await premia.vault.profiles.create({ name: 'Bench', password });
  await premia.vault.profiles.login(profile.id, password);
  const fullScan = async () => {
    const started = performance.now();
    const summary = await (
      await premia.scans.start(profile.id, {
        symbols: [],
        watchlist: 'fno-stocks',
        expiry: 'nearest',
      })
    ).done;
    return { summary, wallSeconds: (performance.now() - started) / 1000 };
  };
  const first = await fullScan();
  const second = await fullScan();
  console.log(
    JSON.stringify({
      part: 'scan-sim',
      status: second.summary.status,
      underlyings: second.summary.underlyingsTotal,
      options: second.summary.optionsTotal,
      rowsWritten: second.summary.rowsWritten,
      firstWallSeconds: first.wallSeconds,
      wallSeconds: second.wallSeconds,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await premia.close();
  rmSync(dataDir, { recursive: true, force: true });
}
