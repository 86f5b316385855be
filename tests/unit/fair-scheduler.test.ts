import { describe, expect, it } from 'vitest';
import { FairScheduler } from '../../src-main/scan/fair-scheduler';

function recorder(
  started: string[],
  name: string,
  running: { now: number; peak: number },
): () => Promise<string> {
  return async () => {
    started.push(name);
    running.now += 1;
    running.peak = Math.max(running.peak, running.now);
    await new Promise((resolve) => setTimeout(resolve, 1));
    running.now -= 1;
    return name;
  };
}

describe('FairScheduler', () => {
  it('alternates between profiles so a small scan is not starved by a big one', async () => {
    const scheduler = new FairScheduler(1);
    const started: string[] = [];
    const running = { now: 0, peak: 0 };
    const big = Array.from({ length: 6 }, (_, index) =>
      scheduler.run('profile-a', recorder(started, `a${index}`, running)),
    );
    const small = Array.from({ length: 2 }, (_, index) =>
      scheduler.run('profile-b', recorder(started, `b${index}`, running)),
    );
    await expect(Promise.all([...big, ...small])).resolves.toHaveLength(8);
    // a0 starts before b has queued anything; from then on the two profiles take turns.
    expect(started).toEqual(['a0', 'a1', 'b0', 'a2', 'b1', 'a3', 'a4', 'a5']);
    expect(running.peak).toBe(1);
  });

  it('never runs more tasks at once than it has slots', async () => {
    const scheduler = new FairScheduler(2);
    const started: string[] = [];
    const running = { now: 0, peak: 0 };
    const tasks = ['a', 'b', 'c'].flatMap((owner) =>
      Array.from({ length: 4 }, (_, index) =>
        scheduler.run(owner, recorder(started, `${owner}${index}`, running)),
      ),
    );
    await Promise.all(tasks);
    expect(running.peak).toBe(2);
    expect(started).toHaveLength(12);
    expect(scheduler.pending).toBe(0);
    expect(scheduler.active).toBe(0);
  });

  it('drops a waiting task when its scan is cancelled, without taking a slot', async () => {
    const scheduler = new FairScheduler(1);
    const started: string[] = [];
    const running = { now: 0, peak: 0 };
    const controller = new AbortController();
    const first = scheduler.run('a', recorder(started, 'a0', running));
    const cancelled = scheduler.run('a', recorder(started, 'a1', running), controller.signal);
    controller.abort(new Error('scan cancelled'));
    await expect(cancelled).rejects.toThrow('scan cancelled');
    await first;
    expect(started).toEqual(['a0']);
    expect(scheduler.pending).toBe(0);
  });

  it('propagates a task failure to its caller and keeps going', async () => {
    const scheduler = new FairScheduler(1);
    const failing = scheduler.run('a', () => Promise.reject(new Error('boom')));
    const next = scheduler.run('a', () => Promise.resolve('ok'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
