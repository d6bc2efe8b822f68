/**
 * The 403 page for signed-in users who are not (active) staff. Plain HTML:
 * the middleware answers before any route renders.
 *
 * @module
 */

import { escapeHtml } from "../text/escape.ts";

/** A 403 HTML page: a title, a language and `body` (already escaped). */
function page403(title: string, body: string): Response {
  return staffHtmlPage(403, title, body);
}

/** An HTML page with `status`: a title, a language and `body` (already escaped). */
function staffHtmlPage(status: number, title: string, body: string): Response {
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(title)} – MyHibachi</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#292524">
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
    },
  });
}

/** 403 answer naming the signed-in address, with a sign-out form. */
export function forbiddenPage(email: string): Response {
  return page403(
    "No staff access",
    `<p>You are signed in as <strong>${
      escapeHtml(email)
    }</strong>, but this address is not on the MyHibachi staff list (or its access was turned off).</p>
<p>If you should have access, ask an admin to invite this address. Customers manage bookings with the link in their confirmation e-mail.</p>
<p><a href="/login">Sign in with another address</a> · <a href="/">Back to the home page</a></p>`,
  );
}

/**
 * 403 for a staff page the signed-in role may not open (a chef on the
 * payments page): `reason` in words and a way back to the dashboard.
 */
export function roleForbiddenPage(reason: string): Response {
  return page403(
    "Not for your role",
    `<p>Forbidden: ${escapeHtml(reason)}</p>
<p><a href="/admin">Back to the dashboard</a></p>`,
  );
}

/** Titles of the refusals a staff page can answer instead of rendering. */
const REFUSAL_TITLES: Record<number, string> = {
  403: "Not for your role",
  404: "Not found",
  409: "Changed meanwhile",
  422: "Check the request",
};

/**
 * A staff page's refusal (403 role, 404 unknown or hidden by RLS, 409, 422)
 * as a readable HTML page with a way back, never bare text: `message` in
 * words, escaped here.
 */
export function staffRefusalPage(status: number, message: string): Response {
  return staffHtmlPage(
    status,
    REFUSAL_TITLES[status] ?? "Not possible",
    `<p>${escapeHtml(message)}</p>
<p><a href="/admin">Back to the dashboard</a></p>`,
  );
}
