/**
 * Plain-text and simple HTML for every notification kind. Every value from a
 * payload is escaped in HTML (customer names, addresses and contact
 * messages are user input).
 *
 * @module
 */
import type { MailAttachment } from "../mail/types.ts";
import { formatUsd } from "../site/money.ts";
import { escapeHtml } from "../text/escape.ts";
import { slotStartInstant } from "../booking_window/zone.ts";
import { bookingIcs } from "./ics.ts";
import { absoluteUrl } from "../links/mod.ts";
import {
  type BookingNotice,
  bookingNoticeSchema,
  contactNoticeSchema,
  contactReplySchema,
  guestCount,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "./payload.ts";

/** A rendered message (recipient comes from the outbox row). */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

/** Options of {@link renderNotification}. */
export interface RenderOptions {
  /** Public origin for staff links, e.g. `https://myhibachi.example`. */
  baseUrl?: string;
}

/** A payload or kind the worker can never send: retrying will not help. */
export class TemplateError extends Error {
  /** @param message what is wrong with the row */
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/**
 * Renders one outbox row.
 *
 * @throws {TemplateError} unknown kind or malformed payload.
 */
export function renderNotification(
  kind: string,
  payload: unknown,
  opts: RenderOptions = {},
): RenderedMail {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) {
    throw new TemplateError(`no template for kind "${kind}"`);
  }
  if (kind === "contact_message") {
    const parsed = contactNoticeSchema.safeParse(payload);
    if (!parsed.success) throw new TemplateError(`bad ${kind} payload`);
    const c = parsed.data;
    return compose(`New contact message from ${c.name} (${c.topic})`, [
      p`${c.name} <${c.email}> wrote about "${c.topic}":`,
      p`${c.excerpt}`,
      ...staffLink(opts),
    ]);
  }
  if (kind === "contact_reply") {
    const parsed = contactReplySchema.safeParse(payload);
    if (!parsed.success) throw new TemplateError(`bad ${kind} payload`);
    const r = parsed.data;
    return compose("Re: your message to MyHibachi", [
      p`Hi ${r.name},`,
      ...r.body.split(/\n{2,}/).map((para) => p`${para}`),
      p`${r.staff_name ?? "The MyHibachi team"}`,
      p`You wrote: "${r.original_excerpt}"`,
    ]);
  }
  const parsed = bookingNoticeSchema.safeParse(payload);
  if (!parsed.success) throw new TemplateError(`bad ${kind} payload`);
  return BOOKING_TEMPLATES
    [kind as Exclude<NotificationKind, "contact_message" | "contact_reply">](
      parsed.data,
      opts,
    );
}

type BookingTemplate = (n: BookingNotice, opts: RenderOptions) => RenderedMail;

const BOOKING_TEMPLATES: Record<
  Exclude<NotificationKind, "contact_message" | "contact_reply">,
  BookingTemplate
> = {
  booking_created: (n, opts) =>
    n.audience === "staff" ? staffNewBooking(n, opts) : customerCreated(n),
  booking_confirmed: (n) => ({
    ...compose(`Confirmed: your hibachi party ${n.reference}`, [
      p`Hi ${n.customer_name}, we received your deposit and your booking is confirmed.`,
      ...summary(n),
      p`Paid so far: ${formatUsd(n.paid_cents)}. Balance due at the event: ${
        formatUsd(Math.max(n.total_cents - n.paid_cents, 0))
      }.`,
      p`The attached calendar file adds the event to your calendar. Manage your booking with the link from your booking email.`,
    ]),
    attachments: [bookingIcs(n)],
  }),
  cancellation_requested: (n, opts) =>
    n.audience === "staff"
      ? staffCancellationRequested(n, opts)
      : compose(`Cancellation request received: ${n.reference}`, [
        p`Hi ${n.customer_name}, we received your request to cancel booking ${n.reference}.`,
        ...summary(n),
        p`A manager reviews it shortly and we will email you the outcome. Cancellations at least 96 hours before the event get the deposit back; later ones forfeit it.`,
      ]),
  booking_cancelled: (n) =>
    compose(`Booking cancelled: ${n.reference}`, [
      p`Hi ${n.customer_name}, booking ${n.reference} is cancelled.`,
      ...summary(n),
      p`If a deposit refund is due under our cancellation policy, it goes back to your original payment method. We hope to cook for you another time.`,
    ]),
  booking_rescheduled: (n) =>
    compose(`Booking moved: ${n.reference}`, [
      p`Hi ${n.customer_name}, booking ${n.reference} has moved${
        n.previous_event_date && n.previous_slot_time
          ? ` from ${
            when(n.previous_event_date, n.previous_slot_time, n.timezone)
          }`
          : ""
      } to ${when(n.event_date, n.slot_time, n.timezone)}.`,
      ...(n.fee_cents
        ? [
          p`A reschedule fee of ${
            formatUsd(n.fee_cents)
          } was added to your total.`,
        ]
        : []),
      ...summary(n),
    ]),
  cancellation_rejected: (n) =>
    compose(`Your booking stays on: ${n.reference}`, [
      p`Hi ${n.customer_name}, your request to cancel booking ${n.reference} was not approved, so the booking stays as it was.`,
      ...summary(n),
      p`Questions? Reply to this email or call us.`,
    ]),
  payment_received: (n) =>
    compose(`Payment received: ${n.reference}`, [
      p`Hi ${n.customer_name}, we received ${formatUsd(n.amount_cents ?? 0)}${
        n.method ? ` (${n.method})` : ""
      } for booking ${n.reference}. Thank you!`,
      ...summary(n),
      balance(n),
    ]),
  refund_issued: (n) =>
    compose(`Refund issued: ${n.reference}`, [
      p`Hi ${n.customer_name}, we refunded ${formatUsd(n.amount_cents ?? 0)}${
        n.method === "card" ? " to your card" : ""
      } for booking ${n.reference}.`,
      ...(n.method === "card"
        ? [
          p`Card refunds usually show on your statement within 5 to 10 business days.`,
        ]
        : []),
      ...summary(n),
    ]),
  deposit_reminder: (n) =>
    compose(`Reminder: deposit due for ${n.reference}`, [
      p`Hi ${n.customer_name}, your date is held until ${
        n.deposit_due_at ? dueTime(n.deposit_due_at, n.timezone) : "soon"
      }. Pay the ${
        formatUsd(Math.max(n.deposit_cents - n.paid_cents, 0))
      } deposit before then to keep it.`,
      ...summary(n),
      p`Pay by card from the manage link in your booking email, or by Zelle/Venmo with your reference ${n.reference} as the memo.`,
    ]),
  review_request: (n, opts) => reviewRequest(n, opts),
  chef_day_before: (n, opts) => chefDayBefore(n, opts),
  chef_released: (n, opts) => chefReleased(n, opts),
  event_reminder_7d: (n) => eventReminder(n, "in one week"),
  event_reminder_48h: (n) => eventReminder(n, "in two days"),
};

function balance(n: BookingNotice): Block {
  const due = Math.max(n.total_cents - n.paid_cents, 0);
  return due > 0
    ? p`Paid so far: ${formatUsd(n.paid_cents)}. Balance due: ${
      formatUsd(due)
    }.`
    : p`Your booking is fully paid.`;
}

function eventReminder(n: BookingNotice, soon: string): RenderedMail {
  const due = Math.max(n.total_cents - n.paid_cents, 0);
  return {
    ...compose(`Your hibachi party is ${soon}: ${n.reference}`, [
      p`Hi ${n.customer_name}, your private hibachi chef arrives ${soon}, on ${
        when(n.event_date, n.slot_time, n.timezone)
      }.`,
      ...summary(n),
      balance(n),
      ...(due > 0
        ? [
          p`Pay the balance by card with the Pay balance button on your manage link (from your booking email), or in cash or by Zelle/Venmo at the event.`,
        ]
        : []),
      p`Please have a flat outdoor space about 8 by 6 feet ready for the grill.`,
    ]),
    attachments: [bookingIcs(n)],
  };
}

function chefDayBefore(n: BookingNotice, opts: RenderOptions): RenderedMail {
  const lines = (
    items: { label: string; servings: number }[] | undefined,
  ) => (items ?? []).map((i) => `${i.servings} × ${i.label}`).join(", ");
  const proteins = lines(n.proteins);
  const extras = lines(n.extra_proteins);
  const addons = lines(n.addons);
  const at = when(n.event_date, n.slot_time, n.timezone);
  return compose(
    n.updated
      ? `Updated for tomorrow: ${n.reference}, ${at}`
      : `Tomorrow: ${n.reference}, ${at}`,
    [
      n.updated
        ? p`Hi ${
          n.chef_name ?? "Chef"
        }, your event for tomorrow has changed. This mail replaces the earlier one.`
        : p`Hi ${n.chef_name ?? "Chef"}, here is your event for tomorrow.`,
      ...summary(n),
      p`Proteins: ${proteins || "none listed"}`,
      ...(extras ? [p`Extra proteins: ${extras}`] : []),
      ...(addons ? [p`Add-ons: ${addons}`] : []),
      p`Allergies and notes from the customer: ${
        n.customer_notes?.trim() || "none"
      }`,
      ...(n.chef_notes ?? []).map((note) => p`Note from the office: ${note}`),
      p`Host: ${n.customer_name}${
        n.customer_phone ? `, ${n.customer_phone}` : ""
      }`,
      ...staffLink(opts),
    ],
  );
}

/** What a released chef reads first: why the event is no longer theirs. */
const RELEASE_REASONS: Record<
  NonNullable<BookingNotice["release"]>,
  string
> = {
  unassigned: "you are no longer assigned to it",
  reassigned: "another chef is taking it",
  cancelled: "the customer's booking is cancelled",
};

/**
 * The chef who had a booking's day-before mail and no longer cooks it
 * (ADR 0058): the mail says plainly not to go.
 */
function chefReleased(n: BookingNotice, opts: RenderOptions): RenderedMail {
  const at = when(n.event_date, n.slot_time, n.timezone);
  const why = RELEASE_REASONS[n.release ?? "unassigned"];
  return compose(`Do not go: ${n.reference}, ${at}`, [
    p`Hi ${
      n.chef_name ?? "Chef"
    }, you no longer cook ${n.reference} on ${at}: ${why}.`,
    p`Disregard the earlier mail for this event. Where it was: ${n.address}.`,
    p`Questions? Call the office.`,
    ...staffLink(opts),
  ]);
}

function reviewRequest(n: BookingNotice, opts: RenderOptions): RenderedMail {
  if (!n.review_path || !opts.baseUrl) {
    throw new TemplateError("review_request needs its link and the origin");
  }
  const url = absoluteUrl(n.review_path, opts.baseUrl);
  return compose(`How was your hibachi party? ${n.reference}`, [
    p`Hi ${n.customer_name}, thank you for having us on ${
      when(n.event_date, n.slot_time, n.timezone)
    }!`,
    p`Would you tell other hosts how it went? Leave stars and a few words with your personal link (it works once${
      n.review_expires_at
        ? `, until ${dueTime(n.review_expires_at, n.timezone)}`
        : ""
    }):`,
    link(url, "Leave a review"),
    p`We read every review; it appears on our site once a manager has checked it.`,
  ]);
}

function customerCreated(n: BookingNotice): RenderedMail {
  const due = n.deposit_due_at
    ? ` by ${dueTime(n.deposit_due_at, n.timezone)}`
    : "";
  return compose(`Booking received: ${n.reference} (deposit due)`, [
    p`Hi ${n.customer_name}, thank you for booking a private hibachi chef with MyHibachi!`,
    ...summary(n),
    p`Deposit: ${
      formatUsd(n.deposit_cents)
    }, due${due} to keep your date; it is credited to your bill.`,
    ...(n.payment?.instructions ? [p`${n.payment.instructions}`] : []),
    p`View, reschedule or cancel your booking with your private link (keep it safe, anyone with it can manage the booking):`,
    ...(n.manage_url ? [link(n.manage_url, "Manage your booking")] : []),
  ]);
}

function staffNewBooking(n: BookingNotice, opts: RenderOptions): RenderedMail {
  return compose(
    `New booking ${n.reference}: ${
      when(n.event_date, n.slot_time, n.timezone)
    }, ${guestCount(n)} guests`,
    [
      p`New booking at ${n.location_name}, waiting for the deposit (${n.payment_method}).`,
      ...summary(n),
      p`Customer: ${n.customer_name}, ${n.customer_email}${
        n.customer_phone ? `, ${n.customer_phone}` : ""
      }`,
      ...staffLink(opts),
    ],
  );
}

function staffCancellationRequested(
  n: BookingNotice,
  opts: RenderOptions,
): RenderedMail {
  return compose(
    `Cancellation requested: ${n.reference}, ${
      when(n.event_date, n.slot_time, n.timezone)
    }`,
    [
      p`The customer of booking ${n.reference} at ${n.location_name} asks to cancel. Approve or reject it in the staff app; approving refunds what the cancellation policy owes.`,
      ...summary(n),
      p`Paid so far: ${formatUsd(n.paid_cents)} (deposit ${
        formatUsd(n.deposit_cents)
      }).`,
      ...(n.reason ? [p`Reason given: ${n.reason}`] : []),
      p`Customer: ${n.customer_name}, ${n.customer_email}${
        n.customer_phone ? `, ${n.customer_phone}` : ""
      }`,
      ...staffLink(opts),
    ],
  );
}

/** A paragraph: text plus its escaped HTML. */
interface Block {
  text: string;
  html: string;
}

/** Tagged template: interpolations are escaped for the HTML half. */
function p(strings: TemplateStringsArray, ...values: unknown[]): Block {
  let text = "";
  let html = "";
  strings.forEach((s, i) => {
    text += s;
    html += escapeHtml(s);
    if (i < values.length) {
      text += String(values[i]);
      html += escapeHtml(String(values[i]));
    }
  });
  return { text, html: `<p>${html}</p>` };
}

function link(url: string, label: string): Block {
  return {
    text: url,
    html: `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a><br>${
      escapeHtml(url)
    }</p>`,
  };
}

function staffLink(opts: RenderOptions): Block[] {
  if (!opts.baseUrl) return [];
  return [
    link(absoluteUrl("/admin", opts.baseUrl), "Open the staff app"),
  ];
}

function summary(n: BookingNotice): Block[] {
  const party = [
    `${n.adults} adult${n.adults === 1 ? "" : "s"}`,
    ...(n.children
      ? [`${n.children} child${n.children === 1 ? "" : "ren"}`]
      : []),
    ...(n.under6 ? [`${n.under6} under 6`] : []),
  ].join(", ");
  return [
    p`Reference: ${n.reference}`,
    p`When: ${when(n.event_date, n.slot_time, n.timezone)}`,
    p`Where: ${n.address}`,
    p`Party: ${party}`,
    p`Total: ${formatUsd(n.total_cents)}`,
  ];
}

function compose(subject: string, blocks: Block[]): RenderedMail {
  const text = [...blocks.map((b) => b.text), "", "— MyHibachi"].join("\n\n")
    .replace(/\n{3,}/g, "\n\n");
  const html =
    `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#111;max-width:36rem">
${blocks.map((b) => b.html).join("\n")}
<p>— MyHibachi</p>
</body></html>`;
  return { subject, text, html };
}

/** "Friday, June 5, 2026 at 6:00 PM PDT": the wall-clock time in the location's zone. */
export function when(date: string, time: string, timeZone: string): string {
  const instant = slotStartInstant(date, time, timeZone);
  const day = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
  }).format(instant);
  const clock = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
  return `${day} at ${clock}`;
}

function dueTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}
