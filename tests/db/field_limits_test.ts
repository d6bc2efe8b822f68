/**
 * The booking field limits are defined once, in lib/schemas/limits.ts; the
 * database's check constraints must accept everything the schemas accept.
 * Bookings' own columns, the party-size rules and the contact form
 * (lib/contact/form.ts) match exactly; the shared customers table (CRM, also
 * edited by staff) may be wider.
 */
import assert from "node:assert/strict";
import {
  BOOKING_TEXT_LIMITS,
  PARTY_SIZE_CEILING,
} from "../../lib/schemas/limits.ts";
import { CONTACT_LIMITS } from "../../lib/contact/form.ts";
import { freshTestDb } from "../support/test_db.ts";

/** Check-constraint definitions of a public table, as PostgreSQL prints them. */
type Checks = (table: string) => string[];

/** The bound `expr <= n` (or `>= n`) a check puts on `expr`, e.g. "length(notes)". */
function bound(checks: string[], expr: string, op: "<=" | ">="): number {
  const escaped = expr.replace(/[().+]/g, "\\$&");
  const re = new RegExp(`${escaped}\\)?\\s*${op}\\s*(\\d+)`);
  for (const def of checks) {
    const m = def.match(re);
    if (m) return Number(m[1]);
  }
  throw new Error(`no "${expr} ${op} n" check in:\n${checks.join("\n")}`);
}

const upperBound = (checks: string[], expr: string) =>
  bound(checks, expr, "<=");
const lowerBound = (checks: string[], expr: string) =>
  bound(checks, expr, ">=");

async function loadChecks(): Promise<{ checks: Checks; isEmail: string }> {
  const t = await freshTestDb();
  try {
    const rows = await t.db.sql<{ table: string; def: string }[]>`
      select c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as def
      from pg_constraint c
      join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.contype = 'c'`;
    const [fn] = await t.db.sql<{ src: string }[]>`
      select p.prosrc as src from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'app' and p.proname = 'is_email'`;
    const byTable = (table: string) =>
      rows.filter((r) => r.table.replace(/^public\./, "") === table).map((r) =>
        r.def
      );
    return { checks: byTable, isEmail: fn.src };
  } finally {
    await t.dispose();
  }
}

const loaded = loadChecks();

Deno.test("bookings: address, city and notes limits equal the schema's", async () => {
  const { checks } = await loaded;
  const b = checks("bookings");
  assert.equal(
    upperBound(b, "length(address_line1)"),
    BOOKING_TEXT_LIMITS.addressLine,
  );
  assert.equal(
    upperBound(b, "length(address_line2)"),
    BOOKING_TEXT_LIMITS.addressLine,
  );
  assert.equal(upperBound(b, "length(city)"), BOOKING_TEXT_LIMITS.city);
  assert.equal(upperBound(b, "length(notes)"), BOOKING_TEXT_LIMITS.notes);
});

Deno.test("party size: the bookings check and the pricing setting's range equal the ceiling", async () => {
  const { checks } = await loaded;
  assert.equal(
    upperBound(checks("bookings"), "(adults + children) + under6"),
    PARTY_SIZE_CEILING,
  );
  assert.equal(
    upperBound(checks("pricing_settings"), "max_party_size"),
    PARTY_SIZE_CEILING,
  );
});

Deno.test("customers: name and phone columns hold what the schema accepts", async () => {
  const { checks } = await loaded;
  const c = checks("customers");
  assert.ok(
    upperBound(c, "length(name)") >= BOOKING_TEXT_LIMITS.customerName,
  );
  assert.ok(
    upperBound(c, "length(phone)") >= BOOKING_TEXT_LIMITS.customerPhone,
  );
});

Deno.test("app.is_email allows exactly the schema's email length", async () => {
  const { isEmail } = await loaded;
  assert.equal(
    upperBound([isEmail], "length(p)"),
    BOOKING_TEXT_LIMITS.customerEmail,
  );
});

Deno.test("contact_messages: limits equal the contact form's", async () => {
  const { checks } = await loaded;
  const m = checks("contact_messages");
  assert.equal(upperBound(m, "char_length(name)"), CONTACT_LIMITS.name);
  assert.equal(upperBound(m, "char_length(phone)"), CONTACT_LIMITS.phone);
  assert.equal(upperBound(m, "char_length(message)"), CONTACT_LIMITS.message);
  assert.equal(
    lowerBound(m, "char_length(message)"),
    CONTACT_LIMITS.messageMin,
  );
  assert.equal(upperBound(m, "guests"), CONTACT_LIMITS.guests);
});
