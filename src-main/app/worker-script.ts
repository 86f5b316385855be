import { fileURLToPath } from 'node:url';

/** How to start a worker thread (writer thread or piscina pool) for a given entry module. */
export interface WorkerScript {
  readonly filename: string;
  readonly argv: readonly string[];
}

const BOOTSTRAP = fileURLToPath(new URL('./ts-worker-bootstrap.mjs', import.meta.url));

/**
 * A compiled entry (.js, the Electron build) starts directly; a TypeScript source (CLI, tests)
 * starts through a bootstrap that registers tsx in the worker and then imports the entry.
 */
export function resolveWorkerScript(entry: URL): WorkerScript {
  const path = fileURLToPath(entry);
  if (path.endsWith('.ts')) return { filename: BOOTSTRAP, argv: [entry.href] };
  return { filename: path, argv: [] };
}
