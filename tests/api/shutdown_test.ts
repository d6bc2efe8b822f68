/**
 * `main.ts` under an orchestrator: SIGTERM stops taking requests, stops the
 * jobs and the outbox worker, closes the database and exits 0.
 */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Reads `lines` until `pattern` matches; the lines read so far are kept in `seen`. */
async function waitForLine(
  lines: AsyncIterator<string>,
  pattern: RegExp,
  seen: string[],
): Promise<RegExpMatchArray> {
  while (true) {
    const next = await lines.next();
    if (next.done) {
      throw new Error(`process ended before ${pattern}:\n${seen.join("\n")}`);
    }
    seen.push(next.value);
    const m = next.value.match(pattern);
    if (m) return m;
  }
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

Deno.test("SIGTERM: main.ts finishes, stops its jobs, closes the database and exits 0", async () => {
  const test = await freshTestDb({ seed: true });
  const dataDir = await Deno.makeTempDir();
  try {
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
        DATA_DIR: dataDir,
        // PGlite on disk when the suite has no PostgreSQL: the case where a
        // close cut short would leave the data directory unusable.
        ...(test.url ? { DATABASE_URL: test.url } : {}),
        JOBS: "on",
        LOG_LEVEL: "info",
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    const lines = splitLines(child.stdout)[Symbol.asyncIterator]();
    const seen: string[] = [];
    try {
      const [, port] = await waitForLine(
        lines,
        /^Listening on http:\/\/localhost:(\d+)\//,
        seen,
      );
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
      await res.body?.cancel();

      child.kill("SIGTERM");
      await waitForLine(lines, /^SIGTERM: stopping$/, seen);
      await waitForLine(lines, /^stopped$/, seen);
      const status = await child.status;
      assert.equal(status.code, 0, `${seen.join("\n")}\n${await stderr}`);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await stderr;
    }
  } finally {
    await test.dispose();
    await Deno.remove(dataDir, { recursive: true });
  }
});
