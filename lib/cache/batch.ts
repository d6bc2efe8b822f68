/**
 * Batched reads: callers asking for the same key before its read has started
 * share that one read, which starts on the next turn of the event loop. The
 * read is issued after every caller that shares it arrived, so each caller's
 * answer is at least as new as its own arrival; nothing is kept once the
 * read has started (a later caller starts a new one). Unlike a cache, no
 * answer read before a caller arrived ever reaches it.
 *
 * @module
 */

/** Shares the not-yet-started read of each key among its callers. */
export class ReadBatch<V> {
  readonly #waiting = new Map<string, Promise<V>>();
  readonly #defer: () => Promise<void>;

  /**
   * @param defer when a key's first caller's read starts (default: the next
   *   turn of the event loop, so the callers of this turn join it).
   */
  constructor(
    defer: () => Promise<void> = () =>
      new Promise((resolve) => setTimeout(resolve, 0)),
  ) {
    this.#defer = defer;
  }

  /**
   * `read()`'s answer for `key`: the waiting read of that key when there is
   * one, else a new one, started by the deferral.
   */
  read(key: string, read: () => Promise<V>): Promise<V> {
    const waiting = this.#waiting.get(key);
    if (waiting) return waiting;
    const started = this.#defer().then(() => {
      // From here on a caller of this key starts a new read.
      this.#waiting.delete(key);
      return read();
    });
    this.#waiting.set(key, started);
    return started;
  }
}
