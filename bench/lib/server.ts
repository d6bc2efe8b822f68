/**
 * The system under test: a seeded PostgreSQL database (a throwaway database in
 * DATABASE_URL's cluster, or a throwaway cluster) and `deno run -A main.ts` on
 * a free loopback port with RATE_LIMITS=off and JOBS=off.
 *
 * @module
 */
import { pinned } from "./cpus.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { freshTestDb, type TestDb } from "../../tests/support/test_db.ts";

/** A running app server and its database. */
export interface BenchServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  db: TestDb;
  /** The server process (for its memory). */
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Starts a bench's own server script (`deno run -A <script> <args…>`, e.g.
 * a same-run baseline) where servers under test run (`bench/lib/cpus.ts`).
 */
export function spawnScript(script: URL, args: string[]): Deno.ChildProcess {
  const run = pinned("server", Deno.execPath(), [
    "run",
    "-A",
    script.pathname,
    ...args,
  ]);
  return new Deno.Command(run.cmd, {
    args: run.args,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
}

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForOk(
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      throw new Error(`${url} not ready after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The flags `deno task serve` (production) runs `main.ts` with, e.g. its V8
 * heap settings (ADR 0045): the bench measures the server as it is deployed.
 * `root`: the checkout whose deno.json is read (default this one).
 */
export async function productionDenoFlags(
  root: string = new URL("../../", import.meta.url).pathname,
): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(`${root.replace(/\/$/, "")}/deno.json`),
  ) as { tasks: Record<string, string> };
  const words = config.tasks.serve.split(/\s+/);
  const run = words.indexOf("run");
  const main = words.indexOf("main.ts");
  if (words[0] !== "deno" || run < 0 || main < run) {
    throw new Error(
      `deno.json's serve task not understood: ${config.tasks.serve}`,
    );
  }
  return words.slice(run + 1, main).filter((w) => w !== "-A");
}

/** An app process of its own (no database of its own). */
export interface AppProcess {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `deno run -A main.ts` on `databaseUrl` (RATE_LIMITS=off, JOBS=off)
 * with `env` on top, and waits for `/readyz`. `script` replaces `main.ts`
 * and its arguments (bench/ssr/ablation.ts runs variants of the app).
 * `root`: the checkout whose app runs (default this one; another one for a
 * before/after comparison).
 */
export async function startAppProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  script: readonly string[] = ["main.ts"],
  root: string = new URL("../../", import.meta.url).pathname,
): Promise<AppProcess> {
  const port = freePort();
  // The connections bench holds 10,000 sockets: raise the soft limit on
  // open files to the hard one before the server starts (exec keeps the pid).
  const run = pinned("server", "sh", [
    "-c",
    'ulimit -n "$(ulimit -Hn)"; exec "$0" run -A "$@"',
    Deno.execPath(),
    ...await productionDenoFlags(root),
    // BENCH_DENO_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
    ...(Deno.env.get("BENCH_DENO_FLAGS")?.split(" ").filter(Boolean) ?? []),
    ...script,
  ]);
  const child = new Deno.Command(run.cmd, {
    args: run.args,
    cwd: root,
    env: {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      RATE_LIMITS: "off",
      JOBS: "off",
      // The embedded auth signs with the CLI's demo keys, so benches can
      // sign staff in the way tests do (development profile only).
      SUPABASE_JWT_SECRET: LOCAL_JWT_SECRET,
      SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
      DATA_DIR: await Deno.makeTempDir({ prefix: "mh-bench-" }),
      NO_COLOR: "1",
      ...env,
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${origin}/readyz`);
  } catch (err) {
    child.kill();
    await child.status;
    throw err;
  }
  return {
    origin,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Starts the app on a seeded database; the caller must `stop()` it. */
export async function startBenchServer(): Promise<BenchServer> {
  const db = await freshTestDb({ seed: true });
  if (db.kind !== "postgres") {
    await db.dispose();
    throw new Error("benchmarks need PostgreSQL (DATABASE_URL or initdb)");
  }
  let app: AppProcess;
  try {
    app = await startAppProcess(db.url);
  } catch (err) {
    await db.dispose();
    throw err;
  }
  return {
    origin: app.origin,
    db,
    pid: app.pid,
    async stop() {
      await app.stop();
      await db.dispose();
    },
  };
}
