/**
 * The single test command (`deno task test`): unit, integration, pgTAP, the
 * Supabase CLI migration check and browser tests, against a throwaway
 * PostgreSQL cluster when `initdb` exists (PGlite otherwise).
 *
 * CI cannot read Deno's own summary, so the last line printed is always
 * `N passed, N failed, N skipped`.
 *
 * @module
 */
import { startCluster } from "./support/pg_cluster.ts";
import { runPgTap, runSupabaseCliPush } from "./support/db_checks.ts";
import { ensureTemplate } from "./support/test_db.ts";
import { BUNDLE_CACHE_ENV } from "./support/bundle_cache.ts";
import { moduleWeight, planShards, shardSource } from "./support/shards.ts";

/** Counts of one part of the run. */
export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };

function add(part: Tally, label: string): void {
  tally.passed += part.passed;
  tally.failed += part.failed;
  tally.skipped += part.skipped;
  console.log(
    `[test] ${label}: ${part.passed} passed, ${part.failed} failed, ${part.skipped} skipped`,
  );
}

/** Parses the closing summary line of `deno test`. */
export function parseDenoSummary(output: string): Tally | null {
  // The runner is started with NO_COLOR, so the line has no escape codes.
  const m = output.match(
    /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed(?: \(\d+ steps?\))?(?: \| (\d+) ignored)?/,
  );
  if (!m) return null;
  return { passed: +m[1], failed: +m[2], skipped: m[3] ? +m[3] : 0 };
}

/** Parses the last line this runner prints (`N passed, N failed, N skipped`). */
export function parseRunSummary(output: string): Tally | null {
  const m = output.match(/^(\d+) passed, (\d+) failed, (\d+) skipped$/m);
  return m ? { passed: +m[1], failed: +m[2], skipped: +m[3] } : null;
}

async function which(cmd: string): Promise<boolean> {
  const p = new Deno.Command("sh", {
    args: ["-c", `command -v ${cmd}`],
    stdout: "null",
    stderr: "null",
  });
  return (await p.output()).success;
}

/** Deno's default test file names: `test.ts`, `*_test.ts`, `*.test.ts` (and tsx/js). */
const TEST_FILE = /(^|[_.])test\.(ts|tsx|js|jsx|mjs)$/;
const SKIP_DIRS = new Set(["node_modules", ".data", "_fresh", ".git"]);

/** Test files under `roots`, sorted. */
export async function findTestFiles(roots: string[]): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory && !SKIP_DIRS.has(entry.name)) await walk(path);
      else if (entry.isFile && TEST_FILE.test(entry.name)) out.push(path);
    }
  }
  for (const root of roots) await walk(root);
  return out.sort();
}

/** Streams a child's stdout to ours as it comes; returns all of it. */
async function streamOutput(child: Deno.ChildProcess): Promise<string> {
  let output = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    output += decoder.decode(chunk, { stream: true });
    await Deno.stdout.write(chunk);
  }
  return output;
}

/**
 * Runs test modules (or shards of them) in one `deno test` process, two at
 * a time (`--parallel`, `DENO_JOBS`): the app is built from injected parts,
 * so test modules share no process-wide state. Type checking is done once, by
 * {@link typeCheck} alongside (`--no-check` here). Output streams as it
 * comes; the summary is parsed at the end.
 */
async function runDenoTests(
  env: Record<string, string>,
  files: string[],
): Promise<Tally> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "-A",
      "--no-check",
      "--parallel",
      // TEST_JUNIT=report.xml also writes per-test times (bench/test_times.ts).
      ...(env.TEST_JUNIT ? [`--junit-path=${env.TEST_JUNIT}`] : []),
      ...files,
    ],
    env: { ...env, NO_COLOR: "1", DENO_JOBS: env.TEST_JOBS ?? "2" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const output = await streamOutput(child);
  const status = await child.status;
  const parsed = parseDenoSummary(output);
  // No summary means the runner itself failed: count it.
  return parsed ?? { passed: 0, failed: status.success ? 0 : 1, skipped: 0 };
}

/**
 * Writes the shard modules for `files` into `dir` (see `support/shards.ts`):
 * `TEST_SHARDS` of them, twice the lanes by default so that a lane that
 * finishes early takes the next one.
 */
async function writeShards(
  files: string[],
  dir: string,
  count: number,
): Promise<string[]> {
  const base = new URL(`file://${Deno.cwd()}/`);
  const weighed = await Promise.all(files.map(async (path) => ({
    path,
    weight: moduleWeight(await Deno.readTextFile(path)),
  })));
  const shards = planShards(weighed, count);
  return await Promise.all(shards.map(async (paths, i) => {
    const file = `${dir}/shard_${i + 1}_test.ts`;
    await Deno.writeTextFile(file, shardSource(paths, base));
    return file;
  }));
}

/**
 * Type-checks every test file and what it imports (what `deno test` would
 * check before running) in one `deno check`, while the tests run. One test:
 * any type error fails the run.
 */
async function typeCheck(files: string[]): Promise<Tally> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", ...files],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.success) return { passed: 1, failed: 0, skipped: 0 };
  const decoder = new TextDecoder();
  console.log(decoder.decode(out.stdout) + decoder.decode(out.stderr));
  console.log("[test] FAILED deno check of the test files");
  return { passed: 0, failed: 1, skipped: 0 };
}

if (import.meta.main) {
  const env: Record<string, string> = { ...Deno.env.toObject() };
  let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;
  if (!env.DATABASE_URL && await which("initdb")) {
    cluster = await startCluster();
    env.DATABASE_URL = cluster.url;
    console.log(`[test] throwaway PostgreSQL cluster at ${cluster.url}`);
  } else if (!env.DATABASE_URL) {
    console.log("[test] initdb not found: database tests run on PGlite");
  }
  // Client builds are shared by the run's test modules (content-checked).
  const bundles = await Deno.makeTempDir({ prefix: "mh-bundles-" });
  env[BUNDLE_CACHE_ENV] = bundles;
  const shardDir = await Deno.makeTempDir({ prefix: "mh-shards-" });
  try {
    // Test files given as arguments run alone (with the same checks).
    const files = Deno.args.length
      ? Deno.args
      : await findTestFiles(["tests", "framework", "lib"]);
    const checks: Promise<void>[] = [
      typeCheck(files).then((t) => add(t, "deno check")),
    ];
    if (env.DATABASE_URL) {
      // Prepared once here, copied by pg_prove's and every test's database.
      await Promise.all([
        ensureTemplate(env.DATABASE_URL, true),
        ensureTemplate(env.DATABASE_URL, false),
      ]);
      const url = env.DATABASE_URL;
      checks.push(
        runPgTap(url).then((t) => add(t, "pgTAP (pg_prove)")),
        runSupabaseCliPush(url).then((t) => add(t, "supabase db push")),
      );
    }
    // The checks run alongside the tests: each waits on its own process or
    // database for most of its time.
    const jobs = Number(env.TEST_JOBS ?? "2");
    // Files given as arguments run as themselves unless TEST_SHARDS is set.
    const tests = Deno.args.length && !env.TEST_SHARDS
      ? runDenoTests(env, files)
      : writeShards(files, shardDir, Number(env.TEST_SHARDS ?? 2 * jobs))
        .then((shards) => runDenoTests(env, shards));
    await Promise.all(checks);
    add(await tests, "deno test");
  } finally {
    await cluster?.stop();
    await Deno.remove(bundles, { recursive: true }).catch(() => {});
    await Deno.remove(shardDir, { recursive: true }).catch(() => {});
  }
  console.log(
    `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`,
  );
  Deno.exit(tally.failed > 0 ? 1 : 0);
}
