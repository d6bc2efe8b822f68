/**
 * US ZIP codes typed in a message.
 *
 * @module
 */

const ZIP = /(?<![\w$#.,/-])(\d{5})(?:-\d{4})?(?![\w.,/]?\d)/g;

/**
 * The last five-digit ZIP in a message (ZIP+4 reads as its first five digits),
 * or undefined. Amounts ("$12000"), references ("MH-12345") and longer digit
 * runs (phone numbers) are not ZIPs.
 */
export function extractZip(message: string): string | undefined {
  let found: string | undefined;
  for (const m of message.matchAll(ZIP)) found = m[1];
  return found;
}
