/**
 * Builds the real application handler (fresh.gen.ts + fresh.config.ts) for
 * in-process tests, plus a test-only route that throws, and helpers to send
 * requests and capture log lines.
 */
import { captureLogs, type LogRecord } from "../../lib/observability/log.ts";
import {
  type AppHandler,
  buildApp,
  TEST_ORIGIN,
  unreachableDb,
} from "../support/app.ts";
import { decodeEntities } from "../support/html.ts";

export { TEST_ORIGIN };

/** Message of the error thrown by the test-only route; must never leak. */
export const SECRET_ERROR =
  "db password hunter2 leaked at /srv/app/secret.ts:42";

/** Path of the test-only route that throws. */
export const THROW_PATH = "/test-only/throws";

let cached: Promise<{ handler: AppHandler }> | undefined;

/**
 * The app's handler, built once per test module: the real manifest and
 * composition root on a database that is not there (these pages must render
 * without one), with a test-only route that throws.
 */
export function appHandler(): Promise<{ handler: AppHandler }> {
  cached ??= (async () =>
    await buildApp({
      db: await unreachableDb(),
      publicUrl: TEST_ORIGIN,
      editManifest: (manifest) => ({
        ...manifest,
        routes: {
          ...manifest.routes,
          "./routes/test-only/throws.tsx": {
            default: function Throws(): never {
              throw new Error(SECRET_ERROR);
            },
          },
        },
      }),
    }))();
  return cached;
}

const INFO: Parameters<AppHandler>[1] = {
  remoteAddr: { hostname: "127.0.0.1", port: 54321, transport: "tcp" },
  completed: Promise.resolve(),
};

/** A response with its body already read, plus the log lines it produced. */
export interface Fetched {
  res: Response;
  body: string;
  logs: LogRecord[];
}

/** Sends one request through the app and collects its log lines. */
export async function fetchApp(
  path: string,
  init?: RequestInit,
): Promise<Fetched> {
  const { handler } = await appHandler();
  const logs: LogRecord[] = [];
  const restore = captureLogs((record) => logs.push(record));
  try {
    const res = await handler(
      new Request(`http://127.0.0.1:8000${path}`, init),
      INFO,
    );
    const body = await res.text();
    return { res, body, logs };
  } finally {
    restore();
  }
}

export { decodeEntities };

/** Content of the first `<meta name|property=…>` with that key. */
export function metaContent(html: string, key: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/g) ?? []) {
    const name = tag.match(/\b(?:name|property)="([^"]*)"/)?.[1];
    if (name === key) {
      return decodeEntities(tag.match(/\bcontent="([^"]*)"/)?.[1] ?? "");
    }
  }
  return undefined;
}

/** Every `<script …>` opening tag. */
export function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/gi) ?? [];
}

/** Parsed bodies of every JSON-LD block. */
export function jsonLdBlocks(html: string): Record<string, unknown>[] {
  const blocks = [
    ...html.matchAll(
      /<script\b[^>]*type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g,
    ),
  ];
  return blocks.map((m) => JSON.parse(m[1]));
}
