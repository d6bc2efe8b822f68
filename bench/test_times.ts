/**
 * The slowest test modules of a run, from the JUnit report `deno test`
 * writes with `--junit-path` (`TEST_JUNIT=… deno task test` passes it on):
 *
 *   deno run -A bench/test_times.ts report.xml [count=20]
 *
 * A module's time is the sum of its tests' times; with `--parallel` modules
 * overlap, so the total is CPU-ish time spread over the jobs, and shares are
 * what compare between runs on a loaded machine.
 *
 * @module
 */

/** One test module's summed time. */
export interface ModuleTime {
  module: string;
  seconds: number;
  tests: number;
}

/** Sums `<testcase time>` per `classname` (the module) of a JUnit report. */
export function moduleTimes(xml: string): ModuleTime[] {
  const byModule = new Map<string, ModuleTime>();
  for (const m of xml.matchAll(/<testcase\b([^>]*)>/g)) {
    const attrs = m[1];
    const module = attrs.match(/classname="([^"]*)"/)?.[1] ?? "?";
    const seconds = Number(attrs.match(/time="([^"]*)"/)?.[1] ?? 0);
    const row = byModule.get(module) ?? { module, seconds: 0, tests: 0 };
    row.seconds += seconds;
    row.tests += 1;
    byModule.set(module, row);
  }
  return [...byModule.values()].sort((a, b) => b.seconds - a.seconds);
}

if (import.meta.main) {
  const [path, count = "20"] = Deno.args;
  if (!path) {
    console.error("usage: deno run -A bench/test_times.ts report.xml [count]");
    Deno.exit(2);
  }
  const rows = moduleTimes(await Deno.readTextFile(path));
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  console.log(`| module | tests | s | share |\n| --- | --- | --- | --- |`);
  for (const r of rows.slice(0, Number(count))) {
    console.log(
      `| ${r.module} | ${r.tests} | ${r.seconds.toFixed(1)} | ${
        (100 * r.seconds / total).toFixed(1)
      }% |`,
    );
  }
  console.log(`\n${rows.length} modules, ${total.toFixed(0)} s in tests`);
}
