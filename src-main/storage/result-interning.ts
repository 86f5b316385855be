import { CHAIN_COLUMNS } from './migrations/006_chains';
import type { SqliteDatabase } from './sqlite';

/**
 * Interned values the writer thread's connection keeps: filter reasons (result_texts) and
 * chains (result_chains), with the scratch the binding reuses between rows.
 */
export interface ResultTexts {
  idOf(text: string): number;
  /** The id of the run's chain with exactly these values (result_chains' column order). */
  chainOf(runId: number, values: readonly unknown[]): number;
  /** 10:00 UTC (15:30 IST) of an ISO calendar day in epoch milliseconds; null for other text. */
  expiryCloseMs(expiry: string): number | null;
  /** Reused for each row's chain values (no allocation per row). */
  readonly chainValues: unknown[];
  /**
   * Drops the caches: after a rollback or a prune their ids may no longer exist, and a new run
   * may reuse a deleted run's id.
   */
  forget(): void;
}

const SAME_CHAIN = CHAIN_COLUMNS.map((name) => `${name} IS ?`).join(' AND ');
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Numbers print exactly (shortest round trip); texts are quoted, so no two tuples share a key. */
function chainKey(runId: number, values: readonly unknown[]): string {
  let key = String(runId);
  for (const value of values)
    key += typeof value === 'string' ? JSON.stringify(value) : `|${String(value)}`;
  return key;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return false;
  return a.length === b.length;
}

function closeOf(expiry: string): number | null {
  const close = ISO_DAY.test(expiry) ? Date.parse(`${expiry}T10:00:00Z`) : Number.NaN;
  // Only a real calendar day: SQLite's date functions would roll 2026-02-30 into March.
  return Number.isFinite(close) && new Date(close).toISOString().slice(0, 10) === expiry
    ? close
    : null;
}

/** A cache of one: rows arrive chain by chain, so the previous answer is almost always it. */
function lastOne<K, V>(compute: (key: K) => V): (key: K) => V {
  let last: { key: K; value: V } | null = null;
  return (key) => {
    if (last === null || !Object.is(last.key, key)) last = { key, value: compute(key) };
    return last.value;
  };
}

export function createResultTexts(db: SqliteDatabase): ResultTexts {
  const find = db.prepare('SELECT id FROM result_texts WHERE text = ?').pluck();
  const add = db.prepare('INSERT INTO result_texts (text) VALUES (?) RETURNING id').pluck();
  const findChain = db
    .prepare(`SELECT id FROM result_chains WHERE run_id = ? AND ${SAME_CHAIN} LIMIT 1`)
    .pluck();
  const addChain = db
    .prepare(
      `INSERT INTO result_chains (run_id, ${CHAIN_COLUMNS.join(', ')})
       VALUES (?, ${CHAIN_COLUMNS.map(() => '?').join(', ')}) RETURNING id`,
    )
    .pluck();
  const cache = new Map<string, number>();
  const chains = new Map<string, number>();
  let last: { runId: number; values: unknown[]; id: number } | null = null;
  return {
    idOf(text) {
      let id = cache.get(text);
      if (id === undefined) {
        id = ((find.get(text) as number | undefined) ?? add.get(text)) as number;
        cache.set(text, id);
      }
      return id;
    },
    chainOf(runId, values) {
      if (last !== null && last.runId === runId && sameValues(last.values, values)) return last.id;
      const key = chainKey(runId, values);
      let id = chains.get(key);
      if (id === undefined) {
        id = ((findChain.get(runId, ...values) as number | undefined) ??
          addChain.get(runId, ...values)) as number;
        chains.set(key, id);
      }
      last = { runId, values: [...values], id };
      return id;
    },
    expiryCloseMs: lastOne(closeOf),
    chainValues: [],
    forget: () => {
      cache.clear();
      chains.clear();
      last = null;
    },
  };
}
