/**
 * The /admin/settings form posts (no JavaScript needed): field names are the
 * settings' own, money is typed in dollars, the tax rate in percent and slot
 * times comma-separated; the result is parsed with the same schemas as the
 * Staff API, so a form error carries the API's path.
 *
 * @module
 */
import type { z } from "zod";
import type { PricingSettings } from "../pricing/types.ts";
import { dollarsToCents } from "../staff/booking_forms.ts";
import { invalid } from "../staff/errors.ts";
import {
  createLocationBodySchema,
  createMenuItemBodySchema,
  MONEY_FIELDS,
  type SaveSettingsBody,
  saveSettingsBodySchema,
  SETTINGS_FIELDS,
  type UpdateMenuItemBody,
  updateMenuItemBodySchema,
} from "./schema.ts";

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : undefined;
}

/** "8.25" (percent) → 825 basis points; NaN when not a number. */
export function percentToBps(value: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return Number.NaN;
  return Math.round(Number(value) * 100);
}

/** A whole number as typed; NaN otherwise. */
function integer(value: string): number {
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/** How a settings field is shown in the form. */
export function formValue(
  field: keyof PricingSettings,
  s: PricingSettings,
): string {
  const v = s[field];
  if (MONEY_FIELDS.has(field)) return ((v as number) / 100).toFixed(2);
  if (field === "salesTaxBps") return String((v as number) / 100);
  if (field === "slotTimes") return (v as string[]).join(", ");
  return String(v);
}

/**
 * The settings save a posted form asks for: every field present in the
 * form (converted), with the base version, revision and effective date.
 *
 * @throws {StaffError} 422 with `settings.<field>` paths.
 */
export function settingsSaveFromForm(form: FormData): SaveSettingsBody {
  const settings: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    const raw = text(form, field);
    if (raw === undefined) continue;
    if (MONEY_FIELDS.has(field)) settings[field] = dollarsToCents(raw);
    else if (field === "salesTaxBps") settings[field] = percentToBps(raw);
    else if (field === "slotTimes") {
      settings[field] = raw.split(/[,\s]+/).filter((t) => t !== "");
    } else if (field === "zelleHandle" || field === "venmoHandle") {
      settings[field] = raw;
    } else settings[field] = integer(raw);
  }
  const note = text(form, "note");
  return parse(saveSettingsBodySchema, {
    effectiveFrom: text(form, "effectiveFrom") ?? "",
    baseVersionId: integer(text(form, "baseVersionId") ?? ""),
    baseRevision: integer(text(form, "baseRevision") ?? ""),
    ...(note ? { note } : {}),
    settings,
  });
}

/** A new menu item from the form (price in dollars). */
export function menuCreateFromForm(form: FormData) {
  const kind = text(form, "kind");
  const price = dollarsToCents(text(form, "price") ?? "0");
  return parse(createMenuItemBodySchema, {
    code: text(form, "code") ?? "",
    kind,
    label: text(form, "label") ?? "",
    ...(kind === "protein"
      ? { premiumSurchargeCents: price }
      : { priceCents: price }),
  });
}

/** A new location from the form. */
export function locationCreateFromForm(form: FormData) {
  return parse(createLocationBodySchema, {
    slug: text(form, "slug") ?? "",
    name: text(form, "name") ?? "",
    zip: text(form, "zip") ?? "",
    timezone: text(form, "timezone") ?? "",
  });
}

/** A menu item change from its row's form: relabel/reprice, retire, restore. */
export function menuUpdateFromForm(
  form: FormData,
  kind: string,
): UpdateMenuItemBody {
  const op = text(form, "op");
  if (op === "retire") return { active: false };
  if (op === "restore") return { active: true };
  const price = dollarsToCents(text(form, "price") ?? "");
  return parse(updateMenuItemBodySchema, {
    label: text(form, "label"),
    ...(kind === "protein"
      ? { premiumSurchargeCents: price }
      : { priceCents: price }),
  });
}
