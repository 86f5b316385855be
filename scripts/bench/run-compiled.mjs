// Runs a benchmark the way Premia runs: compiled JavaScript in every thread. Through tsx, each
// worker thread would compile TypeScript at start and keep the compiler resident, which adds
// ~100 MiB to a peak RSS the app never has. Bundles the benchmark with the two worker entries
// (the writer thread and the pool worker; code that names `./writer-thread.ts` finds the compiled
// one beside it, see src-main/app/worker-script.ts) into out/bench/<name>, then runs it.
//   node scripts/bench/run-compiled.mjs scripts/bench-trades.ts
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleOptions } from '../cli-build.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const entry = process.argv[2];
if (entry === undefined || !entry.endsWith('.ts')) {
  console.error('usage: node scripts/bench/run-compiled.mjs <benchmark.ts>');
  process.exit(2);
}
const name = basename(entry, '.ts');
const outdir = join(ROOT, 'out', 'bench', name);
rmSync(outdir, { recursive: true, force: true });
const { build } = await import('esbuild');
await build(bundleOptions({ [name]: entry }, outdir));
// The benchmark parses its own options: it sees the argv it would see if run directly.
process.argv.splice(2, 1);
await import(pathToFileURL(join(outdir, `${name}.js`)).href);
