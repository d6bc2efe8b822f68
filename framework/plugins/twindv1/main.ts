/**
 * Browser side of the twind v1 plugin. The server already sent the CSS for
 * every class it rendered, so twind itself (~19 kB gzipped with the Tailwind
 * preset) is only loaded when the page shows a class token the server CSS
 * does not cover; it then adopts the server `<style>` (its resume data keeps
 * rule order) and styles everything islands add from then on.
 */
import type { TwindConfig } from "@twind/core";
import { STYLE_ELEMENT_ID } from "./shared.ts";

const RESUME_DATA = /\/\*!([\da-z]+),([\da-z]+)(?:,(.+?))?\*\//g;

/** Class tokens the server CSS (resume data) and the server HTML already cover. */
function knownTokens(style: HTMLElement | null): Set<string> {
  const known = new Set<string>();
  for (const m of (style?.textContent ?? "").matchAll(RESUME_DATA)) {
    if (m[3]) known.add(m[3]);
  }
  const seen = new Set<string>();
  for (const el of document.querySelectorAll("[class]")) {
    const cls = el.getAttribute("class")!;
    if (seen.has(cls)) continue;
    seen.add(cls);
    for (const token of cls.split(/\s+/)) known.add(token);
  }
  return known;
}

/**
 * Watch for unknown class tokens and start twind on the first one.
 * `loadOptions` imports the app's twind config lazily.
 */
export default function hydrate(
  loadOptions: () => Promise<TwindConfig>,
  _state?: unknown,
): void {
  const style = document.getElementById(STYLE_ELEMENT_ID);
  const known = knownTokens(style);
  let started = false;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (
        record.type === "attributes" && hasUnknown(record.target as Element)
      ) {
        return start();
      }
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && scan(node as Element)) return start();
      }
    }
  });
  // Hydration sends a burst of mutation records whose elements mostly
  // repeat a few class strings: each string is split and checked once.
  const checked = new Map<string, boolean>();
  const hasUnknown = (el: Element) => {
    const cls = el.getAttribute("class") ?? "";
    let unknown = checked.get(cls);
    if (unknown === undefined) {
      unknown = cls.split(/\s+/).some((t) => t && !known.has(t));
      checked.set(cls, unknown);
    }
    return unknown;
  };
  const scan = (root: Element) =>
    hasUnknown(root) || [...root.querySelectorAll("[class]")].some(hasUnknown);
  const start = () => {
    if (started) return;
    started = true;
    observer.disconnect();
    Promise.all([loadOptions(), import("@twind/core")]).then(
      ([options, { getSheet, setup }]) => {
        // getSheet() claims `style[data-twind=""]` and resumes from its rules;
        // setup() then observes the DOM, so later classes are styled too.
        // Resuming marks every class in the DOM as already styled, so hide
        // the new tokens while twind starts and put them back afterwards:
        // its own observer then generates their CSS.
        const pending = [...document.querySelectorAll("[class]")]
          .filter(hasUnknown)
          .map((el) => [el, el.getAttribute("class")!] as const);
        for (const [el, cls] of pending) {
          el.setAttribute(
            "class",
            cls.split(/\s+/).filter((t) => known.has(t)).join(" "),
          );
        }
        style?.setAttribute("data-twind", "");
        setup(options, getSheet());
        for (const [el, cls] of pending) el.setAttribute("class", cls);
      },
    );
  };
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["class"],
  });
}
