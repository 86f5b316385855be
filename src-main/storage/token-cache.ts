/**
 * Values computed from a run's rows (row counts, the expected move), kept per read connection and
 * valid while the run's token is unchanged (see RUN_TOKEN_SQL in run-facets.ts). Bounded: the
 * least recently used entry goes first. A connection that closes takes its cache with it, so a
 * restored database never sees the counts of the one it replaced.
 */
export class TokenCache<V> {
  private readonly entries = new Map<string, { readonly token: string; readonly value: V }>();

  constructor(private readonly maxEntries: number) {}

  /** The value for `key` under `token`, from `compute` when absent or counted under another token. */
  get(key: string, token: string | undefined, compute: () => V): V {
    // No token: the run does not exist (or no longer does); nothing worth keeping.
    if (token === undefined) return compute();
    const found = this.entries.get(key);
    if (found !== undefined && found.token === token) {
      // Re-insert to mark it recently used (a Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value;
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { token, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
