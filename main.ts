/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
/// <reference lib="deno.ns" />

import { start } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import { bootApp, stopServing } from "./app.ts";
import { ConfigError, loadConfig } from "./lib/config/mod.ts";

// The composition root builds the app from its configuration and starts its
// background jobs (unpaid-booking expiry, hold cleanup, mail outbox).
let app;
try {
  app = await bootApp(loadConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Configuration error: ${err.message}`);
  Deno.exit(1);
}
const server = await start(manifest, app.freshConfig);

// Orchestrators stop an instance with SIGTERM (Ctrl-C sends SIGINT): finish
// the requests in flight (realtime clients are closed with 1001 and
// reconnect to another instance), then the jobs and outbox sends, then close the
// database, so no booking transaction or mail is cut in half.
const booted = app;
let stopping = false;
async function shutdown(signal: Deno.Signal): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await stopServing(server, booted);
  console.log("stopped");
  Deno.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(signal, () => void shutdown(signal));
}
