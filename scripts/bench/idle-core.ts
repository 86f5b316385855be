// RSS of an idle core: Premia built by createPremia as the app builds it (writer thread, pool,
// default idle-lock and retention timers), one profile signed in with its run list read, then
// left alone for a few seconds. Prints one JSON line. Run through `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';

const PASSWORD = 'theta-decay-idle-core';
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-idle-'));
try {
  const baseline = process.memoryUsage().rss;
  const premia = await createPremia({
    dataDir,
    keychain: createUnavailableKeychain('benchmark'),
    version: '0.0.0-bench',
    runtime: 'node',
    allowedOrigins: [],
    logger: createMemoryLogger(),
    kdfCost: { N: 2 ** 12, r: 8, p: 1 },
  });
  const profile = await premia.vault.profiles.create({ name: 'idler', password: PASSWORD });
  await premia.vault.profiles.login(profile.id, PASSWORD);
  await premia.storage.listRuns(profile.id, { limit: 20 });
  await sleep(3_000);
  const usage = process.memoryUsage();
  console.log(
    JSON.stringify({
      rssMiB: mib(usage.rss),
      beforeCoreMiB: mib(baseline),
      heapUsedMiB: mib(usage.heapUsed),
    }),
  );
  await premia.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
