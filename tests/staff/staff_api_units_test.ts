/** Pure pieces of the Staff API: database error mapping, cursors, form money. */
import assert from "node:assert/strict";
import { fromDbError } from "../../lib/staff/errors.ts";
import {
  decodeCursor,
  encodeCursor,
  searchPatterns,
} from "../../lib/staff/bookings.ts";
import { dollarsToCents } from "../../lib/staff/booking_forms.ts";
import { listQuerySchema } from "../../lib/staff/schemas.ts";

Deno.test("database refusals map to SPEC §5 statuses and codes", () => {
  const cases: [Record<string, string>, number, string, string?][] = [
    [{ code: "P0002", constraint_name: "booking_exists" }, 404, "NOT_FOUND"],
    [
      { code: "42501", constraint_name: "staff_booking_scope" },
      403,
      "FORBIDDEN",
    ],
    [
      { code: "55000", constraint_name: "bookings_expected_updated_at" },
      409,
      "STALE_BOOKING",
    ],
    [
      { code: "23514", constraint_name: "bookings_status_transition" },
      409,
      "INVALID_TRANSITION",
    ],
    [
      { code: "23514", constraint_name: "chef_available", detail: "busy" },
      409,
      "CHEF_UNAVAILABLE",
    ],
    [
      { code: "23505", constraint_name: "bookings_chef_slot_key" },
      409,
      "CHEF_UNAVAILABLE",
    ],
    [
      { code: "23505", constraint_name: "payments_idempotency_key" },
      409,
      "IDEMPOTENCY_KEY_REUSED",
    ],
    [{ code: "23514", constraint_name: "slot_capacity" }, 409, "SLOT_FULL"],
    [
      { code: "22023", constraint_name: "payments_amount_limit" },
      422,
      "VALIDATION_FAILED",
      "amountCents",
    ],
    [
      { code: "22023", constraint_name: "staff_action_reason" },
      422,
      "VALIDATION_FAILED",
      "reason",
    ],
  ];
  for (const [err, status, code, path] of cases) {
    const m = fromDbError({ message: "X: because", ...err });
    assert.ok(m, JSON.stringify(err));
    assert.equal(m.status, status);
    assert.equal(m.code, code);
    if (path) assert.equal(m.issues[0].path, path);
  }
  assert.equal(
    fromDbError({ code: "42501", constraint_name: "payments_append_only" }),
    null,
  );
  assert.equal(fromDbError(new Error("boom")), null);
  assert.equal(fromDbError({ code: "08006" }), null);
});

Deno.test("cursors round-trip and refuse garbage with a path", () => {
  const id = "9b2f5c1e-4d6a-4f7e-8a9b-0c1d2e3f4a5b";
  assert.deepEqual(decodeCursor(encodeCursor("2027-03-05", "18:00", id)), [
    "2027-03-05",
    "18:00",
    id,
  ]);
  for (const bad of ["", "!!!", btoa("[1,2,3]"), btoa('["x","y","z"]')]) {
    assert.throws(
      () => decodeCursor(bad),
      (e: { status: number; issues: { path: string }[] }) =>
        e.status === 422 && e.issues[0].path === "cursor",
    );
  }
});

Deno.test("form dollars to cents", () => {
  assert.equal(dollarsToCents("100"), 10000);
  assert.equal(dollarsToCents("$1,250.5"), 125050);
  assert.equal(dollarsToCents("0.01"), 1);
  assert.ok(Number.isNaN(dollarsToCents("1.005")));
  assert.ok(Number.isNaN(dollarsToCents("abc")));
  assert.ok(Number.isNaN(dollarsToCents("")));
});

Deno.test("list query: defaults, limit cap, statuses, unknown keys", () => {
  const ok = listQuerySchema.parse({ status: "confirmed,pending_deposit" });
  assert.equal(ok.limit, 50);
  assert.deepEqual(ok.status, ["confirmed", "pending_deposit"]);
  assert.equal(listQuerySchema.safeParse({ limit: "101" }).success, false);
  assert.equal(listQuerySchema.safeParse({ limit: "100" }).success, true);
  assert.equal(listQuerySchema.safeParse({ sort: "x" }).success, false);
  assert.equal(
    listQuerySchema.safeParse({ from: "2027-13-40" }).success,
    false,
  );
});

Deno.test("staff search matches phone digits only when it is a phone number", () => {
  // The digits inside a reference or an e-mail are not a phone: matching
  // them found customers whose phone happened to contain "366".
  assert.equal(searchPatterns("MH-366BPW").digits, null);
  assert.equal(searchPatterns("C-1A2B3C4D@EXAMPLE.COM").digits, null);
  assert.equal(searchPatterns("Dana 510").digits, null);
  assert.equal(searchPatterns("(510) 555-0100").digits, "%5105550100%");
  assert.equal(searchPatterns("+1 510.555.0100").digits, "%15105550100%");
  assert.equal(searchPatterns("0100").digits, "%0100%");
  assert.equal(searchPatterns("51").digits, null, "two digits match too much");
  assert.equal(searchPatterns("50%_off\\").text, "%50\\%\\_off\\\\%");
});
