import { fork } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import { toRunId } from '../../src-main/storage/records';
import { Storage } from '../../src-main/storage/storage';
import { ALICE, tempDataDir } from './support/storage-harness';

const CHILD = fileURLToPath(new URL('./fixtures/crash-writer-child.ts', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type ChildMessage = { type: 'started'; runId: number } | { type: 'committed'; batch: number };

describe('Storage after a crash', () => {
  it('keeps every committed batch when the writing process is SIGKILLed mid-scan', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const child = fork(CHILD, [dataDir, ALICE], {
      execArgv: ['--import', 'tsx'],
      cwd: process.cwd(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = once(child, 'exit');
    let runId = 0;
    let lastCommitted = -1;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`child exited early with code ${code}`)));
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'started') runId = message.runId;
        if (message.type !== 'committed') return;
        lastCommitted = message.batch;
        // Killed while it keeps writing: the next batches are in flight at this moment.
        if (message.batch === 7) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    const [code, signal] = await exited;
    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');
    expect(lastCommitted).toBe(7);

    const storage = await Storage.open({ dataDir, logger: createMemoryLogger() });
    try {
      const run = await storage.getRun(ALICE, toRunId(runId));
      expect(run.status).toBe('interrupted');
      expect(run.errorSummary).toMatch(/stopped before this scan finished/);
      expect(run.rowsWritten).toBeGreaterThanOrEqual(8 * 500);
      const page = await storage.queryResults(ALICE, { runId: run.id, limit: 1 });
      expect(page.total).toBe(run.rowsWritten);
    } finally {
      await storage.close();
    }

    const db = new Database(join(dataDir, 'profiles', ALICE, 'premia.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const perBatch = db.prepare(
        "SELECT count(*) FROM results WHERE run_id = ? AND tradingsymbol LIKE '%B' || ? || '-%'",
      );
      for (let batch = 0; batch <= 7; batch += 1) {
        expect(perBatch.pluck().get(runId, String(batch))).toBe(500);
      }
    } finally {
      db.close();
    }
  });
});
