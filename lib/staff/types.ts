/**
 * Shapes shared by the staff app: who is signed in and what /admin pages get.
 *
 * @module
 */
import type { Claims } from "../db/mod.ts";

/** Staff roles (SQL `staff.role`). */
export type StaffRole = "chef" | "manager" | "admin";

/** Every staff role, in order of power. */
export const STAFF_ROLES: readonly StaffRole[] = ["chef", "manager", "admin"];

/** The signed-in staff member, from `staff` and `staff_locations`. */
export interface StaffMember {
  userId: string;
  email: string;
  fullName: string;
  role: StaffRole;
  locationIds: string[];
}

/** `ctx.state` of every /admin request, set by `routes/admin/_middleware.ts`. */
export interface AdminState {
  staff: StaffMember;
  /** Verified access-token claims, for `withClaims` (RLS decides). */
  claims: Claims & { sub: string; role: string };
  /** The access token, handed to the live feed for its realtime socket. */
  accessToken: string;
  /** CSRF token every form on the page must carry. */
  csrf: string;
  /**
   * Open inbox messages for the navigation badge, when the route read them
   * in its own transaction (ADR 0052); else the layout reads them.
   */
  openInbox?: number | null;
}
