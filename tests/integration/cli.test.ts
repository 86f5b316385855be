import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readPackageVersion } from '../../src-main/app/package-info';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/premia.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'premia-cli-'));

async function premia(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, PREMIA_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('premia CLI', () => {
  it('prints help listing the commands', async () => {
    const result = await premia('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: premia');
    expect(result.stdout).toMatch(/doctor\s+Check this machine/);
  });

  it('prints its version, plain and as JSON', async () => {
    const version = readPackageVersion();
    expect((await premia('version')).stdout.trim()).toBe(`Premia ${version}`);
    const json = await premia('version', '--json');
    expect(JSON.parse(json.stdout)).toEqual({ name: 'Premia', version });
  });

  it('runs doctor: ABI, keychain, data directory, disk', async () => {
    const result = await premia('doctor', '--json');
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      dataDir: string;
      abi: { runtimeAbi: string };
      checks: { name: string; ok: boolean; detail: string }[];
    };
    expect(report.dataDir).toBe(dataDir);
    expect(report.abi.runtimeAbi).toBe(process.versions.modules);
    const names = report.checks.map((check) => check.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'data-directory',
        'disk-space',
        'keychain',
        'node-runtime',
        'native:better-sqlite3',
        'native:keytar',
      ]),
    );
    expect(report.checks.find((check) => check.name === 'native:better-sqlite3')?.ok).toBe(true);
    // The suite runs on the Node versions Premia supports (.ci/run: 20 and 24).
    expect(report.checks.find((check) => check.name === 'node-runtime')).toMatchObject({
      ok: true,
      detail: expect.stringContaining(`Node ${process.versions.node}`),
    });
    expect(result.code).toBe(report.ok ? 0 : 1);
    const plain = await premia('doctor');
    expect(plain.stdout).toContain(`data directory  ${dataDir}`);
    expect(plain.stdout).toMatch(/NODE_MODULE_VERSION \d+/);
  });

  it('says clearly when a command does not exist or an option is missing its value', async () => {
    const unknown = await premia('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await premia('doctor', '--data-dir');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--data-dir needs a folder');
  });

  // A profile command starts the storage writer thread before it loads; a command line it then
  // refuses must still stop that thread, or the process would never exit (execFile's timeout
  // would kill it and the exit code would not be 2).
  it('exits after a profile command refuses its command line', async () => {
    const noProfile = await premia('runs', 'list');
    expect(noProfile.code).toBe(2);
    expect(noProfile.stderr).toContain('--profile NAME is required');
    const unknownProfile = await premia('runs', 'list', '--profile', 'Nobody', '--password-stdin');
    expect(unknownProfile.code).toBe(1);
    expect(unknownProfile.stderr).toContain('There is no profile named "Nobody"');
    const help = await premia('runs', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: premia runs list');
  });
});
