import type { ProfileWriter, ResultSegment } from './profile-writer';
import type { WriterOps } from './protocol';
import type { ResultBatch, ResultRow } from './result-row';
import { countPassing } from './results-insert';

type AppendValue = WriterOps['appendResults']['value'];

interface PendingAppend {
  readonly seq: number;
  readonly runId: number;
  readonly batch: readonly ResultRow[] | ResultBatch;
  /** Rows before this index are committed. */
  committed: number;
}

export interface AppendReplies {
  ok(seq: number, value: AppendValue): void;
  failed(seq: number, error: unknown): void;
}

/**
 * Group commit for one profile's result rows. Appends that arrive together (the writer was
 * busy while producers kept sending) are packed into full transactions of `rowsPerTransaction`
 * rows, whatever their batch sizes: a commit costs about the same for 100 rows as for 2,000,
 * because it rewrites every index page the run has touched. Each request is answered once its
 * last row is committed; a failed transaction fails every request with rows in it.
 */
export class ResultAppender {
  private readonly queue: PendingAppend[] = [];

  constructor(
    private readonly writer: ProfileWriter,
    private readonly rowsPerTransaction: number,
    private readonly replies: AppendReplies,
  ) {}

  /** Accepts a batch for a running scan (checked now, while the caller can still be told). */
  enqueue(seq: number, runId: number, batch: readonly ResultRow[] | ResultBatch): void {
    this.writer.assertRunning(runId);
    this.queue.push({ seq, runId, batch, committed: 0 });
  }

  /** Commits everything queued, one bounded transaction at a time. */
  flush(): void {
    while (this.queue.length > 0) {
      const segments = this.nextTransaction();
      try {
        this.writer.insertSegments(segments);
      } catch (error) {
        this.failTouched(segments, error);
        continue;
      }
      for (const segment of segments) {
        // Segments cover the head of the queue, in order.
        const append = this.queue[0];
        if (append === undefined) break;
        append.committed = segment.end;
        if (append.committed < append.batch.length) break;
        this.queue.shift();
        this.replies.ok(append.seq, {
          rowsWritten: append.batch.length,
          rowsPassing: countPassing(append.batch, 0, append.batch.length),
        });
      }
    }
  }

  private nextTransaction(): ResultSegment[] {
    const segments: ResultSegment[] = [];
    let room = this.rowsPerTransaction;
    for (const append of this.queue) {
      if (room === 0) break;
      const take = Math.min(room, append.batch.length - append.committed);
      segments.push({
        runId: append.runId,
        batch: append.batch,
        start: append.committed,
        end: append.committed + take,
      });
      room -= take;
    }
    return segments;
  }

  private failTouched(segments: readonly ResultSegment[], error: unknown): void {
    for (let index = 0; index < segments.length; index += 1) {
      const append = this.queue.shift();
      if (append !== undefined) this.replies.failed(append.seq, error);
    }
  }
}
