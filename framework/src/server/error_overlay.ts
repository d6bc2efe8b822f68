/**
 * The development error overlay (Fresh 1.7 shows one over the error page in
 * the dev profile; production never does). It carries the error's first
 * message line (`.title`), the code frame (`.code-frame`) and the stack
 * (`.stack`), as Fresh's overlay page does.
 *
 * Fresh puts its overlay page in an `<iframe>`; pages here are served with
 * `frame-ancestors 'none'` / `X-Frame-Options: DENY`, which would block it,
 * so the overlay is an open `<dialog>` in the page itself, closed by a
 * `method="dialog"` form (no script: it works under `script-src 'self'`).
 * Fresh's overlay URL, `/_frsh/error_overlay?message=…&stack=…&code-frame=…`,
 * answers with the same overlay as a page in development.
 */
import { escapeHtml } from "./document.ts";

/** The overlay's URL (under the base path). */
export const ERROR_OVERLAY_PATH = "/_frsh/error_overlay";

/** What the overlay shows. */
export interface OverlayError {
  message: string;
  stack?: string;
  codeFrame?: string;
}

// Colors of ANSI escapes (e.g. from `Deno.inspect`) would show as garbage.
// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The overlay fields of a thrown value. */
export function overlayError(error: unknown, codeFrame?: string): OverlayError {
  if (error instanceof Error) {
    return {
      message: error.message.split("\n")[0].replace(ANSI, ""),
      stack: error.stack?.replace(ANSI, ""),
      codeFrame: codeFrame?.replace(ANSI, ""),
    };
  }
  return { message: String(error), codeFrame };
}

const STYLE = `#fresh-error-overlay{all:initial;position:fixed;inset:0;` +
  `z-index:99999;box-sizing:border-box;width:100%;max-width:none;height:100%;` +
  `max-height:none;margin:0;padding:2rem;border:0;overflow:auto;` +
  `background:rgba(0,0,0,.6);font-family:system-ui,sans-serif;display:block}` +
  `#fresh-error-overlay:not([open]){display:none}` +
  `#fresh-error-overlay .frame{max-width:60rem;margin:0 auto;padding:1.5rem;` +
  `border-top:4px solid #dc2626;border-radius:.5rem;background:#fff;color:#111}` +
  `#fresh-error-overlay .head{display:flex;justify-content:space-between;` +
  `align-items:flex-start;gap:1rem}` +
  `#fresh-error-overlay .kind{margin:0;color:#dc2626;font-size:.8rem;` +
  `text-transform:uppercase;letter-spacing:.05em}` +
  `#fresh-error-overlay .title{margin:.25rem 0 1rem;font-size:1.25rem;` +
  `white-space:pre-wrap;word-break:break-word}` +
  `#fresh-error-overlay pre{margin:0 0 1rem;padding:1rem;overflow:auto;` +
  `border-radius:.25rem;background:#f5f5f4;font:.8rem/1.5 ui-monospace,monospace}` +
  `#fresh-error-overlay .code-frame{background:#fef2f2}` +
  `#fresh-error-overlay button{font:inherit;cursor:pointer;padding:.25rem .75rem;` +
  `border:1px solid #d6d3d1;border-radius:.25rem;background:#fff}`;

/**
 * The overlay element; `nonce` is the render's CSP nonce (for its `<style>`).
 */
export function errorOverlayHtml(
  error: OverlayError,
  nonce?: string | null,
): string {
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : "";
  return `<dialog id="fresh-error-overlay" open aria-labelledby="fresh-error-overlay-title">` +
    `<style${nonceAttr}>${STYLE}</style><div class="frame"><div class="head">` +
    `<div><p class="kind">Error (development only)</p>` +
    `<h1 class="title" id="fresh-error-overlay-title">${
      escapeHtml(error.message)
    }</h1></div>` +
    `<form method="dialog"><button type="submit" class="close">Close</button></form>` +
    `</div>` +
    (error.codeFrame
      ? `<pre class="code-frame">${escapeHtml(error.codeFrame)}</pre>`
      : "") +
    (error.stack ? `<pre class="stack">${escapeHtml(error.stack)}</pre>` : "") +
    `</div></dialog>`;
}

/** Fresh's overlay URL as a page (development only). */
export function errorOverlayPage(url: URL): Response {
  const error: OverlayError = {
    message: url.searchParams.get("message") ?? "",
    stack: url.searchParams.get("stack") ?? undefined,
    codeFrame: url.searchParams.get("code-frame") ?? undefined,
  };
  return new Response(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${
      escapeHtml(error.message)
    }</title></head><body>${errorOverlayHtml(error)}</body></html>`,
    { headers: { "content-type": "text/html; charset=utf-8" } },
  );
}
