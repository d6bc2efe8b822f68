/**
 * Inviting a staff member (admins only): the auth user is created and mailed
 * through Supabase Auth's admin API (service role, server only), then the
 * `staff` row, its locations and an `audit_log` entry are written as the
 * inviting admin, so RLS ("admins insert staff") is the final word.
 *
 * @module
 */
import { createClient } from "@supabase/supabase-js";
import { z } from "zod";
import type { SupabaseConnection } from "../auth/connection.ts";
import { type Claims, type Db, withClaims } from "../db/mod.ts";
import type { StaffMember, StaffRole } from "./types.ts";

/** The invitation form, validated. */
export const InviteSchema = z.strictObject({
  email: z.email().max(254).transform((s) => s.trim().toLowerCase()),
  fullName: z.string().trim().min(1).max(200),
  role: z.enum(["chef", "manager", "admin"]),
  locationIds: z.array(z.uuid()).max(50).default([]),
});

/** A valid invitation. */
export type InviteInput = z.output<typeof InviteSchema>;

/** Outcome of {@link inviteStaff}. */
export type InviteResult =
  | { ok: true; userId: string }
  | {
    ok: false;
    code: "FORBIDDEN" | "ALREADY_STAFF" | "INVITE_FAILED";
    message: string;
  };

/** Options of {@link inviteStaff}. */
export interface InviteOptions {
  /** Where the invite link lands after Auth confirms the address. */
  redirectTo: string;
  /** The Supabase project whose admin API sends the invitation. */
  supabase: SupabaseConnection;
}

/**
 * Invites `input` on behalf of `inviter` (whose verified claims are
 * `claims`). Refuses non-admins before touching Auth; the database refuses
 * them again through RLS.
 */
export async function inviteStaff(
  db: Db,
  claims: Claims,
  inviter: StaffMember,
  input: InviteInput,
  options: InviteOptions,
): Promise<InviteResult> {
  if (inviter.role !== "admin") {
    return {
      ok: false,
      code: "FORBIDDEN",
      message: "Only admins can invite staff.",
    };
  }
  const existing = await withClaims(
    db,
    claims,
    (tx) => tx`select 1 from public.staff where email = ${input.email}`,
    { readOnly: true },
  );
  if (existing.length > 0) {
    return {
      ok: false,
      code: "ALREADY_STAFF",
      message: `${input.email} is already on the staff list.`,
    };
  }
  const config = options.supabase;
  // The service-role client never leaves the server and keeps no session.
  const admin = createClient(config.url, config.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await admin.auth.admin.inviteUserByEmail(
    input.email,
    { redirectTo: options.redirectTo, data: { full_name: input.fullName } },
  );
  if (error || !data.user) {
    return {
      ok: false,
      code: "INVITE_FAILED",
      message: error?.message ?? "The invitation could not be sent.",
    };
  }
  const userId = data.user.id;
  await withClaims(db, claims, async (tx) => {
    await tx`
      insert into public.staff (user_id, email, full_name, role)
      values (${userId}, ${input.email}, ${input.fullName}, ${input.role})`;
    for (const locationId of input.locationIds) {
      await tx`
        insert into public.staff_locations (user_id, location_id)
        values (${userId}, ${locationId})`;
    }
    await tx`
      insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
      values ('staff', ${inviter.userId}, 'staff.invited', 'staff', ${userId},
        ${
      tx.json({
        email: input.email,
        role: input.role,
        locationIds: input.locationIds,
      })
    })`;
  });
  return { ok: true, userId };
}

/** Reads the invitation form fields into {@link InviteSchema}'s shape. */
export function inviteFormInput(form: FormData): unknown {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return {
    email: text("email"),
    fullName: text("fullName"),
    role: text("role") as StaffRole | undefined,
    locationIds: form.getAll("locationIds").filter((v) =>
      typeof v === "string"
    ),
  };
}
