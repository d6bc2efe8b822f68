/**
 * HTML written into a server render as it is, without a wrapper element:
 * a `Fragment` with `tpl`, preact-render-to-string's support for
 * precompiled JSX.
 *
 * @module
 */
import { Fragment, h, type VNode } from "preact";

/** A vnode that renders `html` verbatim (the caller vouches for it). */
export function rawHtml(html: string): VNode {
  return h(Fragment, { tpl: [html] } as Record<string, unknown>);
}
