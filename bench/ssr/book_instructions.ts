/**
 * Instructions per `GET /book` request, counted by valgrind (callgrind) in
 * the server processes: the app (`main.ts` with `deno task serve`'s flags,
 * on a seeded database, as `bench/run.ts` starts it) and the bare-render
 * baseline (`baseline_server.tsx`), optionally a second checkout's app
 * (`--ab=<dir>`). Each server runs under callgrind with counting off; after
 * a warm-up of sequential requests (JIT, caches), counting is switched on
 * for a fixed number of sequential requests from a client outside
 * valgrind, then read. Unlike throughput or CPU time, the count hardly
 * moves with the machine's load (what remains: when GC runs), so a loaded
 * machine can compare two versions. Every thread counts (GC helpers too);
 * the kernel's work for the sockets does not.
 *
 *   deno run -A bench/ssr/book_instructions.ts [--requests=300] [--warmup=600] [--ab=/path/to/other/checkout] [--keep=/tmp/cg]
 *
 * `--keep` copies each server's counts there (`callgrind_annotate
 * /tmp/cg/callgrind.app` shows where they go; JIT code has no symbols).
 *
 * Slow: a server starts in about a minute under valgrind and serves a
 * request in 20–100 ms.
 *
 * @module
 */
import { freshTestDb } from "../../tests/support/test_db.ts";
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "../../local/keys.ts";
import { freePort, productionDenoFlags, waitForOk } from "../lib/server.ts";

function arg(name: string): string | undefined {
  return Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

/** A server under callgrind. */
interface Counted {
  name: string;
  url: string;
  pid: number;
  outFile: string;
  stop(): Promise<void>;
}

async function callgrindControl(pid: number, ...args: string[]) {
  const out = await new Deno.Command("callgrind_control", {
    args: [...args, String(pid)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`callgrind_control ${args.join(" ")} failed`);
  }
}

/** Starts `deno run -A <flags> <script> <args>` under callgrind, counting off. */
async function underCallgrind(
  name: string,
  cwd: string,
  denoArgs: string[],
  env: Record<string, string>,
  port: number,
  path: string,
): Promise<Counted> {
  const dir = await Deno.makeTempDir({ prefix: "mh-callgrind-" });
  const outFile = `${dir}/callgrind.out`;
  const child = new Deno.Command("valgrind", {
    args: [
      "--tool=callgrind",
      `--callgrind-out-file=${outFile}`,
      "--instr-atstart=no",
      // V8 writes and rewrites machine code at run time.
      "--smc-check=all-non-file",
      Deno.execPath(),
      "run",
      "-A",
      ...denoArgs,
    ],
    cwd,
    env: { ...env, PORT: String(port), NO_COLOR: "1" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}${path}`;
  await waitForOk(url, 600_000);
  return {
    name,
    url,
    pid: child.pid,
    outFile,
    async stop() {
      child.kill("SIGKILL");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** `n` sequential GETs of `url`, bodies read. */
async function requests(url: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  }
}

/** Instructions counted while `n` requests run. */
async function count(s: Counted, n: number): Promise<number> {
  await callgrindControl(s.pid, "--zero");
  await callgrindControl(s.pid, "--instr=on");
  await requests(s.url, n);
  await callgrindControl(s.pid, "--instr=off");
  await callgrindControl(s.pid, "--dump");
  // The dump goes to <out>.<n>; the newest one holds this window.
  const dir = s.outFile.slice(0, s.outFile.lastIndexOf("/"));
  let newest = "";
  let newestTime = 0;
  for await (const e of Deno.readDir(dir)) {
    const info = await Deno.stat(`${dir}/${e.name}`);
    if (info.size > 0 && (info.mtime?.getTime() ?? 0) >= newestTime) {
      newest = e.name;
      newestTime = info.mtime?.getTime() ?? 0;
    }
  }
  const text = await Deno.readTextFile(`${dir}/${newest}`);
  const totals = /^totals:\s+(\d+)/m.exec(text) ??
    /^summary:\s+(\d+)/m.exec(text);
  if (!totals) throw new Error(`no totals in ${newest}`);
  const keep = arg("keep");
  if (keep) {
    await Deno.mkdir(keep, { recursive: true });
    await Deno.copyFile(`${dir}/${newest}`, `${keep}/callgrind.${s.name}`);
  }
  await Deno.remove(`${dir}/${newest}`);
  return Number(totals[1]);
}

if (import.meta.main) {
  const n = Number(arg("requests") ?? 300);
  const warmup = Number(arg("warmup") ?? 600);
  const other = arg("ab");
  const here = new URL("../../", import.meta.url).pathname;
  const db = await freshTestDb({ seed: true });
  if (db.kind !== "postgres") throw new Error("needs PostgreSQL");
  const appEnv = async (): Promise<Record<string, string>> => ({
    DATABASE_URL: db.url,
    RATE_LIMITS: "off",
    JOBS: "off",
    SUPABASE_JWT_SECRET: LOCAL_JWT_SECRET,
    SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    DATA_DIR: await Deno.makeTempDir({ prefix: "mh-bench-" }),
  });
  const servers: Counted[] = [];
  try {
    const barePort = freePort();
    servers.push(
      await underCallgrind(
        "bare",
        here,
        ["bench/ssr/baseline_server.tsx", String(barePort)],
        {},
        barePort,
        "/book",
      ),
    );
    const apps: [string, string][] = [["app", here]];
    if (other) apps.push(["other", other]);
    for (const [name, root] of apps) {
      const port = freePort();
      servers.push(
        await underCallgrind(
          name,
          root,
          [...await productionDenoFlags(root), "main.ts"],
          await appEnv(),
          port,
          "/book",
        ),
      );
    }
    for (const s of servers) await requests(s.url, warmup);
    const per = new Map<string, number>();
    for (const s of servers) {
      per.set(s.name, (await count(s, n)) / n);
      console.log(
        `${s.name}: ${
          (per.get(s.name)! / 1e6).toFixed(2)
        } M instructions per request`,
      );
    }
    const bare = per.get("bare")!;
    console.log(
      [...per].filter(([k]) => k !== "bare").map(([k, v]) =>
        `${k}/bare ${(v / bare).toFixed(2)}×`
      ).join(", ") + ` (${n} requests each, after ${warmup})`,
    );
  } finally {
    for (const s of servers) await s.stop();
    await db.dispose();
  }
}
