/**
 * A small in-process cache of promised values with a time-to-live, for
 * read-heavy answers that may be a moment old (e.g. availability). Concurrent
 * misses for one key share one load; a failed load is not kept. With
 * `refreshAheadMs`, a value that close to expiring is reloaded in the
 * background while it is still served, so busy keys never make requests
 * wait for a load at expiry.
 *
 * @module
 */

interface Entry<V> {
  storedAt: number;
  value: Promise<V>;
  /** A background reload is in flight. */
  refreshing?: boolean;
}

/** A TTL cache; `ttlMs <= 0` disables it (every `get` loads). */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #refreshAheadMs: number;
  readonly #now: () => number;
  #entries = new Map<string, Entry<V>>();

  /**
   * @param ttlMs how long a value is served after it was loaded.
   * @param opts `maxEntries` bounds memory (oldest dropped first);
   *   `refreshAheadMs` (default 0: off) starts a background reload of a value
   *   served that close to its expiry; `now` is the clock (milliseconds),
   *   injectable for tests.
   */
  constructor(
    ttlMs: number,
    opts: { maxEntries?: number; refreshAheadMs?: number; now?: () => number } =
      {},
  ) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = opts.maxEntries ?? 1000;
    this.#refreshAheadMs = opts.refreshAheadMs ?? 0;
    this.#now = opts.now ?? (() => performance.now());
  }

  /** The cached value of `key`, or the result of `load()` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.storedAt < this.#ttlMs) {
      if (
        !hit.refreshing &&
        now - hit.storedAt >= this.#ttlMs - this.#refreshAheadMs
      ) this.#refresh(key, hit, now, load);
      return hit.value;
    }
    const value = load();
    const entry = { storedAt: now, value };
    this.#store(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  /**
   * Reloads `key` while `hit` is still served. The new value replaces `hit`
   * only if `hit` is still the entry when it arrives: after `clear()` (a
   * write) a reload that started before the write must not be kept. Its age
   * counts from when it started, like a load's.
   */
  #refresh(key: string, hit: Entry<V>, now: number, load: () => Promise<V>) {
    hit.refreshing = true;
    load().then((v) => {
      if (this.#entries.get(key) === hit) {
        this.#store(key, { storedAt: now, value: Promise.resolve(v) });
      }
    }, () => {
      hit.refreshing = false;
    });
  }

  #store(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  /** Forget everything (after a write that changes what was cached). */
  clear(): void {
    this.#entries.clear();
  }
}
