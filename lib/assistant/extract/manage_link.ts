/**
 * A booking's manage link in a message (`…/manage/MH-ABC123?token=…`, from
 * the confirmation e-mail): the reference and token the manage page itself
 * needs, so the assistant can look up no more than the link's holder could.
 *
 * @module
 */

/** A booking reference and its manage token. */
export interface ManageLink {
  reference: string;
  token: string;
}

/** Where a manage link sits in a text (absolute or site-relative). */
export const MANAGE_LINK =
  /(?:https?:\/\/[^\s/]+)?\/manage\/[^\s?#]+\?[^\s#]+/gi;

const REFERENCE = /^MH-[0-9A-Z]{6}$/;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/** The first well-formed manage link of `text`, read with the URL parser. */
export function extractManageLink(text: string): ManageLink | undefined {
  for (const m of text.matchAll(MANAGE_LINK)) {
    let url: URL;
    try {
      // Sentence punctuation after a pasted link is not part of it.
      url = new URL(
        m[0].replace(/[.,;:!?)\]]+$/, ""),
        "https://example.invalid",
      );
    } catch {
      continue;
    }
    const reference = decodeURIComponent(
      url.pathname.replace(/^\/manage\//, "").replace(/\/$/, ""),
    ).toUpperCase();
    const token = url.searchParams.get("token") ?? "";
    if (REFERENCE.test(reference) && TOKEN.test(token)) {
      return { reference, token };
    }
  }
  return undefined;
}
