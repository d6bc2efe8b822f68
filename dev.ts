#!/usr/bin/env -S deno run -A --watch=static/,routes/

import dev from "$fresh/dev.ts";
import config from "./fresh.config.ts";
import { bootApp } from "./app.ts";
import { ConfigError, loadConfig } from "./lib/config/mod.ts";

if (Deno.args.includes("build")) {
  // The ahead-of-time build needs the routes and plugins, not a database.
  await dev(import.meta.url, "./main.ts", config);
} else {
  let app;
  try {
    app = await bootApp(loadConfig());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    Deno.exit(1);
  }
  await dev(import.meta.url, "./main.ts", app.freshConfig);
}
