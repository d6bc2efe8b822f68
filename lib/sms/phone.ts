/**
 * Phone numbers for SMS: the booking form accepts what people type
 * ("(510) 555-0101", "+1 510 555 0101"); SMS needs E.164. US numbers (the
 * business serves California) get +1; a number written with a leading + is
 * taken as international.
 *
 * @module
 */

/** The E.164 form of a typed phone number, or null when it has none. */
export function toE164(typed: string): string | null {
  const trimmed = typed.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) {
    return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return `+1${digits}`;
  if (/^1[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return `+${digits}`;
  return null;
}
