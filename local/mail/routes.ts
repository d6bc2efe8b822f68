/**
 * The dev mailbox pages as Fresh plugin middleware.
 *
 * They are middleware, not plugin routes, because Fresh treats top-level
 * paths starting with `_` as private files, never as routes.
 *
 * @module
 */
import type { PluginMiddleware } from "$fresh/server.ts";
import type { Mailbox } from "./mailbox.ts";
import { mailboxJson, mailboxPage } from "./pages.ts";

/** Paths served by {@link mailMiddleware}. */
export const MAILBOX_PATHS = ["/_dev/mailbox", "/_dev/mailbox.json"] as const;

/** Answers `GET /_dev/mailbox` (HTML) and `GET /_dev/mailbox.json`; passes everything else on. */
export function mailMiddleware(mailbox: Mailbox): PluginMiddleware {
  return {
    path: "/",
    middleware: {
      handler: (req, ctx) => {
        const path = ctx.url.pathname;
        if (req.method !== "GET" && req.method !== "HEAD") return ctx.next();
        if (path === MAILBOX_PATHS[0]) return mailboxPage(mailbox, req);
        if (path === MAILBOX_PATHS[1]) return mailboxJson(mailbox, req);
        return ctx.next();
      },
    },
  };
}
