/**
 * `main.ts` under an orchestrator: SIGTERM stops taking requests, stops the
 * jobs and the outbox worker, closes the database and exits 0.
 */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import { spawnMain } from "../support/main_process.ts";

Deno.test("SIGTERM: main.ts finishes, stops its jobs, closes the database and exits 0", async () => {
  const test = await freshTestDb({ seed: true });
  const dataDir = await Deno.makeTempDir();
  const main = spawnMain({
    DATA_DIR: dataDir,
    // PGlite on disk when the suite has no PostgreSQL: the case where a
    // close cut short would leave the data directory unusable.
    ...(test.url ? { DATABASE_URL: test.url } : {}),
    JOBS: "on",
    LOG_LEVEL: "info",
  });
  try {
    const port = await main.listening();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    await res.body?.cancel();

    main.child.kill("SIGTERM");
    await main.waitForLine(/^SIGTERM: stopping$/);
    await main.waitForLine(/^stopped$/);
    const status = await main.child.status;
    assert.equal(
      status.code,
      0,
      `${main.seen.join("\n")}\n${await main.stderr}`,
    );
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
  } finally {
    await main.dispose();
    await test.dispose();
    await Deno.remove(dataDir, { recursive: true });
  }
});
