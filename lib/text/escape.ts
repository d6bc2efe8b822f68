/**
 * Escaping text for HTML and XML: the one definition used by e-mail
 * templates, plain-HTML pages, the sitemap and the local mail viewer.
 * (Preact escapes JSX itself; `framework/` keeps its own copy because it
 * imports no app code.) Pure.
 *
 * @example
 * ```ts
 * const html = `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
 * ```
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attributes (also valid
 * in XML text and attributes: `&#39;` is a numeric reference).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Same as {@link escapeHtml}; named for XML documents (sitemap). */
export const escapeXml: (value: string) => string = escapeHtml;
