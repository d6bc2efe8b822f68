/**
 * `<StaticMarkup>`: a server-rendered subtree whose HTML depends only on
 * its `id` (the site header for one active nav entry, the footer for one
 * year) is rendered once per server and then written as it was, with the
 * class names it used recorded into each page's render so CSS plugins still
 * see them (ADR 0054).
 *
 * The cache belongs to the {@link RenderState} of a page, which gets it from
 * its server: two servers in one process (tests) never share markup.
 *
 * @module
 */
import { type ComponentChildren, Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { HEAD_CONTEXT } from "../runtime/head_context.ts";
import { rawHtml } from "./raw_html.ts";
import {
  currentRender,
  newRenderState,
  type RenderState,
  type StaticMarkupEntry,
  withRenderState,
} from "./render_state.ts";

/**
 * Entries kept per server; a caller whose ids are unbounded (one per URL)
 * would otherwise grow it forever, so it starts over when full.
 */
export const STATIC_MARKUP_LIMIT = 256;

/** Props of {@link StaticMarkup}. */
export interface StaticMarkupProps {
  /**
   * Names everything the markup depends on: two renders with the same id
   * must give the same HTML.
   */
  id: string;
  /** Builds the subtree; called on the first render of `id` only. */
  render: () => ComponentChildren;
}

/**
 * Renders `render()` once per `id` and server, then reuses its HTML.
 * The subtree must not read context, and may hold no islands, partials,
 * `<Head>` nodes, scripts or styles (a CSP nonce is per page): the first
 * render throws if it does. Outside a server page render, and inside an
 * island, it renders `render()` as usual.
 */
export function StaticMarkup({ id, render }: StaticMarkupProps): VNode {
  const page = currentRender();
  const cache = page?.staticMarkup;
  if (!page || !cache || page.islandDepth > 0) {
    return h(Fragment, null, render());
  }
  let entry = cache.get(id);
  if (!entry) {
    entry = renderOnce(page, id, render);
    if (cache.size >= STATIC_MARKUP_LIMIT) cache.clear();
    cache.set(id, entry);
  }
  for (const cls of entry.classNames) page.classNames.add(cls);
  return rawHtml(entry.html);
}

function renderOnce(
  page: RenderState,
  id: string,
  render: () => ComponentChildren,
): StaticMarkupEntry {
  const own = newRenderState();
  own.basePath = page.basePath;
  const html = withRenderState(
    own,
    () =>
      renderToString(
        h(HEAD_CONTEXT.Provider, { value: own.headNodes }, render()),
      ),
  );
  const held = [
    own.islands.size > 0 || own.islandProps.length > 0 ? "islands" : "",
    own.partials.length > 0 ? "partials" : "",
    own.headNodes.length > 0 ? "<Head> nodes" : "",
    own.htmlAttrs || own.headAttrs || own.bodyAttrs ? "document tags" : "",
    /<(script|style)[\s>]/i.test(html) ? "scripts or styles" : "",
  ].filter(Boolean);
  if (held.length > 0) {
    throw new Error(
      `<StaticMarkup id="${id}"> holds ${
        held.join(", ")
      }; it may only hold plain markup`,
    );
  }
  return { html, classNames: [...own.classNames] };
}
