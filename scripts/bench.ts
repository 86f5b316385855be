// `npm run bench`: the scan engine's figures, each part in its own process (so each peak RSS is
// its own), measured in one run on this machine. Benchmarks print; they assert nothing.
//   npm run bench [-- --quote-rate 20 --rows 1000000]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'quote-rate': { type: 'string', default: '10' },
    rows: { type: 'string', default: '1000000' },
  },
});

/**
 * Runs one part in a process of its own. `compiled` parts run as Premia runs, compiled
 * JavaScript in every thread (scripts/bench/run-compiled.mjs): through tsx each worker thread
 * would keep a TypeScript compiler resident, ~100 MiB of RSS the app never has.
 */
function part(
  script: string,
  args: string[],
  compiled = false,
): Record<string, number | string | null> {
  const runner = compiled ? ['scripts/bench/run-compiled.mjs'] : ['--import', 'tsx'];
  const child = spawnSync(process.execPath, [...runner, script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    process.stderr.write(child.stdout + child.stderr);
    throw new Error(`${script} failed`);
  }
  return JSON.parse(line) as Record<string, number | string | null>;
}

const num = (value: number | string | null | undefined, digits = 2): string =>
  Number(value).toFixed(digits);
const load = (): string => loadavg()[0]?.toFixed(2) ?? '?';
/** One line of the targets table: what this run measured against issue 15's target. */
interface Target {
  readonly figure: string;
  readonly measured: number;
  readonly unit: string;
  readonly target: number;
  readonly digits: number;
}
const targets: Target[] = [];
console.log(
  `Premia scan benchmark — Node ${process.version}, ${new Date().toISOString()}, load average ${load()}`,
);

const cli = part('scripts/bench/cli-start.ts', []);
console.log(
  [
    `CLI start-up (median of ${cli.times} spawns; bare \`node -e 0\` here ${cli.nodeFloorMs} ms):`,
    `  premia version ${cli.versionMs} ms, premia runs list ${cli.runsListMs} ms (target ≤ 300 ms each)`,
    `  runs list with a cheap scrypt; a real profile adds one derivation at N=2^17: ${cli.defaultKdfMs} ms`,
  ].join('\n'),
);
targets.push(
  {
    figure: `premia version start-up (Node ${process.versions.node})`,
    measured: Number(cli.versionMs),
    unit: 'ms',
    target: 300,
    digits: 0,
  },
  {
    figure: `premia runs list start-up (Node ${process.versions.node})`,
    measured: Number(cli.runsListMs),
    unit: 'ms',
    target: 300,
    digits: 0,
  },
);

const disk = part('scripts/bench/disk-footprint.ts', []);
console.log(
  [
    `Disk per stored option row (full F&O demo scan, ${disk.rows} rows, after a checkpoint):`,
    `  ${disk.resultBytesPerRow} B/row in results (table ${disk.tableBytesPerRow}, indexes ${disk.indexBytesPerRow}, side tables ${disk.sideBytesPerRow}; target ≤ 250); whole file ${disk.fileBytesPerRow} B/row`,
    `  scan ${disk.scans} of a day of scans: ${disk.steadyBytesPerRow} B/row (table ${disk.steadyTableBytesPerRow}, indexes ${disk.steadyIndexBytesPerRow}, side tables ${disk.steadySideBytesPerRow})`,
    `  ${disk.objects}`,
  ].join('\n'),
);
targets.push({
  figure: 'Disk per stored option row, after a checkpoint',
  measured: Number(disk.resultBytesPerRow),
  unit: 'B',
  target: 250,
  digits: 1,
});

const idle = part('scripts/bench/idle-core.ts', []);
console.log(
  `Idle core (one profile signed in, no scan, 3 s): RSS ${idle.rssMiB} MiB (${idle.beforeCoreMiB} MiB before Premia was built; heap used ${idle.heapUsedMiB} MiB)`,
);

const sim = part('scripts/bench/scan-sim.ts', [], true);
console.log(
  [
    `Full F&O scan on the simulator (the demo's market, in process, compiled; two scans, load ${load()}):`,
    `  ${sim.underlyings} underlyings, ${sim.options} options, ${sim.rowsWritten} rows; first scan ${num(sim.firstWallSeconds)} s, second ${num(sim.wallSeconds)} s`,
    `  peak RSS ${sim.peakRssMiB} MiB (main and worker threads: one process)`,
  ].join('\n'),
);
targets.push({
  figure: 'Full F&O scan, simulator: peak RSS',
  measured: Number(sim.peakRssMiB),
  unit: 'MiB',
  target: 250,
  digits: 0,
});

const kite = part('scripts/bench/scan-kite.ts', ['--quote-rate', values['quote-rate']], true);
console.log(
  [
    `Full F&O scan through the Kite client (loopback server enforcing ${kite.quotePerSecond} quote req/s; compiled; load ${load()}):`,
    `  ${kite.underlyings} underlyings, ${kite.options} options, ${kite.quoteLimitedRequests} quote-limited requests (${kite.apiCalls} API calls), ${kite.rateLimited} answered 429`,
    `  wall ${num(kite.wallSeconds)} s, rate-limit floor ${num(kite.floorSeconds)} s (${kite.quoteLimitedRequests} requests × ${num(1 / Number(kite.quotePerSecond), 3)} s) → ratio ${num(kite.ratio, 3)} (target ≤ 1.03); quotes phase ${num(kite.quotesPhaseSeconds)} s`,
    `  margins: ${kite.marginCalls} /margins/orders calls for ${kite.rowsPassing} passing options; wall ${num(kite.wallSeconds)} s with, ${num(kite.wallWithoutMarginsSeconds)} s without → +${num(kite.marginExtraSeconds)} s = ${num(kite.marginExtraPctOfFloor, 1)} % of the quote floor (target ≤ 5 %)`,
    `  peak RSS ${kite.peakRssMiB} MiB over five scans in one process (the day's first, then four full ones)`,
  ].join('\n'),
);
targets.push(
  {
    figure: 'Full F&O scan, loopback Kite: peak RSS',
    measured: Number(kite.peakRssMiB),
    unit: 'MiB',
    target: 250,
    digits: 0,
  },
  {
    figure: `Kite scan wall ÷ rate-limit floor, ${kite.quotePerSecond} req/s`,
    measured: Number(kite.ratio),
    unit: '',
    target: 1.03,
    digits: 3,
  },
);

// Kite's real pace: one full universe, once (about half a minute of quote requests).
const paced = part('scripts/bench/scan-kite.ts', ['--quote-rate', '1', '--quick'], true);
console.log(
  [
    `The same full scan at Kite's real pace, 1 quote request/s (one scan, the whole universe; load ${load()}):`,
    `  ${paced.quoteLimitedRequests} quote-limited requests: wall ${num(paced.wallSeconds)} s, floor ${num(paced.floorSeconds)} s → ratio ${num(paced.ratio, 3)}; peak RSS ${paced.peakRssMiB} MiB`,
  ].join('\n'),
);
targets.push({
  figure: 'Kite scan wall ÷ rate-limit floor, 1 req/s',
  measured: Number(paced.ratio),
  unit: '',
  target: 1.03,
  digits: 3,
});

const compute = part('scripts/bench/compute-write.ts', ['--rows', values.rows], true);
console.log(
  [
    `Compute + write of ${compute.rows} option rows (piscina pool + writer thread, compiled; load ${load()}) vs raw better-sqlite3 insert:`,
    `  pipeline ${num(compute.pipelineSeconds)} s (${compute.pipelineRowsPerSecond} rows/s), raw insert ${num(compute.rawInsertSeconds)} s (${compute.rawRowsPerSecond} rows/s)`,
    `  ratio ${num(compute.ratio, 3)} (target ≤ 1.3); peak RSS ${compute.pipelinePeakRssMiB} MiB through the pipeline (${compute.peakRssMiB} MiB with the raw insert after it)`,
  ].join('\n'),
);
targets.push(
  {
    figure: `${compute.rows}-row compute+write: peak RSS`,
    measured: Number(compute.pipelinePeakRssMiB),
    unit: 'MiB',
    target: 400,
    digits: 0,
  },
  {
    figure: `${compute.rows}-row compute+write ÷ raw insert`,
    measured: Number(compute.ratio),
    unit: '',
    target: 1.3,
    digits: 3,
  },
);

console.log(`\nIssue 15 targets, this run; load average now ${load()}:`);
for (const { figure, measured, unit, target, digits } of targets) {
  const shown = `${measured.toFixed(digits)} ${unit}`.trim();
  const verdict = measured <= target ? 'pass' : 'MISS';
  console.log(
    `  ${figure.padEnd(44)} ${shown.padStart(9)}   target ≤ ${`${target} ${unit}`.trim().padEnd(8)} ${verdict}`,
  );
}
