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

interface Tally {
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

async function which(cmd: string): Promise<boolean> {
  const p = new Deno.Command("sh", {
    args: ["-c", `command -v ${cmd}`],
    stdout: "null",
    stderr: "null",
  });
  return (await p.output()).success;
}

async function runDenoTests(env: Record<string, string>): Promise<Tally> {
  const args = ["test", "-A", "--parallel", "tests/", "framework/", "lib/"];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: { ...env, DENO_JOBS: env.DENO_JOBS ?? "2", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const decoder = new TextDecoder();
  let output = "";
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    output += text;
    await Deno.stdout.write(chunk);
  }
  const status = await child.status;
  const parsed = parseDenoSummary(output);
  if (parsed) return parsed;
  // No summary means the runner itself failed (e.g. a type error): count it.
  return { passed: 0, failed: status.success ? 0 : 1, skipped: 0 };
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
  try {
    if (env.DATABASE_URL) {
      add(await runPgTap(env.DATABASE_URL), "pgTAP (pg_prove)");
      add(await runSupabaseCliPush(env.DATABASE_URL), "supabase db push");
    }
    add(await runDenoTests(env), "deno test");
  } finally {
    await cluster?.stop();
  }
  console.log(
    `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`,
  );
  Deno.exit(tally.failed > 0 ? 1 : 0);
}
