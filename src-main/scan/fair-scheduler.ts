/**
 * Shares a fixed number of slots (the worker pool's threads) fairly between profiles: each
 * profile's tasks run in the order they were given, and profiles take turns, so a 200-symbol scan
 * cannot starve a 5-symbol scan of another profile that started later.
 */
interface QueuedTask {
  readonly start: () => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

export class FairScheduler {
  private readonly queues = new Map<string, QueuedTask[]>();
  /** Profiles with queued work, in turn order. */
  private readonly turns: string[] = [];
  private running = 0;

  constructor(private readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1)
      throw new RangeError('FairScheduler needs at least one slot');
  }

  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  get active(): number {
    return this.running;
  }

  run<T>(owner: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
        return;
      }
      const queued: QueuedTask = {
        signal,
        start: () => {
          signal?.removeEventListener('abort', queued.onAbort);
          this.running += 1;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.running -= 1;
              this.dispatch();
            });
        },
        onAbort: () => {
          // A task cancelled while waiting leaves the queue without ever taking a slot.
          const queue = this.queues.get(owner);
          const index = queue?.indexOf(queued) ?? -1;
          if (queue !== undefined && index >= 0) queue.splice(index, 1);
          this.forgetIfIdle(owner);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('cancelled'));
        },
      };
      signal?.addEventListener('abort', queued.onAbort, { once: true });
      const queue = this.queues.get(owner);
      if (queue === undefined) {
        this.queues.set(owner, [queued]);
        this.turns.push(owner);
      } else {
        queue.push(queued);
      }
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.slots && this.turns.length > 0) {
      const owner = this.turns.shift();
      if (owner === undefined) return;
      const queue = this.queues.get(owner);
      const next = queue?.shift();
      if (queue !== undefined && queue.length > 0) this.turns.push(owner);
      else this.queues.delete(owner);
      next?.start();
    }
  }

  private forgetIfIdle(owner: string): void {
    const queue = this.queues.get(owner);
    if (queue !== undefined && queue.length === 0) {
      this.queues.delete(owner);
      const turn = this.turns.indexOf(owner);
      if (turn >= 0) this.turns.splice(turn, 1);
    }
  }
}
