/**
 * Text children with characters outside ASCII, written as character
 * references (ADR 0055). One `–` or `©` in a page makes V8 build the whole
 * rendered body as a two-byte string, which UTF-8 encoding then converts
 * character by character (measured: 38 µs for 48 k characters against 2 µs
 * for the same length in one byte). With every text child ASCII, the body
 * stays a one-byte string; the browser reads the same text.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { rawHtml } from "./raw_html.ts";

const NON_ASCII = /[\u0080-\uFFFF]/;
const AMP = 38, LT = 60, GT = 62;

/** Elements whose text is not parsed for references. */
const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set(["script", "style"]);

/**
 * `text` as HTML in ASCII: `&`, `<`, `>` escaped and every other character
 * past U+007F as a numeric reference. Built from char codes so that V8 makes
 * a one-byte string (replacing within a two-byte string keeps it two-byte).
 */
export function asciiHtml(text: string): string {
  const codes: number[] = [];
  const push = (s: string) => {
    for (let i = 0; i < s.length; i++) codes.push(s.charCodeAt(i));
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === AMP) push("&amp;");
    else if (cp === LT) push("&lt;");
    else if (cp === GT) push("&gt;");
    else if (cp > 0x7f) push(`&#${cp};`);
    else codes.push(cp);
  }
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) {
    out += String.fromCharCode(...codes.slice(i, i + 8192));
  }
  return out;
}

function asciiChild(child: unknown): unknown {
  if (typeof child === "string") {
    return NON_ASCII.test(child) ? rawHtml(asciiHtml(child)) : child;
  }
  if (Array.isArray(child)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < child.length; i++) {
      const next = asciiChild(child[i]);
      if (next !== child[i]) {
        // A copy: the array may be a component's constant.
        out ??= child.slice();
        out[i] = next;
      }
    }
    return out ?? child;
  }
  return child;
}

/**
 * The children of a `type` element with their non-ASCII text children as
 * ASCII markup; the same value when nothing changes.
 */
export function asciiChildren(
  type: string,
  children: ComponentChildren,
): ComponentChildren {
  if (RAW_TEXT_ELEMENTS.has(type)) return children;
  return asciiChild(children) as ComponentChildren;
}
