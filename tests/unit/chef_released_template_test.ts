import assert from "node:assert/strict";
import { renderNotification } from "../../lib/notifications/mod.ts";

const notice = {
  audience: "staff",
  reference: "MH-REL001",
  status: "confirmed",
  event_date: "2031-06-10",
  slot_time: "18:00",
  timezone: "America/Los_Angeles",
  location_name: "Fremont",
  adults: 10,
  children: 0,
  under6: 0,
  address: "1 Main St, Fremont, CA 94538",
  customer_name: "Rae Host",
  customer_email: "rae@example.com",
  payment_method: "card",
  total_cents: 60000,
  deposit_cents: 10000,
  paid_cents: 10000,
  chef_name: "Chef Kenji",
};

Deno.test("chef_released mail: says not to go, and why, for each release", () => {
  const why = {
    unassigned: "you are no longer assigned to it",
    reassigned: "another chef is taking it",
    cancelled: "the customer's booking is cancelled",
  };
  for (const [release, reason] of Object.entries(why)) {
    const mail = renderNotification("chef_released", { ...notice, release });
    assert.match(mail.subject, /^Do not go: MH-REL001, /);
    assert.ok(
      mail.text.includes(`Hi Chef Kenji, you no longer cook MH-REL001`),
    );
    assert.ok(mail.text.includes(reason), mail.text);
    assert.ok(mail.text.includes("Where it was: 1 Main St, Fremont"));
    assert.ok(mail.html.includes("no longer cook MH-REL001"), mail.html);
  }
  assert.throws(
    () => renderNotification("chef_released", { ...notice, release: "fired" }),
    /bad chef_released payload/,
  );
});
