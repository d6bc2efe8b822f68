/**
 * Reading server-rendered HTML in tests the way a browser would: character
 * references decoded (the server writes text outside ASCII as references,
 * ADR 0055).
 *
 * @module
 */
import { decodeHTML } from "entities";

/** `html` with every character reference decoded. */
export { decodeHTML as decodeEntities };

/** The text of `html`: comments and tags dropped, references decoded, spaces collapsed. */
export function textOfHtml(html: string): string {
  return decodeHTML(
    html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " "),
  ).replace(/\s+/g, " ");
}
