/**
 * The `/admin/me` form posts (chef portal): one `_action` field names the
 * operation, the rest is parsed with the staff schemas and handed to the
 * portal services. Works without JavaScript.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import type { StaffActor } from "./bookings.ts";
import { invalid, StaffError } from "./errors.ts";
import {
  issueOwnFeed,
  requestTimeOff,
  revokeOwnFeed,
  setOwnWeekdays,
} from "./portal.ts";
import { timeOffBodySchema, weekdaysBodySchema } from "./schemas.ts";

/** Form operations of the chef portal. */
export const PORTAL_FORM_OPS = [
  "weekdays",
  "time_off",
  "feed_issue",
  "feed_revoke",
] as const;

/** What a portal post produced: a notice, and the new feed token once. */
export interface PortalFormResult {
  notice: string;
  feedToken?: string;
}

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Runs one posted portal form. */
export async function performPortalForm(
  db: Db,
  actor: StaffActor,
  form: FormData,
  now: Date,
): Promise<PortalFormResult> {
  switch (field(form, "_action")) {
    case "weekdays": {
      const r = weekdaysBodySchema.safeParse({
        weekdays: form.getAll("weekday").map(String),
      });
      if (!r.success) throw invalid(r.error);
      const days = await setOwnWeekdays(db, actor, r.data.weekdays, now);
      return {
        notice: days.length
          ? `Working weekdays saved (${days.length} a week).`
          : "Working weekdays saved: none.",
      };
    }
    case "time_off": {
      const r = timeOffBodySchema.safeParse({
        startsOn: field(form, "startsOn"),
        endsOn: field(form, "endsOn") ?? field(form, "startsOn"),
        reason: field(form, "reason"),
      });
      if (!r.success) throw invalid(r.error);
      const t = await requestTimeOff(db, actor, r.data);
      return {
        notice:
          `Time off requested for ${t.startsOn} to ${t.endsOn}; a manager will decide.`,
      };
    }
    case "feed_issue":
      return {
        notice:
          "New calendar feed URL issued; any earlier URL no longer works. Copy it now: it is shown only once.",
        feedToken: await issueOwnFeed(db, actor, now),
      };
    case "feed_revoke": {
      const revoked = await revokeOwnFeed(db, actor, now);
      return {
        notice: revoked
          ? "Calendar feed revoked: the URL no longer works."
          : "There was no live calendar feed.",
      };
    }
    default:
      throw new StaffError(422, "VALIDATION_FAILED", "Unknown form.", [
        { path: "_action", message: "unknown operation" },
      ]);
  }
}
