/**
 * A small in-process cache of promised values with a time-to-live, for
 * read-heavy answers that may be a moment old (e.g. availability). Concurrent
 * misses for one key share one load; a failed load is not kept.
 *
 * @module
 */

interface Entry<V> {
  storedAt: number;
  value: Promise<V>;
}

/** A TTL cache; `ttlMs <= 0` disables it (every `get` loads). */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #entries = new Map<string, Entry<V>>();

  /**
   * @param ttlMs how long a value is served after it was loaded.
   * @param opts `maxEntries` bounds memory (oldest dropped first); `now` is the
   *   clock (milliseconds), injectable for tests.
   */
  constructor(
    ttlMs: number,
    opts: { maxEntries?: number; now?: () => number } = {},
  ) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = opts.maxEntries ?? 1000;
    this.#now = opts.now ?? (() => performance.now());
  }

  /** The cached value of `key`, or the result of `load()` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.storedAt < this.#ttlMs) return hit.value;
    const value = load();
    const entry = { storedAt: now, value };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  /** Forget everything (after a write that changes what was cached). */
  clear(): void {
    this.#entries.clear();
  }
}
