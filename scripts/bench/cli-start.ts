// Start-up of the `premia` command: `premia version` and `premia runs list` spawned as a trader's
// shell would, several times each, beside a bare `node -e 0` on the same machine at the same
// moment (the floor no CLI can go below). The profile is made with a cheap scrypt cost so the
// figure is the CLI's own start-up; one derivation at the real cost is timed separately and
// printed beside it (a real profile's `runs list` pays it once, by design).
// Prints one JSON line. Run through `npm run bench` or `npm run bench:cli`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { DEFAULT_KDF_COST, deriveKek, newKdfParams } from '../../src-main/vault/crypto';

const TIMES = 7;
const PASSWORD = 'theta-decay-start-up';
const BIN = join(import.meta.dirname, '../../bin/premia.mjs');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeSpawn(args: string[], env: NodeJS.ProcessEnv, input = ''): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { env, input, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return elapsed;
}

const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-cli-'));
try {
  const premia = await createPremia({
    dataDir,
    keychain: createUnavailableKeychain('benchmark'),
    version: '0.0.0-bench',
    runtime: 'node',
    allowedOrigins: [],
    logger: createMemoryLogger(),
    kdfCost: { N: 2 ** 12, r: 8, p: 1 },
    idleCheckIntervalMs: 0,
  });
  await premia.vault.profiles.create({ name: 'starter', password: PASSWORD });
  await premia.close();

  const env = { ...process.env, PREMIA_DATA_DIR: dataDir, PREMIA_KEYCHAIN: 'none' };
  // The first run builds out/cli if the sources changed; it is not counted.
  timeSpawn([BIN, 'version'], env);
  const nodeFloor: number[] = [];
  const version: number[] = [];
  const runsList: number[] = [];
  for (let round = 0; round < TIMES; round += 1) {
    nodeFloor.push(timeSpawn(['-e', '0'], env));
    version.push(timeSpawn([BIN, 'version'], env));
    runsList.push(
      timeSpawn(
        [BIN, 'runs', 'list', '--profile', 'starter', '--password-stdin'],
        env,
        `${PASSWORD}\n`,
      ),
    );
  }
  const kdfStarted = performance.now();
  await deriveKek(PASSWORD, newKdfParams(DEFAULT_KDF_COST));
  const kdfMs = performance.now() - kdfStarted;
  console.log(
    JSON.stringify({
      times: TIMES,
      nodeFloorMs: Math.round(median(nodeFloor)),
      versionMs: Math.round(median(version)),
      runsListMs: Math.round(median(runsList)),
      defaultKdfMs: Math.round(kdfMs),
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
