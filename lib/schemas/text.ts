// deno-lint-ignore-file no-control-regex
/**
 * Normalising what customers type (issue 9 §9): names, addresses, notes and
 * messages. Pure, no zod, so forms and islands can use it too; the request
 * schemas apply it at the edge (`.overwrite(...)` before their length
 * checks), so every service, the database and every mail template only ever
 * see normalised text.
 *
 * - Unicode NFC, so "é" typed two ways is one string (lengths, search, CRM).
 * - Control characters (C0, DEL, C1) are removed, except the line breaks of
 *   multi-line fields. A line break in a name would start a new line in a
 *   plain-text mail (or a header), so single-line fields turn every line
 *   break and tab into a space.
 * - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 *   which can make a name or a reference read backwards, are removed, as
 *   are the BOM / zero-width no-break space (U+FEFF) and the Unicode line
 *   and paragraph separators (treated as line breaks).
 * - Single-line fields collapse runs of spaces and are trimmed; multi-line
 *   fields keep their lines (CRLF → LF), trim each line's end, keep at most
 *   one empty line in a row, and are trimmed.
 *
 * Zero-width joiners (emoji sequences) and letters of every script stay.
 *
 * @module
 */

// Line breaks: CR LF, LF, CR, VT, FF, NEL, LINE/PARAGRAPH SEPARATOR.
const LINE_BREAK = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/g;
// Everything else that is not text a person typed (tab handled separately).
const INVISIBLE =
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** A name, address line or other one-line field, normalised. */
export function singleLine(text: string): string {
  return text
    .replace(LINE_BREAK, " ")
    .replace(/\t/g, " ")
    .replace(INVISIBLE, "")
    .replace(/ {2,}/g, " ")
    .trim()
    // Last: removing a control may have joined a letter and its accent.
    .normalize("NFC");
}

/** Notes, messages and reasons: lines kept, everything else as {@link singleLine}. */
export function multiLine(text: string): string {
  return text
    .replace(LINE_BREAK, "\n")
    .replace(/\t/g, " ")
    .replace(INVISIBLE, "")
    .split("\n")
    .map((line) => line.replace(/ +$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .normalize("NFC");
}

/** True when `text` holds a character {@link singleLine} would remove or replace. */
export function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/
    .test(text);
}
