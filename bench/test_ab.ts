/**
 * Same-run timing of test files (issue 8, bench/README.md "Test suite time"):
 * each file alone in its own `deno test -A --no-check`, in the order given,
 * `rounds` times, on one throwaway cluster with the prepared templates and a
 * run directory shared by every run (as `tests/run.ts` does), so the first
 * file pays for the PGlite templates and client builds: start with a warm-up.
 * Prints wall time, load average, the summary line and the process's CPU.
 *
 *     deno run -A bench/test_ab.ts 2 tests/db/old_schema_test.ts tests/db/schema_test.ts
 *     deno run -A bench/test_ab.ts --jobs=2,4 tests/realtime/*_test.ts
 *
 * With `--jobs=a,b,…` the files run together (`--parallel`), once per value
 * of `DENO_JOBS`.
 *
 * @module
 */
import { startCluster } from "../tests/support/pg_cluster.ts";
import { ensureTemplate } from "../tests/support/test_db.ts";
import { BUNDLE_CACHE_ENV } from "../tests/support/bundle_cache.ts";

const args = [...Deno.args];
const jobsArg = args.find((a) => a.startsWith("--jobs="));
const files = args.filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 1);

/** One `deno test` under bash's `time -p`: wall, summary, user/sys CPU. */
async function timed(
  testArgs: string[],
  env: Record<string, string>,
): Promise<string> {
  const load = (await Deno.readTextFile("/proc/loadavg")).split(" ")
    .slice(0, 3).join(" ");
  const t0 = performance.now();
  const out = await new Deno.Command("bash", {
    args: ["-c", 'time -p "$@"', "bash", Deno.execPath(), "test", ...testArgs],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wall = ((performance.now() - t0) / 1000).toFixed(1);
  const text = new TextDecoder().decode(out.stdout);
  const summary = text.split("\n").filter((l) => / passed.* failed/.test(l))
    .pop();
  const cpu = new TextDecoder().decode(out.stderr)
    .match(/^(user|sys) [0-9.]+/gm)?.join(" ");
  return `wall ${wall} s, load ${load}, ${summary} (exit ${out.code}), ${cpu}`;
}

if (import.meta.main) {
  const cluster = await startCluster();
  const runDir = await Deno.makeTempDir({ prefix: "mh-test-ab-" });
  try {
    await ensureTemplate(cluster.url, true);
    await ensureTemplate(cluster.url, false);
    const env = { DATABASE_URL: cluster.url, [BUNDLE_CACHE_ENV]: runDir };
    const base = ["-A", "--no-check"];
    if (jobsArg) {
      for (const jobs of jobsArg.slice("--jobs=".length).split(",")) {
        const line = await timed([...base, "--parallel", ...files], {
          ...env,
          DENO_JOBS: jobs,
        });
        console.log(`jobs ${jobs}: ${line}`);
      }
    } else {
      for (let r = 0; r < rounds; r++) {
        for (const f of files) {
          console.log(`${f}: ${await timed([...base, f], env)}`);
        }
      }
    }
  } finally {
    await cluster.stop();
    await Deno.remove(runDir, { recursive: true }).catch(() => {});
  }
}
