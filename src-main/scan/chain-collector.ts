import type { RankMetric } from '../../src-preload/contract/domains/scans';
import type { ResultBatch, ResultBatchInput, ResultRow } from '../storage/result-row';
import { resultRowsOf } from '../storage/result-row';

/**
 * Applies "top N per underlying" across a whole option chain, which may span quote batches: rows
 * of an underlying are held until its chain is complete, then ranked. Without a top-N filter
 * batches pass straight through (the fast path).
 */
export class ChainCollector {
  private readonly remaining = new Map<string, number>();
  private readonly held = new Map<string, ResultRow[]>();

  constructor(
    chainSizes: ReadonlyMap<string, number>,
    private readonly topN: { readonly n: number; readonly metric: RankMetric } | null,
  ) {
    for (const [underlying, size] of chainSizes) this.remaining.set(underlying, size);
  }

  /** Returns what is ready to write, and the underlyings whose chain this batch completed. */
  add(batch: ResultBatch): { ready: ResultBatchInput[]; completed: string[] } {
    const completed: string[] = [];
    for (let row = 0; row < batch.length; row++) {
      const underlying = batch.underlying[row] ?? '';
      const left = (this.remaining.get(underlying) ?? 1) - 1;
      this.remaining.set(underlying, left);
      if (left === 0) completed.push(underlying);
    }
    if (this.topN === null) return { ready: [batch], completed };
    for (const row of resultRowsOf(batch)) {
      const rows = this.held.get(row.underlying) ?? [];
      rows.push(row);
      this.held.set(row.underlying, rows);
    }
    const ready: ResultBatchInput[] = [];
    for (const underlying of completed) {
      ready.push(this.rank(this.held.get(underlying) ?? []));
      this.held.delete(underlying);
    }
    return { ready, completed };
  }

  /** Rows of chains that never completed (a cancelled or failed scan): written unranked. */
  drain(): ResultRow[] {
    const rows = [...this.held.values()].flat();
    this.held.clear();
    return rows;
  }

  private rank(rows: ResultRow[]): ResultRow[] {
    if (this.topN === null) return rows;
    const { n, metric } = this.topN;
    const value = (row: ResultRow): number => {
      const v = row[metric];
      return typeof v === 'number' && Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
    };
    const ranked = rows.filter((row) => row.passesFilters).sort((a, b) => value(b) - value(a));
    const beyond = new Set(ranked.slice(n));
    return rows.map((row) =>
      beyond.has(row)
        ? { ...row, passesFilters: false, filterReason: `not in the top ${n} by ${metric}` }
        : row,
    );
  }
}
