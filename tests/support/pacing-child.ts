/**
 * A second (third, …) Premia process for the shared pacing tests, run with `node --import tsx`:
 *   pace FILE API_KEY COUNT PER_SECOND  prints "ready", waits for a line on stdin (so that the
 *       test can start every process at once), takes COUNT grants through a real RateLimiter on
 *       the machine-wide pacing file and prints the grant times (the monotonic clock at each
 *       grant decision) as JSON;
 *   hold FILE  opens the pacing file, takes its write lock, prints "locked" and waits to be killed.
 */
import Database from 'better-sqlite3';
import { createMemoryLogger } from '../../src-main/app/logger';
import { RateLimiter } from '../../src-main/market/rate-limiter';
import { machineMonotonicMs, SharedPacing } from '../../src-main/market/shared-pacing';

async function pace(file: string, apiKey: string, count: number, perSecond: number) {
  const logger = createMemoryLogger();
  // Every reading of the clock, so a grant's time is the one its transaction decided on.
  let readings: number[] = [];
  const now = (): number => {
    const time = machineMonotonicMs();
    readings.push(time);
    return time;
  };
  // A machine at load 10+ can stall a process holding the lock for seconds: here the spacing is
  // under test, not the give-up after a stall (its own test holds the lock on purpose).
  const pacing = new SharedPacing({ file, logger, now, maxLockedMs: 60_000 });
  const grants: number[] = [];
  const limiter = new RateLimiter(perSecond, undefined, (intervalMs) => {
    const schedule = pacing.schedule(apiKey, 'quote', intervalMs);
    return {
      tryTake: () => {
        readings = [];
        const wait = schedule.tryTake();
        const decidedAt = readings[0];
        if (wait === 0 && decidedAt !== undefined) grants.push(decidedAt);
        return wait;
      },
      abandon: () => schedule.abandon(),
    };
  });
  const signal = new AbortController().signal;
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  await Promise.all(Array.from({ length: count }, () => limiter.acquire(signal)));
  pacing.close();
  const warnings = logger.entries.filter((entry) => entry.level === 'warn');
  process.stdout.write(
    `${JSON.stringify({ grants, warnings: warnings.length, warned: warnings.map((w) => `${w.event}: ${String(w.fields.reason ?? '')}`) })}\n`,
  );
}

function hold(file: string): void {
  const db = new Database(file);
  db.exec('BEGIN IMMEDIATE');
  process.stdout.write('locked\n');
  setInterval(() => undefined, 60_000);
}

const [mode, file = '', apiKey = '', count = '0', perSecond = '1'] = process.argv.slice(2);
if (mode === 'hold') hold(file);
else await pace(file, apiKey, Number(count), Number(perSecond));
