/// <reference no-default-lib="true" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/// <reference lib="dom.asynciterable" />
/// <reference lib="deno.ns" />

import { start } from "$fresh/server.ts";
import manifest from "./fresh.gen.ts";
import config from "./fresh.config.ts";
import { startServerJobs } from "./lib/jobs/mod.ts";

// Unpaid-booking expiry and hold cleanup run in the server process (JOBS=off disables).
await startServerJobs();
await start(manifest, config);
