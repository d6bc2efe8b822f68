/**
 * A throwaway PostgreSQL 15 cluster for tests: initdb (as user `postgres` when
 * running as root, since initdb refuses root), trust auth, a private socket
 * directory, a free TCP port on 127.0.0.1 and fsync off.
 *
 * @module
 */

/** A running cluster. */
export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** Stop the server and remove its files. */
  stop(): Promise<void>;
  /** Stop the server only (fast shutdown), keeping its files: an outage. */
  pause(): void;
  /** Start a paused server again on the same port. */
  resume(): void;
}

const BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"];

/** Path of a PostgreSQL binary, or null when not installed. */
export function pgBinary(name: string): string | null {
  for (const dir of BIN_DIRS) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** True when initdb and pg_ctl exist on this machine. */
export function canStartCluster(): boolean {
  return pgBinary("initdb") !== null && pgBinary("pg_ctl") !== null;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function isRoot(): boolean {
  return Deno.uid() === 0;
}

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Run argv, as `postgres` when we are root; throw with output on failure. */
function runAsOwner(argv: string[]): void {
  const cmd = isRoot()
    ? new Deno.Command("su", {
      args: ["postgres", "-s", "/bin/sh", "-c", argv.map(quote).join(" ")],
    })
    : new Deno.Command(argv[0], { args: argv.slice(1) });
  const out = cmd.outputSync();
  if (!out.success) {
    const dec = new TextDecoder();
    throw new Error(
      `${argv.join(" ")} failed:\n${dec.decode(out.stdout)}\n${
        dec.decode(out.stderr)
      }`,
    );
  }
}

/**
 * Stop the cluster once this process is gone, whatever the way it ended
 * (unload handlers do not run on signals, crashes or killed test runners).
 * A detached shell polls our pid; it exits quietly if `stop()` ran first.
 */
function startWatchdog(pgCtl: string, data: string, base: string): void {
  const stop = [pgCtl, "-D", data, "-m", "immediate", "-w", "stop"].map(quote)
    .join(" ");
  const asOwner = isRoot() ? `su postgres -s /bin/sh -c ${quote(stop)}` : stop;
  const script = `while kill -0 ${Deno.pid} 2>/dev/null; do sleep 1; done; ` +
    `if [ -d ${quote(data)} ]; then ${asOwner} >/dev/null 2>&1; rm -rf ${
      quote(base)
    }; fi`;
  const child = new Deno.Command("sh", {
    args: ["-c", script],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
}

/**
 * Start a new cluster. It is stopped by `stop()`, on unload, or by a
 * watchdog when the process dies, so a failing test run leaves no server.
 */
export async function startCluster(): Promise<Cluster> {
  const initdb = pgBinary("initdb");
  const pgCtl = pgBinary("pg_ctl");
  if (!initdb || !pgCtl) {
    throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found");
  }
  const base = await Deno.makeTempDir({ prefix: "mh-pg-" });
  const data = `${base}/data`;
  const sock = `${base}/sock`;
  await Deno.mkdir(sock);
  if (isRoot()) {
    const chown = new Deno.Command("chown", {
      args: ["-R", "postgres:postgres", base],
    })
      .outputSync();
    if (!chown.success) throw new Error(`chown ${base} failed`);
  }
  runAsOwner([
    initdb,
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const port = freePort();
  const options = [
    `-p ${port}`,
    `-k ${sock}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const start = () =>
    runAsOwner([
      pgCtl,
      "-D",
      data,
      "-o",
      options,
      "-l",
      `${base}/log`,
      "-w",
      "-t",
      "30",
      "start",
    ]);
  start();

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      runAsOwner([pgCtl, "-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already gone
    }
    try {
      Deno.removeSync(base, { recursive: true });
    } catch {
      // best effort
    }
  };
  globalThis.addEventListener("unload", stopSync);
  startWatchdog(pgCtl, data, base);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      globalThis.removeEventListener("unload", stopSync);
      stopSync();
      return Promise.resolve();
    },
    pause() {
      runAsOwner([pgCtl, "-D", data, "-m", "fast", "-w", "stop"]);
    },
    resume: start,
  };
}
