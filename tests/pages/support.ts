/**
 * The real app (fresh.gen.ts + fresh.config.ts) on a fresh seeded database,
 * plus a tiny HTML form reader so tests can walk the no-JS wizard the way a
 * browser without JavaScript does: submit a form's fields plus a few answers.
 *
 * @module
 */
import { createHandler, type Manifest } from "$fresh/server.ts";
import { closeDb } from "../../lib/db/mod.ts";
import { freshTestDb, type TestDb } from "../support/test_db.ts";

type AppHandler = Awaited<ReturnType<typeof createHandler>>;

/** The app bound to its own database. */
export interface PagesApp {
  handler: AppHandler;
  db: TestDb;
  /** Sends one request (relative path) and reads the body. */
  fetch(
    path: string,
    init?: RequestInit,
  ): Promise<{ res: Response; html: string }>;
  dispose(): Promise<void>;
}

const INFO = {
  remoteAddr: { hostname: "127.0.0.1", port: 40000, transport: "tcp" as const },
  completed: Promise.resolve(),
};

/**
 * Starts the app on a new seeded database: `getDb()` is pointed at it through
 * `DATABASE_URL` (closing any process-wide database opened before).
 */
export async function pagesApp(): Promise<PagesApp> {
  const db = await freshTestDb({ seed: true });
  await closeDb();
  const previous = Deno.env.get("DATABASE_URL");
  Deno.env.set("DATABASE_URL", db.url);
  Deno.env.set("JOBS", "off");
  Deno.env.set("RATE_LIMITS", "off");
  const manifest = (await import("../../fresh.gen.ts")).default as Manifest;
  const config = (await import("../../fresh.config.ts")).default;
  const handler = await createHandler(manifest, config);
  return {
    handler,
    db,
    async fetch(path, init) {
      const res = await handler(
        new Request(`http://127.0.0.1:8000${path}`, {
          redirect: "manual",
          ...init,
        }),
        INFO,
      );
      return { res, html: await res.text() };
    },
    async dispose() {
      await closeDb();
      if (previous === undefined) Deno.env.delete("DATABASE_URL");
      else Deno.env.set("DATABASE_URL", previous);
      await db.dispose();
    },
  };
}

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function attr(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decode(m[1]) : undefined;
}

/** The `<form>` blocks of a page with their method and action. */
export function forms(
  html: string,
): { id: string; method: string; action: string; body: string }[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({
    id: attr(m[1], "id") ?? "",
    method: (attr(m[1], "method") ?? "get").toLowerCase(),
    action: attr(m[1], "action") ?? "",
    body: m[2],
  }));
}

/** The main wizard form of a step page (the one that is not the month navigation). */
export function stepForm(html: string): string {
  const f = forms(html).find((x) =>
    x.action === "/book" && x.method === "post" && /name="step"/.test(x.body) &&
    x.id !== "slot-month-nav"
  );
  if (!f) throw new Error("no wizard form on the page");
  return f.body;
}

/** Hidden inputs of a form body as name → value. */
export function hiddenFields(formBody: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const m of formBody.matchAll(/<input\b[^>]*>/g)) {
    if (attr(m[0], "type") === "hidden") {
      out.append(attr(m[0], "name") ?? "", attr(m[0], "value") ?? "");
    }
  }
  return out;
}

/** Values of radio inputs named `name`. */
export function radioValues(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*>/g)]
    .filter((m) =>
      attr(m[0], "type") === "radio" && attr(m[0], "name") === name
    )
    .map((m) => attr(m[0], "value") ?? "");
}

/** The step heading's text. */
export function stepHeading(html: string): string {
  return decode(html.match(/<h2 id="step-heading"[^>]*>([^<]*)</)?.[1] ?? "");
}

/** POSTs the wizard form of `html` with `answers` added (a no-JS submit). */
export async function submitStep(
  app: PagesApp,
  html: string,
  answers: Record<string, string>,
): Promise<{ res: Response; html: string }> {
  const body = hiddenFields(stepForm(html));
  for (const [k, v] of Object.entries(answers)) body.set(k, v);
  return await app.fetch("/book", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}
