/**
 * Assembles the final HTML document from a finished render: hoisted
 * `<html>`/`<body>` attributes, `<head>` content (app head, `<Head>` nodes with
 * last-title-wins and key de-dup, plugin styles and links, module preloads),
 * the body, and the island state + boot script.
 */
import { type ComponentChildren, Fragment, h, toChildArray } from "preact";
import { renderToString } from "preact-render-to-string";
import { type RenderState, withRenderState } from "./render_state.ts";
import type { PluginRenderLink, PluginRenderStyleTag } from "./types.ts";

const ATTR_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "<": "&lt;",
  ">": "&gt;",
};

/** Escape text for use inside a double-quoted attribute or element text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&"<>]/g, (ch) => ATTR_ESCAPES[ch]);
}

/** Render an attribute map like Preact would (`className` → `class`). */
export function attributesToString(
  attrs: Record<string, unknown> | null | undefined,
): string {
  if (!attrs) return "";
  let out = "";
  for (const [rawName, value] of Object.entries(attrs)) {
    if (
      value === null || value === undefined || value === false ||
      typeof value === "function" || rawName === "children" ||
      rawName === "dangerouslySetInnerHTML"
    ) continue;
    const name = rawName === "className" ? "class" : rawName;
    out += value === true
      ? ` ${name}`
      : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/**
 * Flatten head children and drop duplicates: only the last `<title>` stays,
 * and for each `key` only the last element with that key stays.
 */
export function dedupeHeadNodes(
  groups: ComponentChildren[],
): ComponentChildren[] {
  const nodes = groups.flatMap((g) => toChildArray(g));
  let lastTitle = -1;
  const lastByKey = new Map<unknown, number>();
  nodes.forEach((node, i) => {
    if (typeof node !== "object" || node === null) return;
    if (node.type === "title") lastTitle = i;
    if (node.key != null) lastByKey.set(node.key, i);
  });
  return nodes.filter((node, i) => {
    if (typeof node !== "object" || node === null) return true;
    if (node.type === "title" && i !== lastTitle) return false;
    if (node.key != null && lastByKey.get(node.key) !== i) return false;
    return true;
  });
}

/** Inputs of {@link buildDocument}. */
export interface DocumentParts {
  state: RenderState;
  /** CSP nonce for plugin `<style>` tags. */
  nonce?: string | null;
  /** `<html lang>` when the app renders no `<html>` of its own. */
  lang?: string;
  body: string;
  styles: PluginRenderStyleTag[];
  links: PluginRenderLink[];
  preloads: string[];
  /** Already-escaped HTML for the end of `<body>` (state + boot script). */
  bodyEnd: string;
}

/** Build `<!DOCTYPE html>…` from the render results. */
export function buildDocument(parts: DocumentParts): string {
  return documentChunks(parts).join("");
}

/**
 * The document as UTF-8 bytes, each chunk encoded on its own: pages hold
 * `–`, `©` and the like, which make a concatenated document a two-byte string
 * that is copied whole (flattened) and converted character by character when
 * sent. Encoded apart, the ASCII chunks (head, twind CSS, boot script) take
 * V8's one-byte path and no flat copy of the whole page is made (ADR 0050).
 */
export function encodeDocument(parts: DocumentParts): Uint8Array<ArrayBuffer> {
  return encodeChunks(documentChunks(parts));
}

/** UTF-8 encoding of the concatenation of `chunks`. */
export function encodeChunks(chunks: string[]): Uint8Array<ArrayBuffer> {
  // Most pages are mostly ASCII: start at one byte per UTF-16 unit plus a
  // margin and grow only when a chunk does not fit.
  let size = 64;
  for (const chunk of chunks) size += chunk.length;
  let bytes = new Uint8Array(size + (size >> 4));
  let at = 0;
  for (const chunk of chunks) {
    let { read, written } = UTF8.encodeInto(chunk, bytes.subarray(at));
    at += written;
    while (read < chunk.length) {
      // At most 3 bytes per UTF-16 unit left.
      const grown = new Uint8Array(at + (chunk.length - read) * 3 + size);
      grown.set(bytes.subarray(0, at));
      bytes = grown;
      const rest = UTF8.encodeInto(chunk.slice(read), bytes.subarray(at));
      read += rest.read;
      at += rest.written;
    }
  }
  return bytes.subarray(0, at);
}

const UTF8 = new TextEncoder();

/** The document's text in order, concatenated by the caller. */
function documentChunks(parts: DocumentParts): string[] {
  const { state } = parts;
  const hadHtml = state.htmlAttrs !== null;
  let head = hadHtml ? "" : '<meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">';
  const headNodes = dedupeHeadNodes([...state.appHead, ...state.headNodes]);
  if (headNodes.length > 0) {
    // Rendered as part of the page: the base path and the CSP nonce apply.
    head += withRenderState(
      state,
      () => renderToString(h(Fragment, null, headNodes)),
    );
  }
  const chunks: string[] = [];
  const htmlAttrs = hadHtml ? state.htmlAttrs : { lang: parts.lang ?? "en" };
  chunks.push(
    `<!DOCTYPE html><html${attributesToString(htmlAttrs)}><head${
      attributesToString(state.headAttrs)
    }>${head}`,
  );
  for (const style of parts.styles) {
    chunks.push(
      `<style${
        attributesToString({
          id: style.id,
          media: style.media,
          nonce: parts.nonce ?? undefined,
        })
      }>`,
      // A scan for "</" is cheaper than the case-blind regex over the CSS.
      style.cssText.includes("</")
        ? style.cssText.replace(/<\/style/gi, "<\\/style")
        : style.cssText,
      "</style>",
    );
  }
  let tail = "";
  for (const link of parts.links) tail += `<link${attributesToString(link)}/>`;
  for (const href of parts.preloads) {
    tail += `<link rel="modulepreload" href="${escapeHtml(href)}"/>`;
  }
  chunks.push(
    `${tail}</head><body${attributesToString(state.bodyAttrs)}>`,
    parts.body,
    `${parts.bodyEnd}</body></html>`,
  );
  return chunks;
}
