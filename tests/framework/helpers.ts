/** Shared helpers for the framework tests: an in-process fixture handler. */
import { createHandler } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";
import config from "./fixture/fresh.config.ts";

type FixtureHandler = Awaited<ReturnType<typeof createHandler>>;

let handler: Promise<FixtureHandler> | null = null;

/** The fixture app's handler (created once per test process). */
export function fixture(): Promise<FixtureHandler> {
  handler ??= createHandler(manifest, config);
  return handler;
}

/** Request a path of the fixture app in-process. */
export async function fetchFixture(
  path: string,
  init?: RequestInit,
): Promise<Response> {
  const h = await fixture();
  return await h(new Request(`http://localhost${path}`, init), {
    remoteAddr: { transport: "tcp", hostname: "10.1.2.3", port: 1234 },
  });
}

/** Request a path and read the body as text. */
export async function text(
  path: string,
  init?: RequestInit,
): Promise<[Response, string]> {
  const res = await fetchFixture(path, init);
  return [res, await res.text()];
}
