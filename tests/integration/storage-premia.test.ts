import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { resolveWorkerScript } from '../../src-main/app/worker-script';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { ALICE, tempDataDir, userError } from './support/storage-harness';

describe('createPremia wires storage', () => {
  it('opens storage on the data directory with the given writer script and closes it with Premia', async () => {
    const dataDir = tempDataDir();
    const logger = createMemoryLogger();
    try {
      const premia = await createPremia({
        dataDir,
        keychain: createUnavailableKeychain('none in tests'),
        version: '0.0.0-test',
        runtime: 'node',
        allowedOrigins: [],
        logger,
        writerScript: resolveWorkerScript(
          new URL('../../src-main/storage/writer-thread.ts', import.meta.url),
        ),
      });
      await premia.storage.appendAudit(ALICE, { action: 'profile.created', outcome: 'success' });
      expect((await premia.storage.usage(ALICE)).databaseBytes).toBeGreaterThan(0);
      await premia.close();
      expect((await userError(premia.storage.listAudit(ALICE))).message).toMatch(
        /storage is closed/,
      );
      expect(logger.entries.some((entry) => entry.event === 'storage.writer.opened')).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
