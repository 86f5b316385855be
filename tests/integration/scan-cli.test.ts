import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { premiaCli } from '../support/premia-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src-main/cli/commands/demo';

const dataDir = mkdtempSync(join(tmpdir(), 'premia-scan-cli-'));
/** The real `premia` executable on this test's data folder. */
const premia = premiaCli(dataDir);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Each test starts one to four real CLI processes (tsx start-up, scrypt): on a loaded machine
// that takes longer than the default 30 s per test.
describe('premia demo / scan / runs on the simulator', { timeout: 120_000 }, () => {
  it('demo creates the demo profile, scans every F&O stock and prints the best yields', async () => {
    const result = await premia(['demo', '--limit', '5']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Created the profile "Demo"');
    expect(result.stderr).toMatch(/scan done: (\d+)\/\1 underlyings/);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Symbol\s+Type\s+Strike/);
    expect(lines.slice(1, 6)).toHaveLength(5);
    expect(result.stdout).toMatch(/Run #1 completed \(simulator\).*\d{3} underlyings/);
    const stored = /Stored in (.+premia\.db)/.exec(result.stdout)?.[1];
    expect(stored !== undefined && existsSync(stored)).toBe(true);
  });

  it('scans chosen symbols as CSV, reports unknown ones with suggestions', async () => {
    const result = await premia(
      [
        'scan',
        '--profile',
        'Demo',
        '--symbols',
        'reliance, NIFTY BANK,RELIANC',
        '--type',
        'PE',
        '--format',
        'csv',
        '--password-stdin',
      ],
      `${DEMO_PASSWORD}\n`,
    );
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header?.split(',')).toEqual(
      expect.arrayContaining(['tradingsymbol', 'optionType', 'annualizedYieldPct']),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(',PE,');
    expect(result.stderr).toMatch(/Unknown symbols: RELIANC \(did you mean RELIANCE/);
  });

  it('exits 1 when no underlying could be scanned, and says why', async () => {
    const result = await premia(
      ['scan', '--profile', 'Demo', '--symbols', 'NOTASTOCK,ALSONOT', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Run #\d+ failed \(simulator\)/);
    expect(result.stdout).toContain('None of the symbols is an F&O underlying today.');
  });

  it('lists, shows and exports past runs offline', async () => {
    const list = await premia(
      ['runs', 'list', '--profile', 'Demo', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(list.stdout).toMatch(/#2 .*completed/);
    expect(list.stdout).toMatch(/#1 .*completed/);
    const show = await premia(
      ['runs', 'show', '2', '--profile', 'Demo', '--limit', '3', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Run #2 completed/);
    const exported = await premia(
      ['runs', 'export', '1', '--profile', 'Demo', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    const path = /Exported (\d+) rows to (.+\.csv)/.exec(exported.stdout);
    expect(path).not.toBeNull();
    const csv = readFileSync(path?.[2] ?? '', 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(Number(path?.[1]) + 1);
    // Three real processes, each a full start and a 2^17 scrypt: 30 s is too tight on a busy machine.
  }, 90_000);

  it('exports the rows the screen would show to a path given on the command line', async () => {
    // Like the results screen: passing rows of one underlying, to the path given, in IST and
    // at display precision; an existing file is not overwritten.
    const out = join(dataDir, 'reliance-puts.csv');
    const chosen = await premia(
      [
        'runs',
        'export',
        '2',
        '--profile',
        'Demo',
        '--underlying',
        'reliance',
        '--out',
        out,
        '--password-stdin',
      ],
      `${DEMO_PASSWORD}\n`,
    );
    expect(chosen.stdout).toContain(`to ${out}`);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\r\n');
    const columns = (header ?? '').split(',');
    const at = (name: string) => columns.findIndex((column) => column.startsWith(name));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows.map((line) => line.split(','))) {
      expect(row[at('underlying')]).toBe('RELIANCE');
      expect(row[at('passes_filters')]).toBe('1');
      expect(row[at('quote_time')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
    }
    expect(rows.join('\n')).not.toMatch(/\d\.\d{4,}/);
    const again = await premia(
      ['runs', 'export', '2', '--profile', 'Demo', '--out', out, '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });

  it('refuses out-of-range and contradictory filters in words', async () => {
    // Never as a schema path such as "filters.maxSpreadPct: Too small".
    const negativeSpread = await premia(
      ['scan', '--profile', 'Demo', '--symbols', 'TCS', '--max-spread=-1', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(negativeSpread.code).not.toBe(0);
    expect(negativeSpread.stderr).toContain('Spread % at most cannot be below 0.');
    expect(negativeSpread.stderr).not.toMatch(/maxSpreadPct|Too small/);
    const contradictory = await premia(
      [
        'scan',
        '--profile',
        'Demo',
        '--symbols',
        'TCS',
        '--otm-min',
        '10',
        '--otm-max',
        '2',
        '--password-stdin',
      ],
      `${DEMO_PASSWORD}\n`,
    );
    expect(contradictory.stderr).toContain(
      'OTM % at most (2) is below OTM % at least (10): no strike can be both.',
    );
  });

  it('refuses bad input with clear messages', async () => {
    const wrong = await premia(
      ['runs', 'list', '--profile', 'Demo', '--password-stdin'],
      'not-the-password\n',
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('password is not right');
    const badExpiry = await premia(
      ['scan', '--profile', 'Demo', '--symbols', 'TCS', '--expiry', 'friday'],
      '',
    );
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toContain('--expiry is YYYY-MM-DD');
    const badFilter = await premia(
      ['scan', '--profile', 'Demo', '--symbols', 'TCS', '--max-delta', 'lots'],
      '',
    );
    expect(badFilter.stderr).toContain('--max-delta needs a number');
    const missingRun = await premia(
      ['runs', 'show', '999', '--profile', 'Demo', '--password-stdin'],
      `${DEMO_PASSWORD}\n`,
    );
    expect(missingRun.code).not.toBe(0);
    expect(missingRun.stderr).toMatch(/999/);
    // Four CLI processes (each loads the sources through tsx): 19–30 s on a busy 2-core box.
  }, 90_000);
});
