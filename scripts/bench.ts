// `npm run bench`: the scan engine's figures, each part in its own process (so each peak RSS is
// its own), measured in one run on this machine. Benchmarks print; they assert nothing.
//   npm run bench [-- --quote-rate 20 --rows 1000000]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'quote-rate': { type: 'string', default: '10' },
    rows: { type: 'string', default: '1000000' },
  },
});

function part(script: string, args: string[]): Record<string, number | string> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    process.stderr.write(child.stdout + child.stderr);
    throw new Error(`${script} failed`);
  }
  return JSON.parse(line) as Record<string, number | string>;
}

const num = (value: number | string | undefined, digits = 2): string =>
  Number(value).toFixed(digits);
console.log(`Premia scan benchmark — Node ${process.version}, ${new Date().toISOString()}`);

const cli = part('scripts/bench/cli-start.ts', []);
console.log(
  [
    `CLI start-up (median of ${cli.times} spawns; bare \`node -e 0\` here ${cli.nodeFloorMs} ms):`,
    `  premia version ${cli.versionMs} ms, premia runs list ${cli.runsListMs} ms (target ≤ 300 ms each)`,
    `  runs list with a cheap scrypt; a real profile adds one derivation at N=2^17: ${cli.defaultKdfMs} ms`,
  ].join('\n'),
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

const idle = part('scripts/bench/idle-core.ts', []);
console.log(
  `Idle core (one profile signed in, no scan, 3 s): RSS ${idle.rssMiB} MiB (${idle.beforeCoreMiB} MiB before Premia was built; heap used ${idle.heapUsedMiB} MiB)`,
);

const kite = part('scripts/bench/scan-kite.ts', ['--quote-rate', values['quote-rate']]);
console.log(
  [
    `Full F&O scan through the Kite client (loopback server enforcing ${kite.quotePerSecond} quote req/s):`,
    `  ${kite.underlyings} underlyings, ${kite.options} options, ${kite.quoteCalls} quote calls (${kite.apiCalls} API calls), ${kite.rateLimited} answered 429`,
    `  wall ${num(kite.wallSeconds)} s, rate-limit floor ${num(kite.floorSeconds)} s → ratio ${num(kite.ratio, 3)} (target ≤ 1.10); quotes phase ${num(kite.quotesPhaseSeconds)} s`,
    `  margins: ${kite.marginCalls} /margins/orders calls for ${kite.rowsPassing} passing options; wall ${num(kite.wallSeconds)} s with, ${num(kite.wallWithoutMarginsSeconds)} s without → +${num(kite.marginExtraSeconds)} s = ${num(kite.marginExtraPctOfFloor, 1)} % of the quote floor (target ≤ 5 %)`,
    `  peak RSS ${kite.peakRssMiB} MiB`,
  ].join('\n'),
);

const compute = part('scripts/bench/compute-write.ts', ['--rows', values.rows]);
console.log(
  [
    `Compute + write of ${compute.rows} option rows (piscina pool + writer thread) vs raw better-sqlite3 insert:`,
    `  pipeline ${num(compute.pipelineSeconds)} s (${compute.pipelineRowsPerSecond} rows/s), raw insert ${num(compute.rawInsertSeconds)} s (${compute.rawRowsPerSecond} rows/s)`,
    `  ratio ${num(compute.ratio, 3)} (target ≤ 1.5); peak RSS ${compute.peakRssMiB} MiB`,
  ].join('\n'),
);
