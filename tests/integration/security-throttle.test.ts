import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestPremia, STRONG, tempDataDir } from '../support/vault-fixtures';

/**
 * Ten real `premia` processes guess one profile's password at the same instant. Each runs under
 * `script`, so it has a terminal and prompts for the password: the prompt is the sign that the
 * process is ready, and the guesses are typed into all ten only once every one has prompted.
 */
const GUESSERS = 10;
const ROOT = join(import.meta.dirname, '..', '..');

interface Guesser {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

const running: Guesser[] = [];
afterEach(() => {
  for (const guesser of running.splice(0)) guesser.child.kill('SIGKILL');
});

function startGuesser(dataDir: string): Guesser {
  const command = [process.execPath, join(ROOT, 'bin', 'premia.mjs')]
    .concat(['--data-dir', dataDir, 'credentials', 'show', '--profile', 'Asha'])
    .map((part) => `'${part}'`)
    .join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, PREMIA_KEYCHAIN: 'none' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const guesser: Guesser = {
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (guesser.output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (guesser.output += chunk.toString('utf8')));
  running.push(guesser);
  return guesser;
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('attack: many processes guess a password at once', () => {
  it('checks only five guesses; the sixth and later are refused without a key derivation', async () => {
    const { dir, cleanup } = tempDataDir();
    try {
      // A KDF slow enough (16 MiB, tens of ms) that ten unthrottled guesses overlap in time.
      const premia = await openTestPremia(dir, { kdfCost: { N: 2 ** 14, r: 8, p: 1 } });
      await premia.vault.profiles.create({ name: 'Asha', password: STRONG });
      await premia.close();

      const guessers = Array.from({ length: GUESSERS }, () => startGuesser(dir));
      await until(
        () => guessers.every((guesser) => guesser.output.includes('Password for "Asha"')),
        'every process asks for the password',
        120_000,
      );
      for (const guesser of guessers) guesser.child.stdin?.write('wrong-guess-123\r');
      const codes = await Promise.all(guessers.map((guesser) => guesser.exited));
      expect(codes.every((code) => code !== 0)).toBe(true);

      const refusedUnchecked = guessers.filter((guesser) =>
        guesser.output.includes('Too many wrong passwords'),
      );
      const checked = guessers.filter((guesser) =>
        /not right for "Asha"|Wrong password\. After/.test(guesser.output),
      );
      expect({ checked: checked.length, refused: refusedUnchecked.length }).toEqual({
        checked: 5,
        refused: GUESSERS - 5,
      });
      const registry = JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')) as {
        profiles: { throttle: { consecutiveFailures: number } }[];
      };
      expect(registry.profiles[0]?.throttle.consecutiveFailures).toBe(5);

      // Most guessers could not write Asha's audit log (another one held it): none is lost.
      const reopened = await openTestPremia(dir);
      try {
        const asha = reopened.vault.profiles.findByName('Asha');
        const entries = await reopened.vault.audit.list(asha.id, { limit: 100 });
        const failures = entries.filter((entry) => entry.outcome === 'failure');
        const kinds = failures.map((entry) =>
          entry.detail.startsWith('Refused without checking')
            ? 'refused'
            : entry.detail.slice(0, 14),
        );
        expect(kinds.sort()).toEqual([
          ...Array<string>(5).fill('Wrong password'),
          ...Array<string>(5).fill('refused'),
        ]);
      } finally {
        await reopened.close();
      }
    } finally {
      cleanup();
    }
  }, 180_000);
});
