/**
 * HTTP views of the dev mailbox: `/_dev/mailbox` (HTML) and
 * `/_dev/mailbox.json`.
 *
 * @module
 */
import type { Mailbox, MailboxEntry } from "./mailbox.ts";
import { escapeHtml } from "../../lib/text/escape.ts";

const NO_STORE = "no-store";

/** `GET /_dev/mailbox.json[?to=email]`: entries newest first. */
export function mailboxJson(mailbox: Mailbox, req: Request): Response {
  const to = new URL(req.url).searchParams.get("to") ?? undefined;
  return new Response(JSON.stringify(mailbox.list(to)), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": NO_STORE,
    },
  });
}

/** `GET /_dev/mailbox[?to=email]`: a small page listing the mail with its links. */
export function mailboxPage(mailbox: Mailbox, req: Request): Response {
  const to = new URL(req.url).searchParams.get("to") ?? undefined;
  const entries = mailbox.list(to);
  const body = entries.length === 0
    ? "<p>No mail yet.</p>"
    : entries.map(renderEntry).join("\n");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Dev mailbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}
article{border:1px solid #ccc;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
h2{font-size:1.1rem;margin:.25rem 0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
a{color:#0645ad}
</style>
</head>
<body>
<h1>Dev mailbox</h1>
<p>Mail sent by this server (newest first, kept in memory). JSON: <a href="/_dev/mailbox.json">/_dev/mailbox.json</a></p>
<main>
${body}
</main>
</body>
</html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": NO_STORE,
    },
  });
}

function renderEntry(entry: MailboxEntry): string {
  const links = entry.links
    .map((link) =>
      `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`
    )
    .join("");
  return `<article>
<h2>${escapeHtml(entry.subject)}</h2>
<p>To <strong>${escapeHtml(entry.to)}</strong> at <time datetime="${
    escapeHtml(entry.sentAt)
  }">${escapeHtml(entry.sentAt)}</time></p>
${links ? `<ul>${links}</ul>` : ""}
<pre>${escapeHtml(entry.text)}</pre>
</article>`;
}
