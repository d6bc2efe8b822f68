/**
 * `router.basePath`: root-relative URLs of `<img>`/`<source>` (`src`,
 * `srcset`), `<script src>` and `<link href>` get the base path, on the
 * server (per render) and in the browser (the boot module learns the base
 * path from its own URL), as Fresh 1.7 does.
 */

/** `/x` → `{basePath}/x`; other URLs, and ones already under it, unchanged. */
export function withBasePath(url: string, basePath: string): string {
  if (
    !basePath || !url.startsWith("/") || url.startsWith("//") ||
    url === basePath || url.startsWith(basePath + "/") ||
    url.startsWith(basePath + "?")
  ) {
    return url;
  }
  return basePath + url;
}

function srcSetWithBasePath(srcset: string, basePath: string): string {
  return srcset.split(",").map((part) => {
    const trimmed = part.trim();
    const space = trimmed.indexOf(" ");
    return space === -1
      ? withBasePath(trimmed, basePath)
      : withBasePath(trimmed.slice(0, space), basePath) + trimmed.slice(space);
  }).join(", ");
}

/** Prefix the URL props of one element in place (vnode hook helper). */
export function basePathProps(
  type: unknown,
  props: Record<string, unknown> | null,
  basePath: string,
): void {
  if (!basePath || !props) return;
  if (type === "img" || type === "source") {
    if (typeof props.src === "string") {
      props.src = withBasePath(props.src, basePath);
    }
    for (const name of ["srcset", "srcSet"]) {
      if (typeof props[name] === "string" && !props[name].includes("(")) {
        props[name] = srcSetWithBasePath(props[name] as string, basePath);
      }
    }
  } else if (type === "script" && typeof props.src === "string") {
    props.src = withBasePath(props.src, basePath);
  } else if (type === "link" && typeof props.href === "string") {
    props.href = withBasePath(props.href, basePath);
  }
}
