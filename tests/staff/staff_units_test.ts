/** Pure staff-app helpers: feed lines, token refresh, sign-in throttle, safe redirects. */
import assert from "node:assert/strict";
import { feedItemFromChange } from "../../lib/staff/feed.ts";
import { tokenExpiry, tokenKeeper } from "../../lib/staff/token_keeper.ts";
import { LoginThrottle } from "../../lib/staff/login.ts";
import { safeNext } from "../../lib/auth/session.ts";

function jwt(exp: number): string {
  const body = btoa(JSON.stringify({ exp })).replaceAll("=", "");
  return `x.${body}.y`;
}

Deno.test("feed lines for new bookings, status changes and payments", () => {
  const at = "2026-11-25T18:00:00.000Z";
  const created = feedItemFromChange({
    eventType: "INSERT",
    table: "bookings",
    commit_timestamp: at,
    new: {
      id: "b1",
      reference: "MH-ABC234",
      adults: 8,
      children: 2,
      under6: 1,
      event_date: "2026-12-05",
      slot_time: "18:00",
      city: "Fremont",
      status: "pending_deposit",
    },
    old: {},
  });
  assert.equal(
    created?.text,
    "New booking MH-ABC234: 11 guests on 2026-12-05 at 18:00 in Fremont (awaiting deposit)",
  );
  const payment = feedItemFromChange({
    eventType: "INSERT",
    table: "payments",
    commit_timestamp: at,
    new: { id: "p1", kind: "deposit", method: "zelle", amount_cents: 10050 },
    old: {},
  });
  assert.equal(payment?.text, "Payment $100.50 (deposit, zelle)");
  const changed = feedItemFromChange({
    eventType: "UPDATE",
    table: "bookings",
    commit_timestamp: at,
    new: { id: "b1", reference: "MH-ABC234", status: "confirmed" },
    old: { id: "b1" },
  });
  assert.equal(changed?.text, "Booking MH-ABC234 updated (confirmed)");
  assert.equal(
    feedItemFromChange({
      eventType: "DELETE",
      table: "payments",
      commit_timestamp: at,
      new: {},
      old: { id: "p1" },
    }),
    null,
  );
});

Deno.test("token keeper refreshes only near expiry, one request at a time", async () => {
  let now = 1000;
  let calls = 0;
  const fresh = jwt(5000);
  const get = tokenKeeper(jwt(1500), () => {
    calls++;
    return Promise.resolve(fresh);
  }, () => now);
  assert.equal(tokenExpiry(await get()), 1500);
  assert.equal(calls, 0);
  now = 1400; // within the 120 s margin
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(a, fresh);
  assert.equal(b, fresh);
  assert.equal(calls, 1);
  assert.equal(await get(), fresh);
  assert.equal(calls, 1);
});

Deno.test("sign-in throttle limits per client and per address", () => {
  let now = 0;
  const throttle = new LoginThrottle({
    login: { limit: 3, windowMs: 60_000 },
    login_email: { limit: 2, windowMs: 60_000 },
  }, () => now);
  assert.equal(throttle.check("1.1.1.1", "a@x.test"), 0);
  assert.equal(throttle.check("2.2.2.2", "a@x.test"), 0);
  assert.ok(throttle.check("3.3.3.3", "a@x.test") > 0, "address flooded");
  assert.equal(throttle.check("1.1.1.1", "b@x.test"), 0);
  assert.equal(throttle.check("1.1.1.1", "c@x.test"), 0);
  assert.ok(throttle.check("1.1.1.1", "d@x.test") > 0, "client flooded");
  now = 60_000;
  assert.equal(throttle.check("1.1.1.1", "d@x.test"), 0);
});

Deno.test("safeNext keeps same-site paths only", () => {
  assert.equal(safeNext("/admin/staff"), "/admin/staff");
  assert.equal(safeNext("//evil.example"), "/admin");
  assert.equal(safeNext("https://evil.example"), "/admin");
  assert.equal(safeNext("/\\evil.example"), "/admin");
  assert.equal(safeNext(null), "/admin");
});
