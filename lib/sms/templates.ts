/**
 * The SMS text of each key event: short, no links to secrets (the manage
 * link stays in the mail), always with how to stop.
 *
 * @module
 */
import { bookingNoticeSchema } from "../notifications/payload.ts";
import { TemplateError, when } from "../notifications/templates.ts";
import { formatUsd } from "../site/money.ts";

/** Kinds that have an SMS (the migration's trigger queues these only). */
export const SMS_KINDS = [
  "booking_confirmed",
  "event_reminder_48h",
  "booking_cancelled",
] as const;

const STOP = "Reply STOP to opt out.";

/**
 * The SMS body of an outbox row.
 *
 * @throws {TemplateError} a kind without SMS, or a malformed payload.
 */
export function renderSms(kind: string, payload: unknown): string {
  const parsed = bookingNoticeSchema.safeParse(payload);
  if (!parsed.success) throw new TemplateError(`bad ${kind} sms payload`);
  const n = parsed.data;
  const at = when(n.event_date, n.slot_time, n.timezone);
  switch (kind) {
    case "booking_confirmed":
      return `MyHibachi: booking ${n.reference} is confirmed for ${at}. ${STOP}`;
    case "event_reminder_48h": {
      const due = Math.max(n.total_cents - n.paid_cents, 0);
      return `MyHibachi: your hibachi chef arrives ${at} (${n.reference}).${
        due > 0 ? ` Balance due: ${formatUsd(due)}.` : ""
      } ${STOP}`;
    }
    case "booking_cancelled":
      return `MyHibachi: booking ${n.reference} for ${at} is cancelled. ${STOP}`;
    default:
      throw new TemplateError(`no sms for kind "${kind}"`);
  }
}
