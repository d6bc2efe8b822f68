/**
 * The audit log viewer (issue 11, SPEC §4 `/admin/audit`, §5 `GET
 * /api/staff/audit`): filters by actor, action, entity and date, newest
 * first, keyset pages by id. Admins only: the page and API say 403 to
 * others, and RLS shows them no rows anyway.
 *
 * @module
 */
import { z } from "zod";
import type { Claims, Db } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "../staff/errors.ts";
import { isIsoDate } from "../booking_window/dates.ts";
import { type AuditChange, auditChanges } from "./diff.ts";

const isoDate = z.string().max(10).refine(isIsoDate, {
  message: "must be a date YYYY-MM-DD",
});

/** `GET /api/staff/audit` query (also the page's filter form). */
export const auditQuerySchema = z.strictObject({
  /** A staff e-mail or user id, or an actor kind (system, customer, stripe, staff). */
  actor: z.string().trim().max(254).optional(),
  /** An action (`settings.schedule`) or its prefix (`settings`). */
  action: z.string().trim().max(100).regex(/^[a-z0-9_.]*$/, {
    message: "lowercase letters, digits, _ and .",
  }).optional(),
  entity: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(200).optional(),
  /** First day (business time zone), inclusive. */
  from: isoDate.optional(),
  /** Last day (business time zone), inclusive. */
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d{1,18}$/, { message: "invalid cursor" })
    .optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ["to"],
  message: "must not be before from",
});

/** A validated audit query. */
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** One audit row. */
export interface AuditEntry {
  id: number;
  at: string;
  /** staff, customer, system, stripe… */
  actor: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
  /** Field-by-field before/after (empty when the row has none). */
  changes: AuditChange[];
}

/** A page of the audit log. */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AuditRow {
  id: string | number;
  at: Date;
  actor: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

/** Audit rows matching `q`, newest first (admins only: 403 otherwise). */
export async function listAudit(
  db: Db,
  claims: Claims,
  role: string,
  q: AuditQuery,
): Promise<AuditPage> {
  if (role !== "admin") {
    throw new StaffError(
      403,
      ERROR_CODES.FORBIDDEN,
      "Only admins read the audit log.",
    );
  }
  return await withClaims(db, claims, async (tx) => {
    const actor = q.actor
      ? UUID.test(q.actor)
        ? tx`and a.actor_id = ${q.actor}::uuid`
        : q.actor.includes("@")
        ? tx`and s.email = ${q.actor}`
        : tx`and a.actor = ${q.actor}`
      : tx``;
    const action = q.action
      ? tx`and (a.action = ${q.action} or a.action like ${
        q.action.replace(/\.$/, "") + ".%"
      })`
      : tx``;
    const entity = q.entity ? tx`and a.entity = ${q.entity}` : tx``;
    const entityId = q.entityId ? tx`and a.entity_id = ${q.entityId}` : tx``;
    const from = q.from
      ? tx`and a.at >= (${q.from}::date::timestamp at time zone (select z.tz from zone z))`
      : tx``;
    const to = q.to
      ? tx`and a.at < ((${q.to}::date + 1)::timestamp at time zone (select z.tz from zone z))`
      : tx``;
    const cursor = q.cursor ? tx`and a.id < ${q.cursor}::bigint` : tx``;
    const rows = await tx<AuditRow[]>`
      with zone as (
        select coalesce((select l.timezone from public.locations l
          where l.active order by l.sort_order, l.created_at limit 1), 'UTC') as tz
      )
      select a.id, a.at, a.actor, a.actor_id, s.full_name as actor_name,
        s.email::text as actor_email, a.action, a.entity, a.entity_id, a.details
      from public.audit_log a
      left join public.staff s on s.user_id = a.actor_id
      where true ${actor} ${action} ${entity} ${entityId} ${from} ${to} ${cursor}
      order by a.id desc
      limit ${q.limit + 1}`;
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        actorId: r.actor_id,
        actorName: r.actor_name,
        actorEmail: r.actor_email,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        details: r.details ?? {},
        changes: auditChanges(r.details),
      })),
      nextCursor: more ? String(page[page.length - 1].id) : null,
    };
  }, { readOnly: true });
}
