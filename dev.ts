#!/usr/bin/env -S deno run -A --watch=static/,routes/

import dev from "$fresh/dev.ts";
import config from "./fresh.config.ts";
import { startServerJobs } from "./lib/jobs/mod.ts";

// Unpaid-booking expiry and hold cleanup run in the server process (JOBS=off disables).
await startServerJobs();
await dev(import.meta.url, "./main.ts", config);
