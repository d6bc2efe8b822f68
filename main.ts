/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
/// <reference lib="deno.ns" />

import { start } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import { bootApp } from "./app.ts";
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
await start(manifest, app.freshConfig);
