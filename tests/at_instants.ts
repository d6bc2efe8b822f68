/**
 * `deno task test:instants`: the suite without its browser modules, run
 * whole at fixed instants of the system clock (libfaketime, Debian's
 * `faketime`), the database server included, so a test that reads the real
 * date (a weekday, an hour, a DST change) fails here before it fails in CI
 * on some day. Slow (one suite run per instant); not part of `deno task
 * test`, which injects clocks and runs the date rules at four instants
 * itself (`tests/api/clock_instants_test.ts`).
 *
 * `deno task test:instants [instant ...]`, instants as faketime takes them
 * in UTC (`2026-12-05 20:00:00`); the defaults are below.
 *
 * @module
 */
import { findTestFiles, parseRunSummary } from "./run.ts";
import { drivesBrowser } from "./support/shards.ts";

/** In Los Angeles: a Saturday noon, a Monday 23:30, the hour before DST starts, a Wednesday 02:00. */
const DEFAULT_INSTANTS = [
  "2026-12-05 20:00:00",
  "2026-12-08 07:30:00",
  "2027-03-14 09:30:00",
  "2026-12-09 10:00:00",
];

/** Test modules that do not drive a browser (those take most of a run's time). */
async function nonBrowserFiles(): Promise<string[]> {
  const files = await findTestFiles(["tests", "framework", "lib"]);
  const keep: string[] = [];
  for (const file of files) {
    if (!drivesBrowser(await Deno.readTextFile(file))) {
      keep.push(file);
    }
  }
  return keep;
}

if (import.meta.main) {
  const instants = Deno.args.length ? Deno.args : DEFAULT_INSTANTS;
  const files = await nonBrowserFiles();
  let passed = 0;
  let failed = 0;
  for (const instant of instants) {
    console.log(`[instants] ${instant} UTC: ${files.length} modules`);
    const out = await new Deno.Command("faketime", {
      args: [instant, Deno.execPath(), "run", "-A", "tests/run.ts", ...files],
      // Sharded as the whole suite is (ADR 0053).
      env: { TZ: "UTC", TEST_SHARDS: "4" },
      stdout: "piped",
      stderr: "inherit",
    }).output().catch((err) => {
      console.log(
        `[instants] cannot run faketime (apt-get install faketime): ${err}`,
      );
      Deno.exit(2);
    });
    const text = new TextDecoder().decode(out.stdout);
    const summary = parseRunSummary(text);
    if (!summary || summary.failed > 0) {
      // The failures with their errors, or the end of a run that crashed.
      const errors = text.indexOf(" ERRORS ");
      console.log(errors >= 0 ? text.slice(errors) : text.slice(-4000));
    }
    passed += summary?.passed ?? 0;
    failed += summary ? summary.failed : 1;
    console.log(
      `[instants] ${instant} UTC: ${summary?.passed ?? 0} passed, ${
        summary?.failed ?? 1
      } failed`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  Deno.exit(failed > 0 ? 1 : 0);
}
