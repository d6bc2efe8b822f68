/**
 * Groups test modules into a few shard modules for `tests/run.ts`.
 *
 * `deno test` runs every module it is given in a fresh isolate, which loads
 * the module's whole graph again: for this app about 2 s of CPU per module,
 * more than most modules' tests take. Test modules share no process-wide
 * state (issue 8: parts are injected), so the runner hands `deno test` a few
 * shard modules that each import a group of test modules; the app's graph
 * is then loaded once per shard, and a failure still names the test's own
 * file and line.
 *
 * @module
 */

/** A test module and its estimated cost (arbitrary units). */
export interface WeighedModule {
  path: string;
  weight: number;
}

/**
 * Estimates a test module's cost from its source: its length, times ten
 * when it drives a browser (those take most of the suite's time).
 */
export function moduleWeight(source: string): number {
  const lines = source.split("\n").length;
  return Math.max(1, lines / 100) * (drivesBrowser(source) ? 10 : 1);
}

/** Whether a test module's source imports the browser support (Chromium). */
export function drivesBrowser(source: string): boolean {
  return /support\/browser\.ts["']/.test(source);
}

/**
 * Splits modules into `count` groups of near-equal total weight (longest
 * first, each to the lightest group; ties broken by path, so the plan is
 * the same on every machine). Groups come heaviest first, each in path
 * order; empty groups are dropped.
 */
export function planShards(
  modules: readonly WeighedModule[],
  count: number,
): string[][] {
  const groups = Array.from(
    { length: Math.max(1, count) },
    () => ({ weight: 0, paths: [] as string[] }),
  );
  const order = [...modules].sort((a, b) =>
    b.weight - a.weight || (a.path < b.path ? -1 : 1)
  );
  for (const m of order) {
    const lightest = groups.reduce((min, g) => g.weight < min.weight ? g : min);
    lightest.weight += m.weight;
    lightest.paths.push(m.path);
  }
  return groups
    .filter((g) => g.paths.length > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((g) => g.paths.sort());
}

/** The source of a shard module importing `paths` (resolved against `base`). */
export function shardSource(paths: readonly string[], base: URL): string {
  return paths
    .map((p) => `import ${JSON.stringify(new URL(p, base).href)};\n`)
    .join("");
}
