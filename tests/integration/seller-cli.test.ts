import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src-main/cli/commands/demo';

const BIN = join(import.meta.dirname, '../../bin/premia.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'premia-seller-cli-'));

async function premia(
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFile(process.execPath, [BIN, ...args], {
    env: { ...process.env, PREMIA_DATA_DIR: dataDir, PREMIA_KEYCHAIN: 'none' },
    timeout: 120_000,
  });
  child.stdin?.end(stdin ?? '');
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the seller's numbers from the command line (simulator)", () => {
  it('scans the index universe on the Seller defaults: return on margin, bid basis, resolved expiries', async () => {
    // The demo creates the profile (and scans once); the index scan follows with new settings.
    expect((await premia(['demo', '--limit', '1'])).code).toBe(0);
    const settings = await premia(
      ['settings', '--profile', 'Demo', '--risk-free-rate', '6.25', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(settings.code).toBe(0);
    expect(settings.stdout).toContain('Risk-free rate: 6.25 %');
    const result = await premia(
      ['scan', '--profile', 'Demo', '--universe', 'indices', '--basis', 'bid', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Ann\. RoM %/);
    expect(result.stdout).toMatch(/Expiries used: \d{4}-\d{2}-\d{2} \(\d+ underlyings\)/);
    expect(result.stdout).toContain('Priced on the bid, Black-76 on the forward, r = 6.25 %.');
    const bad = await premia(
      ['scan', '--profile', 'Demo', '--universe', 'everything', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--universe is fno-stocks or indices');
  }, 300_000);
});
