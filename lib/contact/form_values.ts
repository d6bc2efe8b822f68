/**
 * A validated contact message turned back into form values, so a message
 * that could not be stored is shown again instead of being lost.
 *
 * @module
 */
import type { ContactFormValues, ContactMessage } from "./form.ts";

/** The form values that reproduce `message` (absent fields stay empty). */
export function contactFormValues(message: ContactMessage): ContactFormValues {
  const values: ContactFormValues = {};
  for (const [key, value] of Object.entries(message)) {
    if (value !== undefined) {
      values[key as keyof ContactMessage] = String(value);
    }
  }
  return values;
}
