// Builds the `premia` command (and its worker-thread entries) from src-main into out/cli as
// plain ES modules, so a command starts by loading JavaScript instead of compiling TypeScript
// through tsx at every start (that cost ~0.6 s of every `premia version`).
//
// ensureCliBuilt() is what bin/premia.mjs, `npm run premia`, `npm test` and vitest's global
// setup call: it fingerprints the sources by path, size and mtime (one stat per file, a few
// milliseconds for the whole tree) and rebuilds only when that fingerprint differs from the one
// stored beside the last build. esbuild is imported only when a build is needed, so it stays a
// development dependency.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI_OUT = join(ROOT, 'out', 'cli');
export const CLI_ENTRY = join(CLI_OUT, 'premia.js');
const STAMP = join(CLI_OUT, 'build-stamp.txt');
/** Everything the bundle is made of: a change to any of it makes the build stale. */
const INPUT_DIRS = ['src-main', 'src-preload', 'resources/simulator'];
const INPUT_FILES = ['package.json', 'tsconfig.base.json', 'scripts/cli-build.mjs'];

function collect(dir, into) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, into);
    else if (!entry.name.endsWith('.test.ts')) into.push(path);
  }
}

/** Path, size and mtime of every input: cheap to compute, and changes whenever a source does. */
export function sourceFingerprint() {
  const files = INPUT_FILES.map((file) => join(ROOT, file));
  for (const dir of INPUT_DIRS) {
    if (existsSync(join(ROOT, dir))) collect(join(ROOT, dir), files);
  }
  files.sort();
  const hash = createHash('sha256');
  hash.update(`${process.versions.node.split('.')[0]}\n`);
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${relative(ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function isFresh(fingerprint) {
  return existsSync(CLI_ENTRY) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fingerprint;
}

/**
 * How Premia's Node code is bundled (the CLI here, benchmarks in scripts/bench/run-compiled.mjs):
 * `main` entries plus the two worker threads they start, which code finds beside the bundle by
 * name (see src-main/app/worker-script.ts). Code splitting keeps what they share in common
 * chunks, and turns each command's dynamic import() into a chunk of its own, loaded only when
 * that command runs.
 */
/**
 * zod's classic API re-exports every one of its ~50 message locales as `z.locales` (a third of the
 * bundle, compiled at every start). Premia speaks English (zod's default, which zod imports itself
 * from locales/en.js) and never reads z.locales, so the bundle's locale index keeps English only.
 */
const englishZodOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};

export function bundleOptions(main, outdir) {
  return {
    plugins: [englishZodOnly],
    absWorkingDir: ROOT,
    entryPoints: {
      ...main,
      'writer-thread': 'src-main/storage/writer-thread.ts',
      'pool-worker': 'src-main/scan/pool-worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Pure-JS dependencies (zod, pino) are bundled: loaded as ~130 separate ESM files, zod alone
    // cost ~100 ms of every start, and pino's ~20 CommonJS files ~20 ms more. These load from
    // node_modules as they are: native modules, piscina (it starts its worker file by path) and
    // Electron-only packages. Premia never starts a pino transport (the one pino feature that
    // starts a worker file by path): its log goes to its own rotating files.
    external: ['better-sqlite3', 'keytar', 'piscina', 'electron', 'electron-store'],
    // Bundled CommonJS (pino) still require()s Node's built-in modules: give ES modules a require.
    banner: {
      js: "import { createRequire as __premiaRequire } from 'node:module'; const require = __premiaRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  };
}

async function build(fingerprint) {
  const { build: esbuild } = await import('esbuild');
  // Build beside the old output and swap, so a command started meanwhile never sees half a build.
  const staging = `${CLI_OUT}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await esbuild(bundleOptions({ premia: 'src-main/cli/index.ts' }, staging));
  writeFileSync(join(staging, 'build-stamp.txt'), fingerprint);
  mkdirSync(dirname(CLI_OUT), { recursive: true });
  const retired = `${CLI_OUT}.retired-${process.pid}`;
  try {
    if (existsSync(CLI_OUT)) renameSync(CLI_OUT, retired);
    renameSync(staging, CLI_OUT);
  } catch (error) {
    // Another process built the same sources at the same moment and swapped its build in first.
    if (!isFresh(fingerprint)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}

/** Builds out/cli unless it is already built from the current sources. Returns whether it built. */
export async function ensureCliBuilt() {
  const fingerprint = sourceFingerprint();
  if (isFresh(fingerprint)) return false;
  await build(fingerprint);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const built = await ensureCliBuilt();
  process.stdout.write(
    built
      ? `cli-build: built out/cli in ${Math.round(performance.now() - started)} ms\n`
      : 'cli-build: out/cli is up to date\n',
  );
}
