/**
 * Validation messages are written for a person (issue 14): one per field,
 * next to it, in words about the field, never the schema's own wording
 * ("Too big: expected number to be <=50", "address.zip: …").
 */
import assert from "node:assert/strict";
import {
  defaultProteins,
  emptyWizardState,
  fieldOfIssue,
  messagesByField,
} from "../../lib/booking_form/mod.ts";
import { fetchHtml, pagesApp, stepHeading, submitStep } from "./support.ts";

/** Wording zod uses by default; none of it may reach a page. */
const SCHEMA_WORDING =
  /Too (big|small)|expected (number|string)|Invalid (input|string|email)|Unrecognized key|this is required|must match|received (NaN|string)/;

Deno.test("messages: one sentence per field, from the field and value", () => {
  const state = emptyWizardState();
  state.adults = 60;
  state.zip = "";
  const out = messagesByField([
    { path: "adults", message: "Too big: expected number to be <=50" },
    { path: "adults", message: "party size is at most 50, got 60" },
    { path: "zip", message: "Invalid string: must match pattern" },
    { path: "address.zip", message: "Invalid string: must match pattern" },
    { path: "customer.email", message: "Invalid email address" },
  ], state);
  assert.deepEqual(Object.keys(out).sort(), [
    "adults",
    "customer.email",
    "zip",
  ]);
  assert.equal(
    out.adults,
    "That is 60 guests; we book up to 50 online. Call us for a bigger party.",
  );
  assert.equal(out.zip, "Enter the ZIP code of the party.");
  assert.equal(out["customer.email"], "Enter your email address.");
  for (const m of Object.values(out)) assert.doesNotMatch(m, SCHEMA_WORDING);
  assert.equal(fieldOfIssue("address.zip"), "zip");
  state.adults = Number.NaN;
  assert.equal(
    messagesByField([{ path: "adults", message: "x" }], state).adults,
    "Enter the number of adults as a whole number.",
  );
});

Deno.test("messages: the SMS opt-in explains its phone rule", () => {
  const state = emptyWizardState();
  state.customer.phone = "0044 20 7946";
  state.smsOptIn = true;
  const out = messagesByField(
    [{
      path: "customer.phone",
      message:
        "must be a mobile number that can receive SMS (US, or +country code)",
    }, { path: "smsOptIn", message: "SMS notifications are not available" }],
    state,
  );
  assert.match(out["customer.phone"], /^For text messages, enter a US mobile/);
  assert.equal(
    out.smsOptIn,
    "Text messages are not available; we will email you.",
  );
  assert.equal(fieldOfIssue("smsOptIn"), "smsOptIn");
});

Deno.test("default protein split: one of each standard protein per guest", () => {
  const menu = {
    proteinsPerGuest: 2,
    proteins: [
      { code: "chicken", label: "Chicken", cents: 0 },
      { code: "filet_mignon", label: "Filet", cents: 500 },
      { code: "steak", label: "Steak", cents: 0 },
      { code: "shrimp", label: "Shrimp", cents: 0 },
    ],
  };
  assert.deepEqual(defaultProteins(10, 2, menu), { chicken: 12, steak: 12 });
  assert.deepEqual(defaultProteins(1, 0, menu), { chicken: 1, steak: 1 });
  assert.deepEqual(defaultProteins(0, 0, menu), {});
  assert.deepEqual(defaultProteins(Number.NaN, 1, menu), {});
  const sum = (m: Record<string, number>) =>
    Object.values(m).reduce((a, b) => a + b, 0);
  for (let a = 0; a <= 50; a += 7) {
    for (let c = 0; c <= 10; c += 3) {
      if (a + c === 0) continue;
      assert.equal(sum(defaultProteins(a, c, menu)), 2 * (a + c));
    }
  }
});

Deno.test({
  name: "messages on the pages: wizard and quote calculator",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await pagesApp();
    try {
      const first = await fetchHtml(app, "/book");
      const party = await submitStep(app, first.html, {
        adults: "70",
        children: "abc",
        "proteins.chicken": "140",
      });
      assert.equal(party.res.status, 422);
      assert.equal(stepHeading(party.html), "Party and menu");
      assert.doesNotMatch(party.html, SCHEMA_WORDING);
      assert.match(
        party.html,
        /Enter the number of children as a whole number\./,
      );
      // Each message once next to its field (and once in the summary).
      const adultsError = party.html.match(/id="f-adults-error"/g) ?? [];
      assert.equal(adultsError.length, 1);

      const ok = await submitStep(app, first.html, {
        adults: "10",
        "proteins.chicken": "10",
        "proteins.steak": "10",
      });
      const address = await submitStep(app, ok.html, {
        "address.line1": "",
        "address.city": "Fremont",
        "address.state": "California",
        zip: "9453",
      });
      assert.equal(address.res.status, 422);
      assert.doesNotMatch(address.html, SCHEMA_WORDING);
      assert.match(address.html, /Enter the street address\./);
      assert.match(address.html, /Enter the state as 2 letters, e\.g\. CA\./);
      assert.match(address.html, /Enter a 5-digit ZIP code, e\.g\. 94539\./);
      // ZIP is one field: one message, not "address.zip" and "zip" both.
      assert.equal((address.html.match(/5-digit ZIP/g) ?? []).length, 2);
      assert.doesNotMatch(address.html, /address\.zip/);

      const quote = await fetchHtml(
        app,
        `/quote?${new URLSearchParams({ adults: "80", zip: "94538" })}`,
      );
      assert.doesNotMatch(quote.html, SCHEMA_WORDING);
      assert.match(quote.html, /we book up to 50 online/);
      // Invalid input shows no price.
      assert.doesNotMatch(quote.html, /id="quote-total"[^>]*>Total \$/);
      // Guests without proteins start from the default split, priced.
      const split = await fetchHtml(
        app,
        `/quote?${new URLSearchParams({
          adults: "10",
          children: "2",
          zip: "94538",
        })}`,
      );
      assert.match(split.html, /name="proteins.chicken"[^>]*value="12"/);
      assert.match(split.html, /name="proteins.steak"[^>]*value="12"/);
      assert.match(split.html, /id="quote-total"[^>]*>Total \$/);
      // Styles kept for later are in a hidden wrapper, never a visible box.
      assert.doesNotMatch(split.html, /<div hidden(="")? class=/);
    } finally {
      await app.dispose();
    }
  },
});
