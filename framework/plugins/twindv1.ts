/**
 * `$fresh/plugins/twindv1.ts`: twind v1 (@twind/core) for server-rendered
 * pages and islands. CSS is generated from the classes a page renders and
 * cached by that class set (LRU), so a page seen before costs only a lookup.
 * @module
 */
import {
  stringify,
  twind as createTwind,
  type TwindConfig,
  virtual,
} from "@twind/core";
import type { Plugin } from "../src/server/types.ts";
import { setClassTransform } from "../src/server/preact_hooks.ts";
import { type Options, STYLE_ELEMENT_ID } from "./twindv1/shared.ts";

export type { Options };

const CSS_CACHE_SIZE = 256;
const CLASS_CACHE_SIZE = 10_000;

/** Class strings in rendered HTML (attribute values are entity-decoded). */
export function classesInHtml(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) {
    if (m[1]) {
      out.add(
        m[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">")
          .replace(/&#39;/g, "'").replace(/&amp;/g, "&"),
      );
    }
  }
  return out;
}

/** True when two class strings hold the same set of tokens. */
function sameTokens(a: string, b: string): boolean {
  if (a === b) return true;
  const left = new Set(a.split(/\s+/).filter(Boolean));
  const right = new Set(b.split(/\s+/).filter(Boolean));
  return left.size === right.size && [...left].every((t) => right.has(t));
}

/** Cache of generated CSS keyed by the set of class tokens of a page. */
export class TwindCssCache {
  #config: TwindConfig;
  #css = new Map<string, string>();
  #classes = new Map<string, string>();
  #shared: ReturnType<typeof createTwind> | null = null;
  /** Number of CSS generations (cache misses); for tests and metrics. */
  misses = 0;

  constructor(config: TwindConfig) {
    this.#config = config;
  }

  /**
   * Normalise one class attribute through twind (memoized). When twind only
   * reorders the tokens, the authored string is kept: islands render the
   * authored string in the browser, and any difference makes Preact rewrite
   * the attribute of every element when it boots an island (ADR 0048). Token
   * order does not change which rules apply.
   */
  transform(cls: string): string {
    let out = this.#classes.get(cls);
    if (out !== undefined) return out;
    if (!this.#shared || this.#classes.size >= CLASS_CACHE_SIZE) {
      this.#classes.clear();
      this.#shared = createTwind(this.#config, virtual());
    }
    const tw = this.#shared(cls);
    out = sameTokens(cls, tw) ? cls : tw;
    this.#classes.set(cls, out);
    return out;
  }

  #byClassList = new Map<string, string>();

  /** CSS (with twind resume data) for the given class strings. */
  cssFor(classes: Iterable<string>): string {
    // Fast path: the same page yields the same class list in the same order.
    const listKey = [...classes].join("\n");
    const fast = this.#byClassList.get(listKey);
    if (fast !== undefined) return fast;
    const css = this.#cssForTokens(listKey.split(/\s+/));
    this.#byClassList.set(listKey, css);
    if (this.#byClassList.size > CSS_CACHE_SIZE) {
      this.#byClassList.delete(this.#byClassList.keys().next().value!);
    }
    return css;
  }

  #cssForTokens(list: string[]): string {
    const tokens = new Set<string>();
    for (const token of list) if (token) tokens.add(token);
    const key = [...tokens].sort().join(" ");
    const hit = this.#css.get(key);
    if (hit !== undefined) {
      this.#css.delete(key);
      this.#css.set(key, hit);
      return hit;
    }
    this.misses++;
    const sheet = virtual(true);
    const tw = createTwind(this.#config, sheet);
    tw(key);
    const css = stringify(sheet.target);
    this.#css.set(key, css);
    if (this.#css.size > CSS_CACHE_SIZE) {
      this.#css.delete(this.#css.keys().next().value!);
    }
    return css;
  }
}

/** The twind v1 plugin; pass `{...twindConfig, selfURL: import.meta.url}`. */
export default function twind(options: Options): Plugin {
  const { selfURL, ...config } = options;
  const cache = new TwindCssCache(config as TwindConfig);
  setClassTransform((cls) => cache.transform(cls));
  const main = new URL("./twindv1/main.ts", import.meta.url).href;
  // The config (and with it twind + the Tailwind preset) is imported lazily.
  const entry = `import hydrate from "${main}";\n` +
    "export default function (state) {\n" +
    `  hydrate(() => import("${selfURL}").then((m) => m.default), state);\n}`;
  return {
    name: "twind",
    entrypoints: {
      main: `data:application/javascript,${encodeURIComponent(entry)}`,
    },
    configResolved() {
      // Warm up twind so the first request does not pay for its set-up.
      cache.cssFor([]);
    },
    async renderAsync(ctx) {
      const res = await ctx.renderAsync();
      // The renderer records class strings as it goes; scanning the HTML is
      // the fallback for results that do not carry them.
      const cssText = cache.cssFor(
        res.classNames ?? classesInHtml(res.htmlText),
      );
      return {
        styles: [{ cssText, id: STYLE_ELEMENT_ID }],
        scripts: res.requiresHydration
          ? [{ entrypoint: "main", state: [] }]
          : [],
      };
    },
  };
}
