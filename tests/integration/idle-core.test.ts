import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPremia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import { createUnavailableKeychain } from '../../src-main/vault/keychain';
import { STRONG, TEST_KDF } from '../support/vault-fixtures';

interface TimerRecord {
  readonly kind: 'timeout' | 'interval';
  readonly delayMs: number;
  readonly where: string;
  active: boolean;
}

/**
 * Records every timer the main thread starts from now on, and whether it is still pending, by
 * wrapping the global timer functions (the core takes no timer seam; this sees every timer,
 * libraries' included). Returns the records and the function that puts the globals back.
 */
function recordTimers(): { timers: TimerRecord[]; restore: () => void } {
  const timers: TimerRecord[] = [];
  const byHandle = new Map<unknown, TimerRecord>();
  const original = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  const track = (kind: TimerRecord['kind'], delay: number | undefined): TimerRecord => {
    const record: TimerRecord = {
      kind,
      delayMs: Math.max(1, delay ?? 1),
      where: (new Error().stack ?? '').split('\n').slice(3, 5).join(' <- ').trim(),
      active: true,
    };
    timers.push(record);
    return record;
  };
  const patched = {
    setTimeout: ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
      const record = track('timeout', delay);
      const handle = original.setTimeout(
        (...inner: unknown[]) => {
          record.active = false;
          callback(...inner);
        },
        delay,
        ...args,
      );
      byHandle.set(handle, record);
      return handle;
    }) as typeof setTimeout,
    setInterval: ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
      const handle = original.setInterval(callback, delay, ...args);
      byHandle.set(handle, track('interval', delay));
      return handle;
    }) as typeof setInterval,
    clearTimeout: ((handle: Parameters<typeof clearTimeout>[0]) => {
      const record = byHandle.get(handle);
      if (record !== undefined) record.active = false;
      original.clearTimeout(handle);
    }) as typeof clearTimeout,
    clearInterval: ((handle: Parameters<typeof clearInterval>[0]) => {
      const record = byHandle.get(handle);
      if (record !== undefined) record.active = false;
      original.clearInterval(handle);
    }) as typeof clearInterval,
  };
  Object.assign(globalThis, patched);
  return { timers, restore: () => Object.assign(globalThis, original) };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('an idle core (profile open, no scan)', () => {
  it('keeps no timer that wakes the process more than once a second', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'premia-idle-'));
    dirs.push(dataDir);
    const { timers, restore } = recordTimers();
    try {
      // The app's own timer settings: idle auto-lock and retention checks left at their defaults.
      const premia = await createPremia({
        dataDir,
        keychain: createUnavailableKeychain('no Secret Service in this test'),
        version: '0.0.0-test',
        runtime: 'node',
        allowedOrigins: ['file://'],
        logger: createMemoryLogger(),
        kdfCost: TEST_KDF,
      });
      try {
        const profile = await premia.vault.profiles.create({ name: 'Idle', password: STRONG });
        await premia.vault.profiles.login(profile.id, STRONG);
        await premia.storage.listRuns(profile.id, { limit: 5 });
        const pending = timers.filter((timer) => timer.active);
        // The core does keep timers (idle auto-lock, retention): the recorder sees them.
        expect(pending.some((timer) => timer.kind === 'interval')).toBe(true);
        const tooFrequent = pending.filter((timer) => timer.delayMs < 1_000);
        expect(tooFrequent, JSON.stringify(tooFrequent, null, 1)).toEqual([]);
      } finally {
        await premia.close();
      }
    } finally {
      restore();
    }
  });
});
