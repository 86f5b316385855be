/**
 * `premia agents` and `premia alerts` on real storage and the built-in market; `agents serve` as
 * the real executable, stopped by SIGTERM (clean shutdown) and by SIGKILL mid-run: what was
 * committed before the signal is all still there.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { STRONG, tempDataDir } from '../support/vault-fixtures';

const { dir, cleanup } = tempDataDir();
afterAll(cleanup);
const BIN = join(import.meta.dirname, '../../bin/premia.mjs');
const asAsha = ['--profile', 'Asha', '--password-stdin'];

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

async function alertCount(): Promise<number> {
  const { stdout } = await premia(['--json', 'alerts', '--limit', '500', ...asAsha]);
  return (JSON.parse(stdout) as { alerts: unknown[] }).alerts.length;
}

/** `premia agents serve` as a child process; resolves once it has started a run. */
function serve(): {
  started: Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null; stdout: string }>;
  kill(signal: NodeJS.Signals): void;
} {
  const child = spawn(
    process.execPath,
    [BIN, '--data-dir', dir, 'agents', 'serve', '--run-now', ...asAsha],
    { env: { ...process.env, PREMIA_KEYCHAIN: 'none' } },
  );
  child.stdin.end(`${STRONG}\n`);
  let stdout = '';
  let sawStart: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (sawStart = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('run started')) sawStart();
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { started, exited, kill: (signal) => child.kill(signal) };
}

describe('premia agents / alerts', () => {
  it('adds, lists, pauses, resumes and runs an agent, and reads its alerts', async () => {
    expect((await premia(['profiles', 'create', 'Asha', '--password-stdin'])).code).toBe(0);
    const bad = await premia([
      'agents',
      'add',
      'Too fast',
      '--symbols',
      'NIFTY',
      '--every',
      '0',
      '--rom-above',
      '10',
      ...asAsha,
    ]);
    expect(bad).toMatchObject({ code: 2, stderr: 'premia: Agents run at most once a minute.\n' });
    const added = await premia([
      'agents',
      'add',
      'Stocks',
      '--symbols',
      'NIFTY,BANKNIFTY,RELIANCE,INFY,TCS,HDFCBANK',
      '--every',
      '15',
      '--rom-above',
      '0',
      ...asAsha,
    ]);
    expect(added).toMatchObject({ code: 0, stdout: 'Added agent #1.\n' });
    expect((await premia(['agents', 'pause', '1', ...asAsha])).stdout).toBe('Agent #1 paused.\n');
    expect((await premia(['agents', 'list', ...asAsha])).stdout).toContain(
      'paused: Paused by you.',
    );
    expect((await premia(['agents', 'resume', '1', ...asAsha])).stdout).toBe('Agent #1 resumed.\n');
    const run = await premia(['agents', 'run-now', '1', ...asAsha]);
    expect(run.stdout).toMatch(/^#1: run 1 completed, \d+ new alert\(s\)\.\n$/);
    const listed = (await premia(['agents', 'list', ...asAsha])).stdout;
    expect(listed).toContain('#1 Stocks — every 15 min, 09:15–15:30 IST on NSE trading days');
    expect(listed).toMatch(/last run .* IST: completed, \d+ option\(s\) in the filtered set/);
    const inbox = await premia(['alerts', '--unread', ...asAsha]);
    expect(inbox.stdout).toMatch(/● #\d+ .* IST {2}Stocks {2}.*annualized return on margin/);
    expect((await premia(['alerts', 'read', '--all', ...asAsha])).stdout).toMatch(
      /^Marked \d+ alert\(s\) read\.\n$/,
    );
    expect((await premia(['alerts', '--unread', ...asAsha])).stdout).toBe('No alerts.\n');
    expect((await premia(['agents', 'run-now', '7', ...asAsha])).stderr).toBe(
      'premia: This profile has no agent 7.\n',
    );
  }, 300_000);

  it('serve stops cleanly on SIGTERM mid-run and loses nothing committed', async () => {
    const before = await alertCount();
    const served = serve();
    await served.started;
    served.kill('SIGTERM');
    const { code, stdout } = await served.exited;
    expect(stdout).toContain('SIGTERM: stopping');
    expect(stdout).toContain('Stopped cleanly.');
    expect(code).toBe(0);
    expect(await alertCount()).toBeGreaterThanOrEqual(before);
    // The run that was cut short is finished (completed, or failed as cancelled), never left open.
    const listed = (await premia(['--json', 'agents', 'list', ...asAsha])).stdout;
    const [agent] = JSON.parse(listed) as { lastRun: { status: string } }[];
    expect(['completed', 'failed']).toContain(agent?.lastRun.status);
  }, 300_000);

  it('serve killed outright mid-run keeps every committed alert; the run shows as interrupted', async () => {
    const before = await alertCount();
    const served = serve();
    await served.started;
    served.kill('SIGKILL');
    expect((await served.exited).signal).toBe('SIGKILL');
    expect(await alertCount()).toBeGreaterThanOrEqual(before);
    const listed = (await premia(['--json', 'agents', 'list', ...asAsha])).stdout;
    const [agent] = JSON.parse(listed) as { lastRun: { status: string } }[];
    expect(['completed', 'interrupted']).toContain(agent?.lastRun.status);
    // The profile opens and runs again after the kill.
    expect((await premia(['agents', 'run-now', '1', ...asAsha])).code).toBe(0);
  }, 300_000);
});
