/**
 * The funnel's first two steps (quotes and holds per location and business
 * day, ADR 0039), counted off the request path: a request only bumps an
 * in-memory number ({@link FunnelCounter.quote}, {@link FunnelCounter.hold},
 * synchronous, no I/O); {@link FunnelCounter.flush} adds everything counted
 * so far in one statement (`app.add_funnel_counts`). The instance's
 * background flushes every few seconds and once more when it stops
 * (app.ts `startBackground`), so a crash loses at most that window's counts;
 * several instances add to the same rows.
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";

/** Counts are grouped by 15 minutes: every real UTC offset is a multiple of it. */
const BUCKET_MS = 15 * 60 * 1000;

interface Pending {
  location: string;
  at: string;
  quotes: number;
  holds: number;
}

/** Buffers quote and hold counts and writes them in batches. */
export class FunnelCounter {
  #db: Db;
  #clock: () => Date;
  #pending = new Map<string, Pending>();
  #flushing: Promise<number> = Promise.resolve(0);
  /** The last bucket's start and its ISO text: formatting it per quote showed in profiles. */
  #bucket = { start: NaN, at: "" };

  /** Counts into `db` with instants from `clock`. */
  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** A quote priced at location `slug` (no I/O). */
  quote(slug: string): void {
    this.#bump(slug, "quotes");
  }

  /** A hold created at location `slug` (no I/O). */
  hold(slug: string): void {
    this.#bump(slug, "holds");
  }

  /** How many (location, period) groups wait for the next flush. */
  get pendingGroups(): number {
    return this.#pending.size;
  }

  #bump(slug: string, kind: "quotes" | "holds"): void {
    const t = this.#clock().getTime();
    const start = t - (t % BUCKET_MS);
    if (this.#bucket.start !== start) {
      this.#bucket = { start, at: new Date(start).toISOString() };
    }
    const at = this.#bucket.at;
    const key = `${slug}|${at}`;
    let p = this.#pending.get(key);
    if (!p) {
      p = { location: slug, at, quotes: 0, holds: 0 };
      this.#pending.set(key, p);
    }
    p[kind]++;
  }

  /**
   * Writes what was counted so far; returns the rows touched. Flushes run
   * one after another; a failed batch is put back and retried next time.
   */
  flush(): Promise<number> {
    this.#flushing = this.#flushing.catch(() => 0).then(() => this.#write());
    return this.#flushing;
  }

  async #write(): Promise<number> {
    if (this.#pending.size === 0) return 0;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      // The jobs' privileged path: the counts come from the app, not a caller.
      return await privileged(this.#db, async (tx) => {
        const [{ n }] = await tx<{ n: number }[]>`
          select app.add_funnel_counts(${tx.json(batch as never)}) as n`;
        return n;
      });
    } catch (err) {
      for (const p of batch) {
        const key = `${p.location}|${p.at}`;
        const now = this.#pending.get(key);
        if (now) {
          now.quotes += p.quotes;
          now.holds += p.holds;
        } else this.#pending.set(key, p);
      }
      throw err;
    }
  }
}
