/**
 * The settings service (issue 11, ADR 0023): the effective-dated versions
 * of the SPEC §2 numbers, saving one (as the caller's claims: the database
 * refuses anyone but an admin), the before/after preview of a typical
 * party, and the menu items (add, reprice, retire). Every change writes an
 * audit row with before and after in the same transaction.
 *
 * @module
 */
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { privileged, withClaims } from "../db/mod.ts";
import {
  type MenuItem,
  menuItemFromRow,
  type MenuItemRow,
  type PricingSettings,
  pricingSettingsFromRow,
  type PricingSettingsRow,
} from "../pricing/types.ts";
import { type ExampleQuote, exampleQuote } from "../pricing/marketing.ts";
import { versionOn } from "../pricing/snapshot.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { zipInfo } from "../geo/mod.ts";
import { dbRefusal, fromDbError, StaffError } from "../staff/errors.ts";
import {
  columnOf,
  type CreateLocationBody,
  type CreateMenuItemBody,
  crossFieldIssues,
  fieldOf,
  type SaveSettingsBody,
  SETTINGS_FIELDS,
  type UpdateMenuItemBody,
} from "./schema.ts";

/** One settings version as staff see it. */
export interface SettingsVersion {
  id: number;
  /** "YYYY-MM-DD": in force from this date until the next version's. */
  effectiveFrom: string;
  revision: number;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  settings: PricingSettings;
}

/** What the settings page and `GET /api/staff/settings` show. */
export interface SettingsOverview {
  /** The business's date the overview was read on. */
  today: string;
  /** The version in force today. */
  inForce: SettingsVersion;
  /** Versions starting after today, soonest first. */
  scheduled: SettingsVersion[];
  /** Every version, newest date first. */
  versions: SettingsVersion[];
  /** Every menu item, retired ones too, in menu order. */
  menu: MenuItem[];
}

type VersionRow = PricingSettingsRow & {
  id: number | string;
  effective_from: string;
  revision: number;
  note: string | null;
  created_by: string | null;
  created_at: Date;
};

function versionFromRow(row: VersionRow): SettingsVersion {
  return {
    id: Number(row.id),
    effectiveFrom: row.effective_from,
    revision: row.revision,
    note: row.note,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    settings: pricingSettingsFromRow(row),
  };
}

/** Path of the field a settings CHECK constraint guards. */
const PATH_OF_CONSTRAINT: Record<string, string> = {
  settings_free_miles_within_max: "settings.freeTravelMiles",
  settings_tax_at_most_25_percent: "settings.salesTaxBps",
  settings_gratuity_within_bounds: "settings.suggestedGratuityPercent",
  settings_effective_in_past: "effectiveFrom",
};

/**
 * Maps what the settings SQL raises (migration 20261216100000 header) to a
 * {@link StaffError}; other failures go through the staff mapping.
 */
export function settingsError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e) return null;
  const constraint = e.constraint;
  const message = e.message || "Refused.";
  if (e.code === "55000" && constraint === "settings_version_revision") {
    return new StaffError(
      409,
      "STALE_SETTINGS",
      `${message} ${e.hint ?? ""}`.trim(),
    );
  }
  if (e.code === "23505" && constraint.startsWith("settings_version")) {
    return new StaffError(409, "VERSION_DATE_TAKEN", message);
  }
  if (e.code === "02000" || e.code === "P0002") {
    return new StaffError(404, ERROR_CODES.NOT_FOUND, message);
  }
  if (e.code === "23505" && constraint === "locations_slug_key") {
    return new StaffError(409, ERROR_CODES.CONFLICT, "That slug is taken.", [
      { path: "slug", message: "already a location" },
    ]);
  }
  if (e.code === "23505" && constraint === "menu_items_code_key") {
    return new StaffError(409, ERROR_CODES.CONFLICT, "That code is taken.", [
      { path: "code", message: "already on the menu" },
    ]);
  }
  if (e.code === "23514" || e.code === "22023") {
    const column = constraint.match(
      /^(?:pricing_settings|menu_items)_(.+)_check$/,
    )
      ?.[1];
    const path = PATH_OF_CONSTRAINT[constraint] ??
      (column ? `settings.${fieldOf(column)}` : "");
    return new StaffError(
      422,
      ERROR_CODES.VALIDATION_FAILED,
      "The settings contradict each other or are out of range.",
      [{ path, message }],
    );
  }
  return fromDbError(err);
}

/**
 * Runs `fn` in one transaction as `claims`, mapping what the settings SQL
 * raises to a {@link StaffError}.
 */
export async function runSettings<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
  readOnly = false,
): Promise<T> {
  try {
    return await withClaims(db, claims, fn, { readOnly });
  } catch (err) {
    const mapped = settingsError(err);
    if (mapped) throw mapped;
    throw err;
  }
}

/** The business's date at `now` (the database's rule: first location's zone). */
async function businessToday(tx: TransactionSql, now: Date): Promise<string> {
  const [row] = await tx<{ today: string }[]>`
    select app.business_today(${now}) as today`;
  return row.today;
}

async function readVersions(tx: TransactionSql): Promise<SettingsVersion[]> {
  const rows = await tx<VersionRow[]>`
    select * from public.settings_versions order by effective_from desc`;
  return rows.map(versionFromRow);
}

async function readMenu(tx: TransactionSql): Promise<MenuItem[]> {
  const rows = await tx<MenuItemRow[]>`
    select code, kind, label, premium_surcharge_cents, price_cents, active, sort_order
    from public.menu_items order by sort_order, code`;
  return rows.map(menuItemFromRow);
}

/** Admins only (403 otherwise): every version, the one in force, the menu. */
export async function settingsOverview(
  db: Db,
  claims: Claims,
  role: string,
  now: Date,
): Promise<SettingsOverview> {
  if (role !== "admin") {
    throw new StaffError(
      403,
      ERROR_CODES.FORBIDDEN,
      "Only admins manage the business settings.",
    );
  }
  return await runSettings(db, claims, async (tx) => {
    const today = await businessToday(tx, now);
    const versions = await readVersions(tx);
    return {
      today,
      inForce: versionOn(versions, today),
      scheduled: versions.filter((v) => v.effectiveFrom > today).reverse(),
      versions,
      menu: await readMenu(tx),
    };
  }, true);
}

/**
 * Saves settings (SPEC §2 numbers) as a version: in place when
 * `effectiveFrom` is the base version's own date, else a new version from
 * that date. The changed fields are merged over the base and checked as a
 * whole (422 with paths), then the database checks again, refuses a
 * non-admin (403), a stale revision (409 `STALE_SETTINGS`) or a date that
 * already has a version (409 `VERSION_DATE_TAKEN`), and writes the audit row.
 */
export async function saveSettings(
  db: Db,
  claims: Claims,
  body: SaveSettingsBody,
  now: Date,
): Promise<SettingsVersion> {
  return await runSettings(db, claims, (tx) => saveSettingsIn(tx, body, now));
}

/**
 * {@link saveSettings} inside the caller's transaction (as its claims), for
 * changes made of several versions at once (an accepted insights
 * suggestion, ADR 0042): same checks, same SQL, same audit row.
 */
export async function saveSettingsIn(
  tx: TransactionSql,
  body: SaveSettingsBody,
  now: Date,
): Promise<SettingsVersion> {
  const [base] = await tx<VersionRow[]>`
    select * from public.settings_versions where id = ${body.baseVersionId}`;
  if (!base) {
    throw new StaffError(
      404,
      ERROR_CODES.NOT_FOUND,
      "No such settings version.",
      [{ path: "baseVersionId", message: "unknown version" }],
    );
  }
  assertConsistent({ ...pricingSettingsFromRow(base), ...body.settings });
  const changes: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    if (body.settings[field] !== undefined) {
      changes[columnOf(field)] = body.settings[field];
    }
  }
  const [row] = await tx<{ saved: VersionRow }[]>`
    select app.save_settings_version(
      ${body.effectiveFrom}::date, ${body.baseVersionId}::bigint,
      ${body.baseRevision}::int, ${JSON.stringify(changes)}::text::jsonb,
      ${body.note ?? null}, ${now}) as saved`;
  return versionFromRow(row.saved);
}

/** 422 with `settings.<field>` paths when fields contradict each other. */
function assertConsistent(settings: Partial<PricingSettings>): void {
  const issues = crossFieldIssues(settings);
  if (issues.length > 0) {
    throw new StaffError(
      422,
      ERROR_CODES.VALIDATION_FAILED,
      "The settings contradict each other.",
      issues.map((i) => ({ ...i, path: `settings.${i.path}` })),
    );
  }
}

/** Every settings version, newest date first, read in `tx`. */
export function settingsVersionsIn(
  tx: TransactionSql,
): Promise<SettingsVersion[]> {
  return readVersions(tx);
}

/** A typical party priced under two sets of settings (the page's preview). */
export interface SettingsPreview {
  before: ExampleQuote | null;
  after: ExampleQuote | null;
  /** after − before total, cents; null when either cannot be priced. */
  differenceCents: number | null;
}

/** Prices the /pricing page's typical party before and after a change. */
export function previewSettings(
  before: PricingSettings,
  after: PricingSettings,
  menu: readonly MenuItem[],
): SettingsPreview {
  const active = menu.filter((m) => m.active);
  const b = exampleQuote(before, active);
  const a = exampleQuote(after, active);
  return {
    before: b,
    after: a,
    differenceCents: a && b ? a.quote.totalCents - b.quote.totalCents : null,
  };
}

/**
 * The preview of `changes` over version `baseVersionId` (admins): the
 * typical party before and after.
 */
export async function previewChanges(
  db: Db,
  claims: Claims,
  role: string,
  baseVersionId: number,
  changes: Partial<PricingSettings>,
  now: Date,
): Promise<SettingsPreview> {
  const overview = await settingsOverview(db, claims, role, now);
  const base = overview.versions.find((v) => v.id === baseVersionId);
  if (!base) {
    throw new StaffError(
      404,
      ERROR_CODES.NOT_FOUND,
      "No such settings version.",
      [{ path: "baseVersionId", message: "unknown version" }],
    );
  }
  const after = { ...base.settings, ...changes };
  assertConsistent(after);
  return previewSettings(base.settings, after, overview.menu);
}

/**
 * Projects the version in force at `now` into `pricing_settings` (the job
 * that makes a scheduled version take effect on its date).
 */
export async function applyDueSettings(db: Db, now: Date): Promise<void> {
  await privileged(db, async (tx) => {
    await tx`select app.apply_due_settings(app.business_today(${now}))`;
  });
}

// ------------------------------------------------------------ menu items

function menuJson(item: MenuItemRow | undefined): Record<string, unknown> {
  return item ? { ...item } : {};
}

async function auditMenu(
  tx: TransactionSql,
  action: string,
  code: string,
  before: MenuItemRow | undefined,
  after: MenuItemRow,
): Promise<void> {
  await tx`
    insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
    values ('staff', auth.uid(), ${action}, 'menu_items', ${code},
      ${
    JSON.stringify({ before: menuJson(before), after: menuJson(after) })
  }::text::jsonb)`;
}

const MENU_COLUMNS =
  "code, kind, label, premium_surcharge_cents, price_cents, active, sort_order";

/**
 * Adds a protein or add-on (admins: RLS refuses others with 403). It is
 * on the menu at once; quotes of existing bookings do not change.
 */
export async function createMenuItem(
  db: Db,
  claims: Claims,
  body: CreateMenuItemBody,
): Promise<MenuItem> {
  return await runSettings(db, claims, async (tx) => {
    const [row] = await tx<MenuItemRow[]>`
      insert into public.menu_items
        (code, kind, label, premium_surcharge_cents, price_cents, sort_order)
      values (${body.code}, ${body.kind}, ${body.label},
        ${body.kind === "protein" ? body.premiumSurchargeCents ?? 0 : 0},
        ${body.kind === "addon" ? body.priceCents ?? 0 : 0},
        ${
      body.sortOrder ??
        tx`(select coalesce(max(sort_order), 0) + 10 from public.menu_items)`
    })
      returning ${tx.unsafe(MENU_COLUMNS)}`;
    await auditMenu(tx, "menu_item.create", body.code, undefined, row);
    return menuItemFromRow(row);
  });
}

/**
 * Renames, reprices, reorders, retires (`active: false`) or brings back a
 * menu item. Retired items leave the menu and new quotes; bookings that
 * ordered them keep them in their stored quote.
 */
export async function updateMenuItem(
  db: Db,
  claims: Claims,
  role: string,
  code: string,
  body: UpdateMenuItemBody,
): Promise<MenuItem> {
  return await runSettings(db, claims, async (tx) => {
    const [before] = await tx<MenuItemRow[]>`
      select ${tx.unsafe(MENU_COLUMNS)} from public.menu_items
      where code = ${code}`;
    if (!before) {
      throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such menu item.");
    }
    if (before.kind === "protein" && (body.priceCents ?? 0) !== 0) {
      throw new StaffError(422, ERROR_CODES.VALIDATION_FAILED, "Invalid.", [
        { path: "priceCents", message: "a protein has no price" },
      ]);
    }
    if (before.kind === "addon" && (body.premiumSurchargeCents ?? 0) !== 0) {
      throw new StaffError(422, ERROR_CODES.VALIDATION_FAILED, "Invalid.", [
        {
          path: "premiumSurchargeCents",
          message: "an add-on has no surcharge",
        },
      ]);
    }
    const [after] = await tx<MenuItemRow[]>`
      update public.menu_items set
        label = ${body.label ?? before.label},
        premium_surcharge_cents = ${
      body.premiumSurchargeCents ?? before.premium_surcharge_cents
    },
        price_cents = ${body.priceCents ?? before.price_cents},
        sort_order = ${body.sortOrder ?? before.sort_order},
        active = ${body.active ?? before.active}
      where code = ${code}
      returning ${tx.unsafe(MENU_COLUMNS)}`;
    if (!after) {
      // RLS let the row be read (staff read the menu) but not written.
      throw new StaffError(
        403,
        ERROR_CODES.FORBIDDEN,
        role === "admin"
          ? "The menu item could not be changed."
          : "Only admins change the menu.",
      );
    }
    const action = body.active === false && before.active
      ? "menu_item.retire"
      : body.active === true && !before.active
      ? "menu_item.restore"
      : "menu_item.update";
    await auditMenu(tx, action, code, before, after);
    return menuItemFromRow(after);
  });
}

// ------------------------------------------------------------- locations

/** A base location as the settings page lists it. */
export interface LocationEntry {
  id: string;
  slug: string;
  name: string;
  zip: string;
  timezone: string;
  active: boolean;
}

/** Every location, inactive ones too (staff read all). */
export async function listLocationEntries(
  db: Db,
  claims: Claims,
): Promise<LocationEntry[]> {
  return await runSettings(db, claims, async (tx) =>
    await tx<LocationEntry[]>`
      select id, slug, name, zip, timezone, active from public.locations
      order by sort_order, name`, true);
}

/**
 * Adds a base location (admins; RLS refuses others with 403). Its ZIP must
 * be one the ZIP data knows (travel is measured from it). Audited.
 */
export async function createLocation(
  db: Db,
  claims: Claims,
  body: CreateLocationBody,
): Promise<LocationEntry> {
  if (!zipInfo(body.zip)) {
    throw new StaffError(422, ERROR_CODES.VALIDATION_FAILED, "Unknown ZIP.", [
      { path: "zip", message: "not a ZIP code the travel data knows" },
    ]);
  }
  return await runSettings(db, claims, async (tx) => {
    const [row] = await tx<LocationEntry[]>`
      insert into public.locations (slug, name, zip, timezone, sort_order)
      values (${body.slug}, ${body.name}, ${body.zip}, ${body.timezone},
        (select coalesce(max(sort_order), 0) + 1 from public.locations))
      returning id, slug, name, zip, timezone, active`;
    await tx`
      insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
      values ('staff', auth.uid(), 'location.create', 'locations', ${row.id},
        ${JSON.stringify({ before: {}, after: row })}::text::jsonb)`;
    return row;
  });
}
