import { startAppProcess } from "./bench/lib/server.ts";
import { monthRange } from "./bench/api/api.ts";
const url = Deno.readTextFileSync("/tmp/scr/url");
const env = JSON.parse(Deno.args[1] ?? "{}");
const app = await startAppProcess(url, { AVAILABILITY_CACHE_MS: "0", ...env });
const { from, to } = monthRange();
const u = `${app.origin}/api/availability?from=${from}&to=${to}`;
const path = Deno.args[0] ?? "";
const target = path ? app.origin + path : u;
for (const secs of ["2", "5"]) {
  const out = await new Deno.Command("taskset", { args: ["-c", "1", "wrk", "-t1", "-c50", `-d${secs}s`, "--latency", target] }).output();
  if (secs === "5") console.log(new TextDecoder().decode(out.stdout));
}
await app.stop();
