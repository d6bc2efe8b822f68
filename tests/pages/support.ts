/**
 * The real app (through `startApp`) on a fresh seeded database, plus a tiny
 * HTML form reader so tests can walk the no-JS wizard the way a
 * browser without JavaScript does: submit a form's fields plus a few answers.
 *
 * @module
 */
import {
  startApp,
  type StartAppOptions,
  type TestApp,
} from "../support/app.ts";
import { decodeEntities } from "../support/html.ts";

/**
 * Starts the app on a new seeded database with background jobs and rate
 * limits off, so a walk through the wizard sees only its own requests.
 */
export async function pagesApp(
  options: StartAppOptions = {},
): Promise<TestApp> {
  return await startApp({
    ...options,
    env: { JOBS: "off", RATE_LIMITS: "off", ...options.env },
  });
}

/**
 * Sends one in-process request and reads the body as HTML. A wizard post's
 * 303 to `/book?step=…` (Post/Redirect/Get) is followed the way a browser
 * does, with the draft cookie it set; `res.redirected` then says so.
 */
export async function fetchHtml(
  app: TestApp,
  path: string,
  init?: RequestInit,
): Promise<{ res: Response; html: string; posted?: Response }> {
  const res = await app.fetch(path, init);
  const location = res.headers.get("location") ?? "";
  if (res.status === 303 && location.startsWith("/book?step=")) {
    await res.body?.cancel();
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    const next = await app.fetch(location, { headers: { cookie } });
    return { res: next, html: await next.text(), posted: res };
  }
  return { res, html: await res.text() };
}

function attr(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decodeEntities(m[1]) : undefined;
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

/** The main wizard form of a step page (not the month navigation or the base choice). */
export function stepForm(html: string): string {
  const f = forms(html).find((x) =>
    x.action === "/book" && x.method === "post" && /name="step"/.test(x.body) &&
    x.id !== "slot-month-nav" && x.id !== "slot-location"
  );
  if (!f) throw new Error("no wizard form on the page");
  return f.body;
}

/** Hidden inputs of a form body as name → value. */
export function hiddenFields(formBody: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const m of formBody.matchAll(/<input\b(?:[^>"]|"[^"]*")*>/g)) {
    if (attr(m[0], "type") === "hidden") {
      out.append(attr(m[0], "name") ?? "", attr(m[0], "value") ?? "");
    }
  }
  return out;
}

/** Values of radio inputs named `name`. */
export function radioValues(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b(?:[^>"]|"[^"]*")*>/g)]
    .filter((m) =>
      attr(m[0], "type") === "radio" && attr(m[0], "name") === name
    )
    .map((m) => attr(m[0], "value") ?? "");
}

/** The step heading's text. */
export function stepHeading(html: string): string {
  return decodeEntities(
    html.match(/<h2 id="step-heading"[^>]*>([^<]*)</)?.[1] ?? "",
  );
}

/** POSTs the wizard form of `html` with `answers` added (a no-JS submit). */
export async function submitStep(
  app: TestApp,
  html: string,
  answers: Record<string, string>,
): Promise<{ res: Response; html: string }> {
  const body = hiddenFields(stepForm(html));
  for (const [k, v] of Object.entries(answers)) body.set(k, v);
  return await fetchHtml(app, "/book", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}
