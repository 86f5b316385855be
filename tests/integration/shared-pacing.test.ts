import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import {
  KITE_PACING_FILE,
  PACING_APPLICATION_ID,
  SharedPacing,
} from '../../src-main/market/shared-pacing';

const root = mkdtempSync(join(tmpdir(), 'premia-pacing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
function pacingFile(): string {
  return join(root, `${++files}-${KITE_PACING_FILE}`);
}

const API_KEY = 'kiteapikey42xyz';
const CHILD = join(import.meta.dirname, '../support/pacing-child.ts');

/** Two Premia processes' pacing on one file, in this process, on a clock the test moves. */
function twoProcesses(file: string, start = 1_000_000) {
  const clock = { ms: start };
  const now = (): number => clock.ms;
  const logger = createMemoryLogger();
  const a = new SharedPacing({ file, logger, now });
  const b = new SharedPacing({ file, logger, now });
  return { clock, logger, a, b, close: () => (a.close(), b.close()) };
}

describe('machine-wide Kite pacing, two instances on one file', () => {
  it('hands out slots one interval apart across instances, in the order they asked', () => {
    const { clock, a, b, logger, close } = twoProcesses(pacingFile());
    const quoteA = a.schedule(API_KEY, 'quote', 1000);
    const quoteB = b.schedule(API_KEY, 'quote', 1000);
    expect(quoteA.tryTake()).toBe(0);
    // B asked first for the next slot, then A: B goes at +1000, A at +2000.
    expect(quoteB.tryTake()).toBe(1000);
    expect(quoteA.tryTake()).toBe(2000);
    clock.ms += 1000;
    expect(quoteB.tryTake()).toBe(0);
    expect(quoteA.tryTake()).toBe(1000);
    clock.ms += 1000;
    expect(quoteA.tryTake()).toBe(0);
    expect(logger.entries).toEqual([]);
    close();
  });

  it('keeps API keys and endpoint classes apart', () => {
    const { a, b, close } = twoProcesses(pacingFile());
    expect(a.schedule(API_KEY, 'quote', 1000).tryTake()).toBe(0);
    expect(b.schedule(API_KEY, 'other', 100).tryTake()).toBe(0);
    expect(b.schedule('anotherkey0001', 'quote', 1000).tryTake()).toBe(0);
    expect(b.schedule(API_KEY, 'other', 100).tryTake()).toBe(100);
    close();
  });

  it('pushes the next sender back when a reserved slot is taken late', () => {
    const { clock, a, b, close } = twoProcesses(pacingFile());
    const quoteA = a.schedule(API_KEY, 'quote', 1000);
    const quoteB = b.schedule(API_KEY, 'quote', 1000);
    expect(quoteA.tryTake()).toBe(0);
    expect(quoteA.tryTake()).toBe(1000); // A holds +1000
    expect(quoteB.tryTake()).toBe(2000); // B holds +2000
    clock.ms += 1600; // A's timer fires 600 ms late (a busy machine) and A sends now
    expect(quoteA.tryTake()).toBe(0);
    clock.ms += 400; // B's slot, but only 400 ms after A's actual send
    expect(quoteB.tryTake()).toBe(600);
    clock.ms += 600;
    expect(quoteB.tryTake()).toBe(0);
    close();
  });

  it('gives back a slot whose waiters all left, unless someone reserved after it', () => {
    const { clock, a, b, close } = twoProcesses(pacingFile());
    const quoteA = a.schedule(API_KEY, 'quote', 1000);
    const quoteB = b.schedule(API_KEY, 'quote', 1000);
    expect(quoteA.tryTake()).toBe(0);
    expect(quoteA.tryTake()).toBe(1000);
    quoteA.abandon();
    expect(quoteB.tryTake()).toBe(1000); // the same slot, not the one after it
    expect(quoteA.tryTake()).toBe(2000);
    quoteB.abandon(); // A reserved after B: B's slot stays spent
    clock.ms += 2000;
    expect(quoteA.tryTake()).toBe(0);
    close();
  });

  it('paces real limiters of two registries together: the second waits for the first', async () => {
    const file = pacingFile();
    const logger = createMemoryLogger();
    const limits = { quotePerSecond: 2, otherPerSecond: 10 };
    const one = new SharedPacing({ file, logger });
    const two = new SharedPacing({ file, logger });
    const first = new RateLimiterRegistry(limits, one).forApiKey(API_KEY).quote;
    const second = new RateLimiterRegistry(limits, two).forApiKey(API_KEY).quote;
    const signal = new AbortController().signal;
    await first.acquire(signal);
    let secondGranted = false;
    const waiting = second.acquire(signal).then(() => (secondGranted = true));
    await Promise.resolve();
    expect(secondGranted).toBe(false);
    expect(second.pending).toBe(1);
    await waiting;
    expect(logger.entries).toEqual([]);
    one.close();
    two.close();
  });

  it('discards slots from a previous boot instead of waiting for them', () => {
    const file = pacingFile();
    const before = twoProcesses(file, 9_000_000_000);
    const quote = before.a.schedule(API_KEY, 'quote', 1000);
    expect(quote.tryTake()).toBe(0);
    expect(quote.tryTake()).toBe(1000);
    before.close();
    // After a reboot the monotonic clock starts again near zero.
    const after = twoProcesses(file, 5_000);
    expect(after.a.schedule(API_KEY, 'quote', 1000).tryTake()).toBe(0);
    expect(after.b.schedule(API_KEY, 'quote', 1000).tryTake()).toBe(1000);
    after.close();
  });

  it('stores no API key, only its digest, in a file only this user can read', () => {
    const file = pacingFile();
    const { a, close } = twoProcesses(file);
    a.schedule(API_KEY, 'quote', 1000).tryTake();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(PACING_APPLICATION_ID);
    const keys = db.prepare('SELECT key_digest FROM pace').pluck().all();
    db.close();
    expect(keys).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    for (const part of [file, `${file}-wal`, `${file}-shm`]) {
      expect(readFileSync(part).includes(API_KEY)).toBe(false);
      if (process.platform !== 'win32') expect(statSync(part).mode & 0o777).toBe(0o600);
    }
    close();
  });

  it('falls back to pacing this process alone, with one warning naming the file, when the file is garbage', () => {
    const file = pacingFile();
    writeFileSync(file, 'this is not a database, it is a grocery list\n'.repeat(200));
    const { clock, a, logger, close } = twoProcesses(file);
    const quote = a.schedule(API_KEY, 'quote', 1000);
    expect(quote.tryTake()).toBe(0);
    expect(quote.tryTake()).toBe(1000);
    clock.ms += 1000;
    expect(quote.tryTake()).toBe(0);
    expect(a.shared).toBe(false);
    const warnings = logger.entries.filter((entry) => entry.event === 'kite.pacing.unusable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ file, reason: expect.stringMatching(/NOTADB/) });
    expect(readFileSync(file, 'utf8')).toMatch(/^this is not a database/); // left for the trader
    close();
  });

  it('waits for a lock without blocking, and paces alone only when the lock is held far too long', () => {
    const file = pacingFile();
    const { clock, a, b, logger, close } = twoProcesses(file);
    const quoteA = a.schedule(API_KEY, 'quote', 1000);
    expect(quoteA.tryTake()).toBe(0);
    // A process stopped in the middle of a transaction (a debugger, SIGSTOP) keeps the lock.
    const stuck = new Database(file);
    stuck.exec('BEGIN IMMEDIATE');
    clock.ms += 1000;
    const quoteB = b.schedule(API_KEY, 'quote', 1000);
    const retryMs = quoteB.tryTake();
    expect(retryMs).toBeGreaterThan(0); // ask again shortly: the lock may be released any moment
    clock.ms += 1999;
    expect(quoteB.tryTake()).toBe(retryMs);
    expect(logger.entries).toEqual([]);
    clock.ms += 1;
    expect(quoteB.tryTake()).toBe(0); // two seconds locked: B's own pacing decides
    expect(b.shared).toBe(true);
    expect(logger.entries.map((entry) => entry.event)).toEqual(['kite.pacing.locked']);
    stuck.exec('ROLLBACK');
    stuck.close();
    // B's lone grant still counts for B; then the file is used again and A sees B's grant.
    expect(quoteB.tryTake()).toBe(1000);
    clock.ms += 1000;
    expect(quoteB.tryTake()).toBe(0);
    expect(quoteA.tryTake()).toBe(1000);
    expect(logger.entries).toHaveLength(1);
    close();
  });

  it("refuses another program's SQLite file rather than writing into it", () => {
    const file = pacingFile();
    const other = new Database(file);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    const { a, logger, close } = twoProcesses(file);
    expect(a.schedule(API_KEY, 'quote', 1000).tryTake()).toBe(0);
    expect(a.shared).toBe(false);
    expect(logger.entries[0]?.fields.reason).toMatch(/not a Premia pacing file/);
    close();
  });
});

interface ChildOutcome {
  readonly grants: number[];
  readonly warnings: number;
  /** Each warning's event (and reason), so a failure says which fallback happened. */
  readonly warned: string[];
}

/** Starts pacing children, lets them all begin at once, and collects what each printed. */
async function runChildren(count: number, args: string[]): Promise<ChildOutcome[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', CHILD, 'pace', ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    let stdout = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.startsWith('ready\n')) resolve();
      }),
    );
    const done = new Promise<ChildOutcome>((resolve, reject) =>
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`pacing child exited with ${code}: ${stdout}`));
        else resolve(JSON.parse(stdout.slice('ready\n'.length)) as ChildOutcome);
      }),
    );
    return { ready, done };
  });
  await Promise.all(outputs.map((output) => output.ready));
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(outputs.map((output) => output.done));
}

describe('machine-wide Kite pacing across real processes', () => {
  it('spaces the grants of three processes on one key one interval apart, all together', async () => {
    const file = pacingFile();
    const perSecond = 40;
    const outcomes = await runChildren(3, [file, API_KEY, '12', String(perSecond)]);
    expect(outcomes.map((outcome) => outcome.grants.length)).toEqual([12, 12, 12]);
    expect(outcomes.flatMap((outcome) => outcome.warned)).toEqual([]);
    const grants = outcomes.flatMap((outcome) => outcome.grants).sort((x, y) => x - y);
    const gaps = grants.slice(1).map((at, i) => at - (grants[i] ?? 0));
    // Grant times are read by each process on the machine's shared monotonic clock, inside the
    // transaction that decided them.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / perSecond);
  }, 120_000);

  it('is not blocked by a process killed while holding the file locked', async () => {
    const file = pacingFile();
    // Create the file with its table first, as a running Premia would have.
    const { a, close } = twoProcesses(file);
    a.schedule(API_KEY, 'quote', 1000).tryTake();
    close();
    const holder = spawn(process.execPath, ['--import', 'tsx', CHILD, 'hold', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      holder.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('locked')) resolve();
      }),
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const [outcome] = await runChildren(1, [file, API_KEY, '3', '50']);
    expect(outcome).toMatchObject({ warnings: 0 });
    expect(outcome?.grants).toHaveLength(3);
  }, 120_000);
});
