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
  for (const style of parts.styles) {
    head += `<style${
      attributesToString({
        id: style.id,
        media: style.media,
        nonce: parts.nonce ?? undefined,
      })
    }>${style.cssText.replace(/<\/style/gi, "<\\/style")}</style>`;
  }
  for (const link of parts.links) head += `<link${attributesToString(link)}/>`;
  for (const href of parts.preloads) {
    head += `<link rel="modulepreload" href="${escapeHtml(href)}"/>`;
  }
  const htmlAttrs = hadHtml ? state.htmlAttrs : { lang: parts.lang ?? "en" };
  return `<!DOCTYPE html><html${attributesToString(htmlAttrs)}><head${
    attributesToString(state.headAttrs)
  }>${head}</head><body${
    attributesToString(state.bodyAttrs)
  }>${parts.body}${parts.bodyEnd}</body></html>`;
}
