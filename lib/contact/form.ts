/**
 * The contact form's rules (a plain HTML form POST): field limits, the
 * message schema and reading the form, with its honeypot. Pure. The
 * `contact_messages` check constraints hold the same limits
 * (tests/db/field_limits_test.ts).
 *
 * @module
 */
import { z } from "zod";
import { multiLine, singleLine } from "../schemas/text.ts";

/** Field limits, shared by the schema and the form's `maxlength`s. */
export const CONTACT_LIMITS = {
  name: 100,
  email: 254,
  phone: 30,
  message: 5000,
  messageMin: 10,
  guests: 500,
} as const;

/** The contact message after validation. */
export const contactMessageSchema = z.strictObject({
  name: z.string({ error: "Please tell us your name." }).overwrite(singleLine)
    .min(
      1,
      "Please tell us your name.",
    ).max(CONTACT_LIMITS.name),
  email: z.string({ error: "Please enter a valid email address." }).trim().max(
    CONTACT_LIMITS.email,
  ).pipe(
    z.email("Please enter a valid email address."),
  ),
  phone: z.string().overwrite(singleLine).max(CONTACT_LIMITS.phone)
    .regex(/^[0-9+().\s-]*$/, "Use digits, spaces and + ( ) - only.")
    .optional(),
  eventDate: z.iso.date("Use the date picker or YYYY-MM-DD.").optional(),
  guests: z.coerce.number({ error: "Enter the number of guests." })
    .int("Whole guests only.").min(1, "At least 1 guest.").max(
      CONTACT_LIMITS.guests,
      `For over ${CONTACT_LIMITS.guests} guests, tell us in the message.`,
    )
    .optional(),
  message: z.string({ error: "Please write a short message." })
    .overwrite(multiLine)
    .min(
      CONTACT_LIMITS.messageMin,
      `Please write at least ${CONTACT_LIMITS.messageMin} characters.`,
    )
    .max(CONTACT_LIMITS.message),
});

/** A validated contact message. */
export type ContactMessage = z.infer<typeof contactMessageSchema>;

/** Raw form values echoed back into the form after a failed submit. */
export type ContactFormValues = Partial<Record<keyof ContactMessage, string>>;

/** Result of reading the form. */
export type ContactParseResult =
  | { ok: true; message: ContactMessage; spam: boolean }
  | {
    ok: false;
    errors: Partial<Record<keyof ContactMessage, string>>;
    values: ContactFormValues;
  };

const FIELDS = [
  "name",
  "email",
  "phone",
  "eventDate",
  "guests",
  "message",
] as const;

/**
 * Validates submitted form data. Empty optional fields count as absent.
 * A filled honeypot field (`website`, hidden from people) marks the message
 * as spam: the caller thanks the bot and stores nothing.
 */
export function parseContactForm(form: FormData): ContactParseResult {
  const values: ContactFormValues = {};
  const input: Record<string, string> = {};
  for (const field of FIELDS) {
    const raw = form.get(field);
    const text = typeof raw === "string" ? raw : "";
    values[field] = text.slice(0, CONTACT_LIMITS.message);
    if (text.trim() !== "") input[field] = text;
  }
  const honeypot = form.get("website");
  const spam = typeof honeypot === "string" && honeypot.trim() !== "";
  const parsed = contactMessageSchema.safeParse(input);
  if (parsed.success) return { ok: true, message: parsed.data, spam };
  const errors: Partial<Record<keyof ContactMessage, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof ContactMessage;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors, values };
}
