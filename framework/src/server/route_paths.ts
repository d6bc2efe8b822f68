/**
 * File path → URL pattern conversion and the route priority order.
 * Both must behave exactly like Fresh 1.7 because route precedence is part of
 * the public contract of a file-system router.
 */

const APP_FILE = /_app\.[tj]sx?$/;

/**
 * Rank of a path segment from its first two characters: `_middleware` first,
 * other `_` files (layouts) next, static names, then `[param]`, then `[...rest]`.
 */
function segmentRank(first: string, second: string): number {
  if (first === "_") return second === "m" ? 4 : 3;
  if (first === "[") return second === "." ? 0 : 1;
  return 2;
}

/**
 * Comparator for manifest route keys. `_app` sorts first; otherwise paths are
 * compared segment by segment on the segment's leading characters, and a path
 * whose segment ends earlier (a file in a shallower folder) sorts first. Ties
 * keep the existing (alphabetical) order because `Array.prototype.sort` is stable.
 */
export function sortRoutePaths(a: string, b: string): number {
  if (APP_FILE.test(a)) return -1;
  if (APP_FILE.test(b)) return 1;

  let segmentStart = 0;
  const longest = Math.max(a.length, b.length);
  for (let i = 0; i < longest; i++) {
    const ca = a.charAt(i);
    const cb = b.charAt(i);
    if (ca === "/" || cb === "/") {
      segmentStart = i;
      if (ca !== "/") return -1;
      if (cb !== "/") return 1;
      continue;
    }
    if (i === segmentStart + 1) {
      const ra = segmentRank(ca, a.charAt(i + 1));
      const rb = segmentRank(cb, b.charAt(i + 1));
      if (ra !== rb) return ra > rb ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Convert a route file path relative to `routes/` without extension
 * (e.g. `blog/[slug]`) into a URLPattern pathname (`/blog/:slug`).
 * Throws a SyntaxError for ambiguous or malformed parameter syntax.
 */
export function pathToPattern(path: string): string {
  const parts = path.split("/");
  if (parts[parts.length - 1] === "index") {
    if (parts.length === 1) return "/";
    parts.pop();
  }

  let route = "";
  for (const part of parts) {
    if (part.startsWith("[...") && part.endsWith("]")) {
      route += `/:${part.slice(4, -1)}*`;
      continue;
    }
    // Route groups are folders for organisation only; they never appear in URLs.
    if (part.startsWith("(") && part.endsWith(")")) continue;
    if (part.includes("][")) {
      throw new SyntaxError(
        `Invalid route pattern: "${path}". A parameter cannot be followed by another parameter without any characters in between.`,
      );
    }
    route += segmentToPattern(part, path);
  }
  return route === "" ? "/" : route;
}

function segmentToPattern(part: string, path: string): string {
  let out = "";
  let depth = 0;
  let optional = false;
  for (let j = 0; j < part.length; j++) {
    const ch = part[j];
    if (ch === "[") {
      if (part[j + 1] === "[") {
        if (j > 0) {
          throw new SyntaxError(
            `Invalid route pattern: "${path}". An optional parameter needs to be a full segment.`,
          );
        }
        optional = true;
        depth++;
        out += "{/";
        j++;
      }
      out += ":";
      depth++;
    } else if (ch === "]") {
      if (part[j + 1] === "]") {
        if (j + 2 < part.length) {
          throw new SyntaxError(
            `Invalid route pattern: "${path}". An optional parameter needs to be a full segment.`,
          );
        }
        depth--;
        out += "}?";
        j++;
      }
      if (--depth < 0) {
        throw new SyntaxError(`Invalid route pattern: "${path}"`);
      }
    } else {
      out += ch;
    }
  }
  return (optional ? "" : "/") + out;
}

/**
 * The scope key of a route file path without extension (`foo/bar`, `foo/_layout`,
 * `foo/index`): special file names and `index` are dropped, so `foo/_layout`,
 * `foo/_middleware`, `foo/index` and `foo` all give `/foo`.
 */
export function toBaseRoute(input: string): string {
  let out = input;
  for (const tail of ["_layout", "_middleware", "index"]) {
    if (out.endsWith(tail)) {
      out = out.slice(0, -tail.length);
      break;
    }
  }
  if (out.endsWith("/")) out = out.slice(0, -1);
  return out.startsWith("/") ? out : `/${out}`;
}

/**
 * Items (layouts, middleware) whose scope contains `base`: the same scope or
 * an ancestor folder. Keeps the input order.
 */
export function selectScoped<T extends { baseRoute: string }>(
  base: string,
  items: T[],
): T[] {
  return items.filter(({ baseRoute }) =>
    base === baseRoute ||
    base.startsWith(baseRoute.length > 1 ? `${baseRoute}/` : baseRoute)
  );
}

/** True when `pattern` contains URLPattern syntax and needs URLPattern matching. */
export function isDynamicPattern(pattern: string): boolean {
  return /[:*?{}()+\\]/.test(pattern);
}
