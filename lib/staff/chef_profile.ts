/**
 * Chef profile fields managed from /admin/staff (issue 11, SPEC §2 Chefs):
 * name, home ZIP, largest party and rating. Managers edit the chefs of their
 * locations and admins every chef — RLS on `chefs` decides; the change and
 * its before/after are audited in the same transaction.
 *
 * @module
 */
import { z } from "zod";
import type { Claims, Db } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { zipInfo } from "../geo/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { fromDbError, StaffError } from "./errors.ts";

/** `PATCH /api/staff/chefs/{id}` body. */
export const chefProfileBodySchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  homeZip: z.string().regex(/^\d{5}$/, { message: "a 5-digit US ZIP" })
    .optional(),
  maxPartySize: z.number().int().min(1).max(50).optional(),
  /** 0–5, two decimals. */
  rating: z.number().min(0).max(5).multipleOf(0.01).optional(),
});

/** A validated profile change. */
export type ChefProfileBody = z.output<typeof chefProfileBodySchema>;

/** A chef's profile as staff pages show it. */
export interface ChefProfile {
  id: string;
  userId: string | null;
  displayName: string;
  homeZip: string;
  maxPartySize: number;
  rating: number;
  active: boolean;
  locationName: string;
}

interface ChefRow {
  id: string;
  user_id: string | null;
  display_name: string;
  home_zip: string;
  max_party_size: number;
  rating: string | number;
  active: boolean;
  location_name: string;
}

function profile(r: ChefRow): ChefProfile {
  return {
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    homeZip: r.home_zip,
    maxPartySize: r.max_party_size,
    rating: Number(r.rating),
    active: r.active,
    locationName: r.location_name,
  };
}

/** Chefs the caller may see (managers: their locations; admins: all). */
export async function listChefProfiles(
  db: Db,
  claims: Claims,
): Promise<ChefProfile[]> {
  return await withClaims(db, claims, async (tx) => {
    const rows = await tx<ChefRow[]>`
      select c.id, c.user_id, c.display_name, c.home_zip, c.max_party_size,
        c.rating, c.active, l.name as location_name
      from public.chefs c join public.locations l on l.id = c.location_id
      order by l.sort_order, c.display_name`;
    return rows.map(profile);
  }, { readOnly: true });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Changes a chef's profile as the caller.
 *
 * @throws {StaffError} 404 unknown (or invisible) chef, 403 when RLS lets
 *   the caller see but not change it, 422 `homeZip` unknown to the ZIP data.
 */
export async function updateChefProfile(
  db: Db,
  claims: Claims,
  chefId: string,
  body: ChefProfileBody,
): Promise<ChefProfile> {
  if (!UUID.test(chefId)) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such chef.");
  }
  if (body.homeZip !== undefined && !zipInfo(body.homeZip)) {
    throw new StaffError(422, ERROR_CODES.VALIDATION_FAILED, "Unknown ZIP.", [
      { path: "homeZip", message: "not a ZIP code the travel data knows" },
    ]);
  }
  try {
    return await withClaims(db, claims, async (tx) => {
      const select = tx`
        select c.id, c.user_id, c.display_name, c.home_zip, c.max_party_size,
          c.rating, c.active, l.name as location_name
        from public.chefs c join public.locations l on l.id = c.location_id
        where c.id = ${chefId}`;
      const [before] = await tx<ChefRow[]>`${select}`;
      if (!before) {
        throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such chef.");
      }
      const changed = await tx`
        update public.chefs set
          display_name = ${body.displayName ?? before.display_name},
          home_zip = ${body.homeZip ?? before.home_zip},
          max_party_size = ${body.maxPartySize ?? before.max_party_size},
          rating = ${body.rating ?? before.rating}
        where id = ${chefId}
        returning id`;
      if (changed.length === 0) {
        throw new StaffError(
          403,
          ERROR_CODES.FORBIDDEN,
          "You may not change this chef.",
        );
      }
      const [after] = await tx<ChefRow[]>`${select}`;
      const pick = (r: ChefRow) => ({
        display_name: r.display_name,
        home_zip: r.home_zip,
        max_party_size: r.max_party_size,
        rating: Number(r.rating),
      });
      const diff = { before: pick(before), after: pick(after) };
      // A save that changes nothing (`{}`, or the same values) is not an
      // action worth an audit row.
      if (JSON.stringify(diff.before) !== JSON.stringify(diff.after)) {
        await tx`
          insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
          values ('staff', auth.uid(), 'chef.update', 'chefs', ${chefId},
            ${JSON.stringify(diff)}::text::jsonb)`;
      }
      return profile(after);
    });
  } catch (err) {
    const mapped = fromDbError(err);
    if (mapped) throw mapped;
    throw err;
  }
}
