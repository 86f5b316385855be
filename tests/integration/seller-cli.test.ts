import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { premiaCli } from '../support/premia-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src-main/cli/commands/demo';

const dataDir = mkdtempSync(join(tmpdir(), 'premia-seller-cli-'));
/** The real `premia` executable on this test's data folder. */
const premia = premiaCli(dataDir);

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
