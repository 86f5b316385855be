import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How to start a worker thread (writer thread or piscina pool) for a given entry module. */
export interface WorkerScript {
  readonly filename: string;
  readonly argv: readonly string[];
}

const BOOTSTRAP = fileURLToPath(new URL('./ts-worker-bootstrap.mjs', import.meta.url));

/**
 * A compiled entry (.js, the Electron build) starts directly; a TypeScript source (tests,
 * benchmarks) starts through a bootstrap that registers tsx in the worker and then imports the
 * entry. Code that names its worker by its source (`./writer-thread.ts`) and has itself been
 * bundled (the CLI in out/cli) finds the compiled entry of the same name beside it instead.
 */
export function resolveWorkerScript(entry: URL): WorkerScript {
  const path = fileURLToPath(entry);
  if (!path.endsWith('.ts')) return { filename: path, argv: [] };
  const compiled = `${path.slice(0, -'.ts'.length)}.js`;
  if (!existsSync(path) && existsSync(compiled)) return { filename: compiled, argv: [] };
  return { filename: BOOTSTRAP, argv: [entry.href] };
}

/**
 * Heap limits of Premia's worker threads (the writer and the pool). V8 sizes each thread's young
 * generation for throughput, up to 16 MiB per semi-space, and an app that runs all day keeps that
 * resident in every thread. Our threads stream: parse a tradebook, compute a chain, insert a
 * batch; their garbage is short-lived and small. Measured with `npm run bench:trades` (200,000
 * trades, compiled code): peak RSS 343 MiB with V8's default young generation, 266 MiB at 4 MiB,
 * with the same CPU time for the import and the recompute.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 4 } as const;
