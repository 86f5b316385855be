import type { RankMetric } from '../../src-preload/contract/domains/scans';
import { RESULT_COLUMNS, type ResultBatch, type ResultColumn } from '../storage/result-row';

/** Rows of one batch that belong to one underlying, by index. */
interface HeldRows {
  readonly batch: ResultBatch;
  readonly rows: readonly number[];
}

/**
 * Applies "top N per underlying" across a whole option chain, which may span quote batches: the
 * batches of an underlying are held (as they came, typed arrays and all) until its chain is
 * complete, then its rows are gathered into one batch and ranked. Rows never become objects: a
 * full universe's chains cost their columns, not 40-field objects promoted to the old
 * generation while the next quotes arrive. Without a top-N filter batches pass straight through.
 */
export class ChainCollector {
  private readonly remaining = new Map<string, number>();
  private readonly held = new Map<string, HeldRows[]>();

  constructor(
    chainSizes: ReadonlyMap<string, number>,
    private readonly topN: { readonly n: number; readonly metric: RankMetric } | null,
  ) {
    for (const [underlying, size] of chainSizes) this.remaining.set(underlying, size);
  }

  /** Returns what is ready to write, and the underlyings whose chain this batch completed. */
  add(batch: ResultBatch): { ready: ResultBatch[]; completed: string[] } {
    const completed: string[] = [];
    const byUnderlying = new Map<string, number[]>();
    for (let row = 0; row < batch.length; row++) {
      const underlying = batch.underlying[row] ?? '';
      const left = (this.remaining.get(underlying) ?? 1) - 1;
      this.remaining.set(underlying, left);
      if (left === 0) completed.push(underlying);
      const rows = byUnderlying.get(underlying);
      if (rows === undefined) byUnderlying.set(underlying, [row]);
      else rows.push(row);
    }
    if (this.topN === null) return { ready: [batch], completed };
    for (const [underlying, rows] of byUnderlying) {
      const parts = this.held.get(underlying);
      if (parts === undefined) this.held.set(underlying, [{ batch, rows }]);
      else parts.push({ batch, rows });
    }
    const ready: ResultBatch[] = [];
    for (const underlying of completed) {
      ready.push(this.rank(gatherRows(this.held.get(underlying) ?? [])));
      this.held.delete(underlying);
    }
    return { ready, completed };
  }

  /** Rows of chains that never completed (a cancelled or failed scan): written unranked. */
  drain(): ResultBatch {
    const parts = [...this.held.values()].flat();
    this.held.clear();
    return gatherRows(parts);
  }

  /** Marks passing rows beyond the best N as not passing, with the reason; order is kept. */
  private rank(chain: ResultBatch): ResultBatch {
    if (this.topN === null) return chain;
    const { n, metric } = this.topN;
    const values = chain[metric];
    const value = (row: number): number => {
      const v = values[row] ?? Number.NaN;
      return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
    };
    const passing: number[] = [];
    for (let row = 0; row < chain.length; row++) {
      if (chain.passesFilters[row] === 1) passing.push(row);
    }
    // Best first; equal values keep their chain order (what a stable sort of the rows gave).
    passing.sort((a, b) => value(b) - value(a) || a - b);
    const beyond = passing.slice(n);
    if (beyond.length === 0) return chain;
    // The gathered chain's columns are its own: marking them changes no batch still in flight.
    const passesFilters = chain.passesFilters;
    const filterReason = [...chain.filterReason];
    for (const row of beyond) {
      passesFilters[row] = 0;
      filterReason[row] = `not in the top ${n} by ${metric}`;
    }
    return { ...chain, passesFilters, filterReason };
  }
}

/** One column's values at `parts`' rows, in order, in the column's own layout. */
function gatherColumn(
  column: ResultColumn,
  parts: readonly HeldRows[],
  length: number,
): Float64Array | Uint8Array | unknown[] {
  const numeric = column.kind === 'int' || column.kind === 'real';
  if (numeric || column.kind === 'bool') {
    const target = numeric ? new Float64Array(length) : new Uint8Array(length);
    let at = 0;
    for (const { batch, rows } of parts) {
      const source = batch[column.key] as Float64Array | Uint8Array;
      for (const row of rows) target[at++] = source[row] ?? Number.NaN;
    }
    return target;
  }
  const target: unknown[] = new Array<unknown>(length);
  let at = 0;
  for (const { batch, rows } of parts) {
    const source = batch[column.key] as ArrayLike<unknown>;
    for (const row of rows) target[at++] = source[row];
  }
  return target;
}

/** The rows of several batches as one new batch (every column copied, typed arrays included). */
export function gatherRows(parts: readonly HeldRows[]): ResultBatch {
  const length = parts.reduce((total, part) => total + part.rows.length, 0);
  const batch: Record<string, unknown> = { length };
  for (const column of RESULT_COLUMNS) batch[column.key] = gatherColumn(column, parts, length);
  // Built key by key from RESULT_COLUMNS in each column's layout, which ResultBatch mirrors.
  return batch as ResultBatch;
}
