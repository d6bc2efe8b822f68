/**
 * The contact page's markup: the details column and the form, its errors,
 * the thank-you and the "please wait" states. The route (routes/contact.tsx)
 * turns the service's outcome into {@link ContactPageData}.
 *
 * @module
 */
import { Button } from "../Button.tsx";
import { Container } from "../Container.tsx";
import { PageHeader } from "../PageHeader.tsx";
import { SeoHead } from "../SeoHead.tsx";
import { BUSINESS, formatAddress } from "../../lib/site/business.ts";
import {
  CONTACT_LIMITS,
  type ContactErrors,
  type ContactFormValues,
  type ContactMessage,
} from "../../lib/contact/mod.ts";

/** What the contact page renders: the form (with errors), thanks, or a wait. */
export type ContactPageData =
  | {
    state: "form";
    values: ContactFormValues;
    errors: ContactErrors;
    /** A page-level problem that is not about one field (e.g. storing failed). */
    notice?: string;
  }
  | { state: "sent"; name: string }
  | { state: "limited"; retryAfterSeconds: number };

/** The notice shown when a message could not be stored. */
export const STORE_FAILED =
  `Sorry, we could not send your message just now. Please try again in a minute, or call us at ${BUSINESS.phoneDisplay}.`;

const INPUT =
  "mt-1 w-full rounded-lg border-2 border-stone-500 px-3 py-2 text-base text-stone-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700";

interface FieldProps {
  name: keyof ContactMessage;
  label: string;
  values: ContactFormValues;
  errors: ContactErrors;
  type?: string;
  required?: boolean;
  maxLength?: number;
  autoComplete?: string;
  hint?: string;
}

function Field(
  {
    name,
    label,
    values,
    errors,
    type = "text",
    required,
    maxLength,
    autoComplete,
    hint,
  }: FieldProps,
) {
  const error = errors[name];
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""]
    .filter(Boolean).join(" ");
  return (
    <div>
      <label for={`contact-${name}`} class="block font-semibold text-stone-900">
        {label} {required
          ? <span class="text-red-800">*</span>
          : <span class="font-normal text-stone-700">(optional)</span>}
      </label>
      {hint && <p id={`${name}-hint`} class="text-sm text-stone-700">{hint}</p>}
      <input
        id={`contact-${name}`}
        name={name}
        type={type}
        value={values[name] ?? ""}
        required={required}
        maxLength={maxLength}
        autoComplete={autoComplete}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        min={type === "number" ? 1 : undefined}
        class={INPUT}
      />
      {error && (
        <p id={`${name}-error`} class="mt-1 font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

/** "45 seconds" / "10 minutes": a wait rounded up to whole minutes past one. */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Contact page: a plain HTML form that works without JavaScript. */
export function ContactPage({ data }: { data: ContactPageData }) {
  return (
    <>
      <SeoHead
        title="Contact us"
        description={`Questions about a hibachi party? Call ${BUSINESS.phoneDisplay}, email ${BUSINESS.email} or send us a message; we reply within one business day.`}
        path="/contact"
      />
      <PageHeader title="Contact us">
        Questions about a date, a big group or a special request? We reply
        within one business day.
      </PageHeader>
      <Container class="grid gap-10 py-12 lg:grid-cols-3">
        <section aria-labelledby="contact-details" class="lg:order-2">
          <h2 id="contact-details" class="text-xl font-bold text-stone-900">
            Reach us directly
          </h2>
          <address class="mt-3 not-italic leading-relaxed text-stone-800">
            <a
              class="font-semibold text-red-800 underline"
              href={`tel:${BUSINESS.phoneE164}`}
            >
              {BUSINESS.phoneDisplay}
            </a>
            <br />
            <a
              class="font-semibold text-red-800 underline"
              href={`mailto:${BUSINESS.email}`}
            >
              {BUSINESS.email}
            </a>
            <br />
            {formatAddress()}
          </address>
          <p class="mt-3 text-stone-700">{BUSINESS.hoursDisplay}</p>
          <p class="mt-3 text-stone-700">
            Managing an existing booking? Use the link in your confirmation
            email.
          </p>
        </section>
        <section aria-labelledby="contact-form-heading" class="lg:col-span-2">
          {data.state === "limited" && (
            <div
              role="alert"
              class="rounded-xl border-2 border-amber-600 bg-amber-50 p-6"
            >
              <h2
                id="contact-form-heading"
                class="text-2xl font-bold text-stone-900"
              >
                Please wait a moment
              </h2>
              <p class="mt-2 text-stone-800">
                We received several messages from you in a short time. Please
                try again in {waitText(data.retryAfterSeconds)}, or call us at
                {" "}
                {BUSINESS.phoneDisplay}.
              </p>
            </div>
          )}
          {data.state === "sent"
            ? (
              <div
                role="status"
                class="rounded-xl border-2 border-green-700 bg-green-50 p-6"
              >
                <h2
                  id="contact-form-heading"
                  class="text-2xl font-bold text-stone-900"
                >
                  Thank you, {data.name}!
                </h2>
                <p class="mt-2 text-stone-800">
                  We received your message and will reply within one business
                  day. For anything urgent, call {BUSINESS.phoneDisplay}.
                </p>
              </div>
            )
            : data.state === "form" && (
              <>
                <h2
                  id="contact-form-heading"
                  class="text-2xl font-bold text-stone-900"
                >
                  Send a message
                </h2>
                {data.notice && (
                  <div
                    role="alert"
                    class="mt-4 rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-900"
                  >
                    {data.notice}
                  </div>
                )}
                {Object.keys(data.errors).length > 0 && (
                  <div
                    role="alert"
                    class="mt-4 rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-900"
                  >
                    Please fix the highlighted fields below.
                  </div>
                )}
                <form method="post" action="/contact" class="mt-4 space-y-5">
                  <Field
                    name="name"
                    label="Name"
                    values={data.values}
                    errors={data.errors}
                    required
                    maxLength={CONTACT_LIMITS.name}
                    autoComplete="name"
                  />
                  <Field
                    name="email"
                    label="Email"
                    type="email"
                    values={data.values}
                    errors={data.errors}
                    required
                    maxLength={CONTACT_LIMITS.email}
                    autoComplete="email"
                  />
                  <Field
                    name="phone"
                    label="Phone"
                    type="tel"
                    values={data.values}
                    errors={data.errors}
                    maxLength={CONTACT_LIMITS.phone}
                    autoComplete="tel"
                  />
                  <div class="grid gap-5 sm:grid-cols-2">
                    <Field
                      name="eventDate"
                      label="Event date"
                      type="date"
                      values={data.values}
                      errors={data.errors}
                    />
                    <Field
                      name="guests"
                      label="Guests"
                      type="number"
                      values={data.values}
                      errors={data.errors}
                    />
                  </div>
                  <div>
                    <label
                      for="contact-message"
                      class="block font-semibold text-stone-900"
                    >
                      Message <span class="text-red-800">*</span>
                    </label>
                    <textarea
                      id="contact-message"
                      name="message"
                      rows={6}
                      required
                      minLength={CONTACT_LIMITS.messageMin}
                      maxLength={CONTACT_LIMITS.message}
                      aria-invalid={data.errors.message ? "true" : undefined}
                      aria-describedby={data.errors.message
                        ? "message-error"
                        : undefined}
                      class={INPUT}
                      value={data.values.message ?? ""}
                    />
                    {data.errors.message && (
                      <p
                        id="message-error"
                        class="mt-1 font-medium text-red-800"
                      >
                        {data.errors.message}
                      </p>
                    )}
                  </div>
                  {/* Honeypot: hidden from people and assistive tech, bots fill it in. */}
                  <div class="hidden" aria-hidden="true">
                    <label for="contact-website">Leave this empty</label>
                    <input
                      id="contact-website"
                      name="website"
                      type="text"
                      tabIndex={-1}
                      autoComplete="off"
                    />
                  </div>
                  <p class="text-sm text-stone-700">
                    <span class="text-red-800">*</span>{" "}
                    required. We use your details only to answer you; see our
                    {" "}
                    <a class="underline" href="/legal/privacy">
                      privacy policy
                    </a>.
                  </p>
                  <Button>Send message</Button>
                </form>
              </>
            )}
        </section>
      </Container>
    </>
  );
}
