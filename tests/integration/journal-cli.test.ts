import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { STRONG, tempDataDir } from '../support/vault-fixtures';

/** The CLI in-process with fake streams; no OS keychain, real storage. */
const { dir, cleanup } = tempDataDir();
afterAll(cleanup);
const FIXTURES = join(import.meta.dirname, '../fixtures/journal');

async function premia(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dir, ...args], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([`${STRONG}\n`]),
    env: { PREMIA_KEYCHAIN: 'none' },
  });
  return { code, stdout, stderr };
}

const asAsha = ['--profile', 'Asha', '--password-stdin'];

// Every command opens Premia and derives the profile's key (scrypt): four in one test took 30 s
// at a load average of 19.
describe('premia trades / pnl', { timeout: 120_000 }, () => {
  it('imports tradebooks with a per-file report and a failing exit for a refused file', async () => {
    expect((await premia(['profiles', 'create', 'Asha', '--password-stdin'])).code).toBe(0);
    const result = await premia([
      'trades',
      'import',
      join(FIXTURES, 'tradebook-ZR1234-FO.csv'),
      join(FIXTURES, 'tradebook-ZR1234-FO (1).csv'),
      join(FIXTURES, 'tradebook-ZR1234-bad.csv'),
      ...asAsha,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      '✓ tradebook-ZR1234-FO.csv: 7 new, 0 already stored (2026-01-05 → 2026-01-07, account ZR1234)',
      '✓ tradebook-ZR1234-FO (1).csv: 2 new, 1 already stored (2026-01-07 → 2026-01-09, account ZR1234)',
      '✗ tradebook-ZR1234-bad.csv was not imported — line 3, quantity: "ten" is not a number',
      '',
    ]);
  });

  it('prints realized P&L by underlying as CSV, with the hand-worked FIFO figures', async () => {
    const settle = await premia(['trades', 'settle', 'NIFTY', '2026-01-13', '25400', ...asAsha]);
    expect(settle.code).toBe(0);
    const result = await premia([
      'pnl',
      '--by',
      'underlying',
      '--format',
      'csv',
      '--to',
      '2026-01-13',
      ...asAsha,
    ]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toBe('underlying,trades,gross_pnl,charges,net_pnl');
    const gross = Object.fromEntries(
      rows.map((row) => [row.split(',')[0], Number(row.split(',')[2])]),
    );
    // BANKNIFTY: bought 30 @ 200, sold @ 180. NIFTY: 4050 + 3600 + 1125 − 3750 + 1500.
    expect(gross).toEqual({ BANKNIFTY: -600, NIFTY: 6525 });
    const table = await premia(['pnl', ...asAsha]);
    expect(table.stdout).toMatch(/win rate 66\.7%/);
    expect(table.stdout).toContain('Best day 2026-01-07');
  });

  it('lists trades newest first, filtered by underlying', async () => {
    const result = await premia(['trades', 'list', '--underlying', 'banknifty', ...asAsha]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 of 2 trades.');
    expect(result.stdout.indexOf('SELL')).toBeLessThan(result.stdout.indexOf('BUY'));
  });

  it('shows the charge table and takes a replacement: with every rate at zero, net equals gross', async () => {
    const shown = await premia(['trades', 'rates', ...asAsha]);
    const table = JSON.parse(shown.stdout) as {
      effectiveFrom: string;
      stt: { optionsSell: number };
    }[];
    expect(table.map((row) => [row.effectiveFrom, row.stt.optionsSell])).toEqual([
      ['2024-10-01', 0.1],
      ['2026-04-01', 0.15],
    ]);
    const zero = (value: unknown): unknown =>
      typeof value === 'number'
        ? 0
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zero(v)]))
          : value;
    const file = join(dir, 'zero-rates.json');
    writeFileSync(file, JSON.stringify(table.map(zero)));
    expect((await premia(['trades', 'rates', '--set', file, ...asAsha])).code).toBe(0);
    const pnl = await premia(['pnl', '--format', 'json', ...asAsha]);
    const { stats } = JSON.parse(pnl.stdout) as {
      stats: { grossPnl: number; charges: number; netPnl: number };
    };
    expect(stats.charges).toBe(0);
    expect(stats.netPnl).toBe(stats.grossPnl);
    writeFileSync(file, '[{"effectiveFrom": "2026-01-01"}]');
    const refused = await premia(['trades', 'rates', '--set', file, ...asAsha]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('That charge table does not have the expected fields');
  });
});
