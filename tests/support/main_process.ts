/**
 * `main.ts` as its own process, the way it runs in production: a clean
 * environment of the test's choosing and stdout read line by line, so a
 * test waits for what the process says rather than for a time.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url).pathname;

/** A running `main.ts`. */
export interface MainProcess {
  child: Deno.ChildProcess;
  /** Lines of stdout read so far. */
  seen: string[];
  /** Reads stdout until a line matches; fails if the process ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  /** The port from the app's "listening" log line (needs LOG_LEVEL info). */
  listening(): Promise<number>;
  /** stderr, once the process has ended. */
  stderr: Promise<string>;
  /** Kills the process if it still runs and waits for it. */
  dispose(): Promise<void>;
}

async function* splitLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    yield* parts;
  }
  if (buffered) yield buffered;
}

/** Starts `main.ts` on a free port with only `env` (plus PATH, HOME, DENO_DIR). */
export function spawnMain(env: Record<string, string>): MainProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? "",
      NO_COLOR: "1",
      PORT: "0",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const lines = splitLines(child.stdout)[Symbol.asyncIterator]();
  const seen: string[] = [];
  const waitForLine = async (pattern: RegExp) => {
    while (true) {
      const next = await lines.next();
      if (next.done) {
        throw new Error(
          `main.ts ended before ${pattern}:\n${
            seen.join("\n")
          }\n${await stderr}`,
        );
      }
      seen.push(next.value);
      const m = next.value.match(pattern);
      if (m) return m;
    }
  };
  return {
    child,
    seen,
    waitForLine,
    stderr,
    async listening() {
      // The app logs where it listens as one JSON line ({"msg":"listening"}).
      const [, port] = await waitForLine(
        /"msg":"listening","origin":"http:\/\/[^"]+:(\d+)"/,
      );
      return Number(port);
    },
    async dispose() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await stderr;
    },
  };
}
