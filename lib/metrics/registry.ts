/**
 * A tiny in-process Prometheus registry: counters and histograms with
 * labels, rendered in the text exposition format (version 0.0.4).
 *
 * @module
 */

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(",");
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll(
    '"',
    '\\"',
  );
}

function renderLabels(labels: Labels, extra?: [string, string]): string {
  const parts = Object.keys(labels).sort().map((k) =>
    `${k}="${escapeLabel(labels[k])}"`
  );
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function formatNumber(n: number): string {
  if (n === Infinity) return "+Inf";
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/** A monotonically increasing count per label set. */
export class Counter {
  readonly #values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  /** Adds `by` (default 1) to the series of `labels`. */
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const s = this.#values.get(key);
    if (s) s.value += by;
    else this.#values.set(key, { labels: { ...labels }, value: by });
  }

  /** Current value of one series (0 when never incremented). */
  get(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels))?.value ?? 0;
  }

  /** Exposition text of this metric. */
  render(): string {
    const lines = [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
    ];
    for (const s of this.#values.values()) {
      lines.push(
        `${this.name}${renderLabels(s.labels)} ${formatNumber(s.value)}`,
      );
    }
    return lines.join("\n");
  }
}

/** Cumulative-bucket histogram per label set. */
export class Histogram {
  readonly #series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  /** Records one observation `value` for `labels`. */
  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let s = this.#series.get(key);
    if (!s) {
      s = {
        labels: { ...labels },
        counts: this.buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]) s.counts[i]++;
    }
    s.sum += value;
    s.count++;
  }

  /** Number of observations of one series. */
  count(labels: Labels): number {
    return this.#series.get(labelKey(labels))?.count ?? 0;
  }

  /** Exposition text of this metric. */
  render(): string {
    const lines = [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
    ];
    for (const s of this.#series.values()) {
      this.buckets.forEach((le, i) => {
        lines.push(
          `${this.name}_bucket${
            renderLabels(s.labels, ["le", formatNumber(le)])
          } ${s.counts[i]}`,
        );
      });
      lines.push(
        `${this.name}_bucket${
          renderLabels(s.labels, ["le", "+Inf"])
        } ${s.count}`,
      );
      lines.push(
        `${this.name}_sum${renderLabels(s.labels)} ${formatNumber(s.sum)}`,
      );
      lines.push(`${this.name}_count${renderLabels(s.labels)} ${s.count}`);
    }
    return lines.join("\n");
  }
}

/** A value that goes up and down, per label set (set at scrape time). */
export class Gauge {
  readonly #values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  /** Sets the series of `labels` to `value`. */
  set(labels: Labels, value: number): this {
    this.#values.set(labelKey(labels), { labels: { ...labels }, value });
    return this;
  }

  /** Exposition text of this metric. */
  render(): string {
    const lines = [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
    ];
    for (const s of this.#values.values()) {
      lines.push(
        `${this.name}${renderLabels(s.labels)} ${formatNumber(s.value)}`,
      );
    }
    return lines.join("\n");
  }
}
