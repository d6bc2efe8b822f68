/**
 * The /admin/bookings/{ref} form posts: one `_action` field names the
 * operation, the rest is parsed with the Staff API schemas and handed to the
 * same services the API calls. Money is typed in dollars on the page.
 *
 * @module
 */
import type { z } from "zod";
import type { Db } from "../db/mod.ts";
import type { PaymentsGateway } from "../payments/mod.ts";
import {
  addNote,
  assignChef,
  bookingAction,
  recordMoney,
  type StaffActor,
} from "./bookings.ts";
import { invalid, StaffError } from "./errors.ts";
import {
  bulkAssign,
  editPartyByStaff,
  rescheduleByStaff,
  resendMail,
} from "./changes.ts";
import {
  actionBodySchema,
  assignChefBodySchema,
  bulkAssignBodySchema,
  idempotencyKeySchema,
  noteBodySchema,
  partyBodySchema,
  paymentBodySchema,
  rescheduleBodySchema,
  resendBodySchema,
} from "./schemas.ts";

/** Form operations of the booking page. */
export const BOOKING_FORM_OPS = [
  "payment",
  "refund",
  "action",
  "note",
  "chef",
  "reschedule",
  "party",
  "resend",
  "bulk_assign",
] as const;

/** `name:code` form fields as counts ("protein:chicken" = "12" → {chicken: 12}). */
function countsFrom(form: FormData, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of form) {
    if (!k.startsWith(`${prefix}:`) || typeof v !== "string") continue;
    const t = v.trim();
    if (t === "" || t === "0") continue;
    out[k.slice(prefix.length + 1)] = /^\d+$/.test(t) ? Number(t) : Number.NaN;
  }
  return out;
}

function int(form: FormData, name: string): number | undefined {
  const v = field(form, name);
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN;
}

/** Dollars as typed ("100", "100.5", "$1,250.00") → cents, NaN when not a number. */
export function dollarsToCents(text: string): number {
  const clean = text.replace(/[$,\s]/g, "");
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean) * 100);
}

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/** Runs one posted form; returns the notice to show after the redirect. */
export async function performBookingForm(
  db: Db,
  actor: StaffActor,
  reference: string,
  form: FormData,
  now: Date,
  payments: PaymentsGateway | null = null,
): Promise<string> {
  const op = field(form, "_action");
  const expectedUpdatedAt = field(form, "expectedUpdatedAt");
  switch (op) {
    case "payment":
    case "refund": {
      const input = parse(paymentBodySchema, {
        method: field(form, "method"),
        amountCents: dollarsToCents(field(form, "amount") ?? ""),
        note: field(form, "note"),
        expectedUpdatedAt,
      });
      const keyRaw = field(form, "idempotencyKey");
      const key = keyRaw ? idempotencyKeySchema.safeParse(keyRaw) : null;
      const out = await recordMoney(
        db,
        actor,
        reference,
        op,
        input,
        key?.success ? key.data : null,
      );
      const dollars = (input.amountCents / 100).toFixed(2);
      return out.replayed
        ? `That ${op} was already recorded.`
        : `Recorded ${op} of $${dollars} (${input.method}). Status: ${out.booking.status}.`;
    }
    case "action": {
      const input = parse(actionBodySchema, {
        action: field(form, "action"),
        reason: field(form, "reason"),
        expectedUpdatedAt,
      });
      const out = await bookingAction(
        db,
        actor,
        reference,
        input,
        now,
        payments,
      );
      const refund = out.stripeRefund;
      const note = !refund
        ? ""
        : refund.requested > 0
        ? " Card refund sent to Stripe."
        : refund.retried > 0
        ? " Stripe is unreachable: the card refund will be retried."
        : refund.failed > 0
        ? " Stripe refused the card refund: record it by hand."
        : "";
      return `Done: ${
        input.action.replace(/_/g, " ")
      }. Status: ${out.status}.${note}`;
    }
    case "note": {
      const input = parse(noteBodySchema, {
        body: field(form, "body"),
        forChef: form.get("forChef") === "on",
      });
      await addNote(db, actor, reference, input);
      return "Note added.";
    }
    case "chef": {
      const chef = field(form, "chefId");
      const input = parse(assignChefBodySchema, {
        chefId: chef === "none" || chef === undefined ? null : chef,
        expectedUpdatedAt,
      });
      await assignChef(db, actor, reference, input);
      return input.chefId ? "Chef assigned." : "Chef unassigned.";
    }
    case "reschedule": {
      const input = parse(rescheduleBodySchema, {
        date: field(form, "date"),
        time: field(form, "time"),
        waiveFee: form.get("waiveFee") === "on",
        reason: field(form, "reason"),
        expectedUpdatedAt,
      });
      const out = await rescheduleByStaff(db, actor, reference, input, now);
      return `Moved to ${input.date} ${input.time}${
        out.feeCents ? ` (fee $${(out.feeCents / 100).toFixed(2)})` : ""
      }.${out.chefId ? "" : " Assign a chef for the new time."}`;
    }
    case "party": {
      const input = parse(partyBodySchema, {
        adults: int(form, "adults"),
        children: int(form, "children") ?? 0,
        under6: int(form, "under6") ?? 0,
        proteins: countsFrom(form, "protein"),
        extraProteins: countsFrom(form, "extra"),
        addons: countsFrom(form, "addon"),
        override: form.get("override") === "on",
        reason: field(form, "reason"),
        expectedUpdatedAt,
      });
      const out = await editPartyByStaff(db, actor, reference, input, now);
      return `Party updated; new total $${(out.totalCents / 100).toFixed(2)}${
        out.overrides.length ? ` (override: ${out.overrides.join(", ")})` : ""
      }.`;
    }
    case "resend": {
      const input = parse(resendBodySchema, { kind: field(form, "kind") });
      await resendMail(db, actor, reference, input);
      return `The ${input.kind.replace(/_/g, " ")} mail is queued again.`;
    }
    case "bulk_assign": {
      const input = parse(bulkAssignBodySchema, {
        location: field(form, "location"),
        date: field(form, "date"),
      });
      const out = await bulkAssign(db, actor, input);
      const done = out.assignments.filter((a) => a.chefId).length;
      return `Assigned chefs to ${done} of ${out.assignments.length} unassigned booking(s) on ${input.date}.`;
    }
    default:
      throw new StaffError(422, "VALIDATION_FAILED", "Unknown form.", [
        { path: "_action", message: "unknown operation" },
      ]);
  }
}
