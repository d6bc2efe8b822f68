/**
 * Accepting a pricing suggestion (admins, ADR 0042): the suggestion is
 * recomputed (a stale or forged id is refused), then it becomes settings
 * versions through the settings service, in one transaction as the admin:
 * from the date, the adult and child prices moved by the suggested percent;
 * from the next day, the prices that were in force there (unless a version
 * already starts that day). Each version is audited by the settings SQL;
 * one `insights.accept` audit row names the suggestion, and a date is
 * accepted once.
 *
 * @module
 */
import type { Claims, Db } from "../db/mod.ts";
import { addDays } from "../booking_window/dates.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { forbidden, StaffError } from "../staff/errors.ts";
import {
  runSettings,
  saveSettingsIn,
  type SettingsVersion,
  settingsVersionsIn,
} from "../settings/service.ts";
import { versionOn } from "../pricing/snapshot.ts";
import { computeInsights } from "./service.ts";
import type { PricingSuggestion } from "./suggestions.ts";

/** Audit action of an accepted suggestion. */
export const ACCEPT_ACTION = "insights.accept";

/** What an accepted suggestion created. */
export interface AcceptedSuggestion {
  suggestion: PricingSuggestion;
  /** The version from the date, then (when created) the one from the next day. */
  versions: SettingsVersion[];
}

/** `cents` moved by `percent`, to the cent (half up). */
export function adjusted(cents: number, percent: number): number {
  return Math.round((cents * (100 + percent)) / 100);
}

/** Accepts suggestion `id` of `location` (admins only). */
export async function acceptSuggestion(
  db: Db,
  claims: Claims,
  role: string,
  location: string,
  id: string,
  now: Date,
): Promise<AcceptedSuggestion> {
  if (role !== "admin") {
    throw forbidden("Only admins change prices.");
  }
  const insights = await computeInsights(db, claims, { location }, now);
  const suggestion = insights.pricingSuggestions.find((s) => s.id === id);
  if (!suggestion) {
    throw new StaffError(
      409,
      "SUGGESTION_STALE",
      "That suggestion is no longer made; reload the insights.",
      [{ path: "suggestion", message: "not a current suggestion" }],
    );
  }
  if (!suggestion.acceptable) {
    throw new StaffError(
      422,
      ERROR_CODES.VALIDATION_FAILED,
      "That suggestion is not a price change.",
      [{ path: "suggestion", message: "cannot be accepted" }],
    );
  }
  const date = suggestion.date;
  const next = addDays(date, 1);
  return await runSettings(db, claims, async (tx) => {
    const [done] = await tx<{ n: number }[]>`
      select count(*)::int as n from public.audit_log
      where action = ${ACCEPT_ACTION} and entity = 'settings_versions'
        and entity_id = ${date}`;
    if (done.n > 0) {
      throw new StaffError(
        409,
        "ALREADY_ACCEPTED",
        `A suggestion for ${date} was already accepted.`,
        [{ path: "suggestion", message: "already accepted for that date" }],
      );
    }
    const versions = await settingsVersionsIn(tx);
    const onDate = versionOn(versions, date);
    const after = versionOn(versions, next);
    const note = `Insights ${suggestion.kind} ${
      suggestion.percent > 0 ? "+" : ""
    }${suggestion.percent} % on ${date} (${insights.location.slug}): ${suggestion.reason}`
      .slice(0, 500);
    const first = await saveSettingsIn(tx, {
      effectiveFrom: date,
      baseVersionId: onDate.id,
      baseRevision: onDate.revision,
      note,
      settings: {
        adultPriceCents: adjusted(
          onDate.settings.adultPriceCents,
          suggestion.percent,
        ),
        childPriceCents: adjusted(
          onDate.settings.childPriceCents,
          suggestion.percent,
        ),
      },
    }, now);
    const out = [first];
    if (!versions.some((v) => v.effectiveFrom === next)) {
      out.push(
        await saveSettingsIn(tx, {
          effectiveFrom: next,
          baseVersionId: first.id,
          baseRevision: first.revision,
          note:
            `Regular prices again after the insights ${suggestion.kind} on ${date}.`,
          settings: {
            adultPriceCents: after.settings.adultPriceCents,
            childPriceCents: after.settings.childPriceCents,
          },
        }, now),
      );
    }
    await tx`
      insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
      values ('staff', auth.uid(), ${ACCEPT_ACTION}, 'settings_versions', ${date},
        ${
      JSON.stringify({
        suggestion,
        location: insights.location.slug,
        versions: out.map((v) => v.id),
      })
    }::text::jsonb)`;
    return { suggestion, versions: out };
  });
}
