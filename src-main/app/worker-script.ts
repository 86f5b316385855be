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
