import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { resolveWorkerScript } from '../../src-main/app/worker-script';

describe('resolveWorkerScript', () => {
  it('starts a TypeScript worker_thread entry from source', async () => {
    const script = resolveWorkerScript(new URL('./fixtures/thread.ts', import.meta.url));
    const worker = new Worker(script.filename, { argv: [...script.argv] });
    try {
      await expect(new Promise((resolve) => worker.once('message', resolve))).resolves.toBe(42);
    } finally {
      await worker.terminate();
    }
  });

  it('starts a TypeScript piscina task from source', async () => {
    const script = resolveWorkerScript(new URL('./fixtures/task.ts', import.meta.url));
    const pool = new Piscina({ filename: script.filename, argv: [...script.argv], maxThreads: 1 });
    try {
      await expect(pool.run({ n: 7 })).resolves.toBe(49);
    } finally {
      await pool.destroy();
    }
  });

  it('starts a compiled entry directly', () => {
    const script = resolveWorkerScript(new URL('file:///opt/premia/out/main/writer-thread.js'));
    expect(script).toEqual({ filename: '/opt/premia/out/main/writer-thread.js', argv: [] });
  });

  it('starts the compiled entry beside a bundle that names its worker by the source name', async () => {
    // out/cli: the bundled writer client still says new URL('./writer-thread.ts', ...).
    const dir = mkdtempSync(join(tmpdir(), 'premia-bundle-'));
    try {
      writeFileSync(
        join(dir, 'thread.js'),
        "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage(6 * 7);\n",
      );
      const script = resolveWorkerScript(
        new URL('./thread.ts', pathToFileURL(join(dir, 'bundle.js'))),
      );
      expect(script).toEqual({ filename: join(dir, 'thread.js'), argv: [] });
      const worker = new Worker(script.filename);
      try {
        await expect(new Promise((resolve) => worker.once('message', resolve))).resolves.toBe(42);
      } finally {
        await worker.terminate();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
