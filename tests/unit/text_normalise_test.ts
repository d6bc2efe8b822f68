// deno-lint-ignore-file no-control-regex
/**
 * Customer free text is normalised at the zod edge (issue 9 §9,
 * lib/schemas/text.ts): no control characters, no bidirectional overrides,
 * single-line fields on one line, NFC. Properties over arbitrary strings
 * (fast-check), then through the booking and contact schemas.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  hasControlCharacters,
  multiLine,
  singleLine,
} from "../../lib/schemas/text.ts";
import { bookingBodySchema } from "../../lib/schemas/booking.ts";
import { contactMessageSchema } from "../../lib/contact/form.ts";
import { cancelBodySchema } from "../../lib/bookings/manage.ts";

const FORBIDDEN_ANYWHERE =
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** Strings rich in the characters that matter here. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "\n",
      "\r",
      "\r\n",
      "\t",
      "\u0000",
      "\u0007",
      "\u001b",
      "\u007f",
      "\u0085",
      "\u009b",
      "\u2028",
      "\u2029",
      "\u202e",
      "\u2066",
      "\ufeff",
      " ",
      "e\u0301",
      "\u200d",
      "👩‍🍳",
    ),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

Deno.test("singleLine: one clean line, idempotent, NFC", () => {
  fc.assert(
    fc.property(fc.oneof(nasty, fc.string({ unit: "binary" })), (s) => {
      const out = singleLine(s);
      assert.ok(!/\n/.test(out), JSON.stringify(out));
      assert.ok(!FORBIDDEN_ANYWHERE.test(out), JSON.stringify(out));
      assert.ok(!hasControlCharacters(out));
      assert.equal(out, out.trim());
      assert.ok(!/ {2}/.test(out));
      assert.equal(out, out.normalize("NFC"));
      assert.equal(singleLine(out), out);
    }),
    { numRuns: 200 },
  );
});

Deno.test("multiLine: only LF line breaks, no controls, idempotent", () => {
  fc.assert(
    fc.property(fc.oneof(nasty, fc.string({ unit: "binary" })), (s) => {
      const out = multiLine(s);
      assert.ok(!FORBIDDEN_ANYWHERE.test(out), JSON.stringify(out));
      assert.ok(!/\n{3,}/.test(out));
      assert.ok(!/ \n/.test(out));
      assert.equal(out, out.trim());
      assert.equal(multiLine(out), out);
    }),
    { numRuns: 200 },
  );
});

Deno.test("ordinary text is left alone", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.stringMatching(/^[A-Za-zÀ-ÿ0-9.,'&-]{1,12}$/),
        { minLength: 1, maxLength: 5 },
      ),
      (words) => {
        const text = words.join(" ").normalize("NFC");
        assert.equal(singleLine(text), text);
        assert.equal(multiLine(text), text);
      },
    ),
  );
  assert.equal(singleLine("Zoë  O’Brien-Nguyễn"), "Zoë O’Brien-Nguyễn");
  assert.equal(singleLine("Chef 👩‍🍳 Ana"), "Chef 👩‍🍳 Ana");
  assert.equal(
    multiLine("Gate code 4411\r\n\r\n\r\nNo nuts!  "),
    "Gate code 4411\n\nNo nuts!",
  );
});

Deno.test("examples: header-style injection and bidi spoofing", () => {
  assert.equal(
    singleLine("Pat\r\nBcc: victim@example.com"),
    "Pat Bcc: victim@example.com",
  );
  assert.equal(singleLine("\u202eevil\u202c name\u0000"), "evil name");
  assert.equal(singleLine("e\u0301"), "\u00e9");
  assert.equal(singleLine("e\u0000\u0301"), "\u00e9");
  assert.equal(multiLine("e\u0007\u0301"), "\u00e9");
  assert.equal(singleLine("\t\n "), "");
});

const booking = {
  adults: 10,
  children: 0,
  proteins: { chicken: 10, steak: 10 },
  zip: "94538",
  date: "2027-06-05",
  time: "18:00",
  customer: { name: "Pat", email: "pat@example.com", phone: "510 555 0100" },
  address: { line1: "1 Main St", city: "Fremont", state: "CA", zip: "94538" },
  paymentMethod: "zelle",
};

Deno.test("booking schema: names and addresses arrive normalised, notes keep lines", () => {
  fc.assert(
    fc.property(nasty, nasty, nasty, (name, line1, notes) => {
      const r = bookingBodySchema().safeParse({
        ...booking,
        customer: { ...booking.customer, name },
        address: { ...booking.address, line1 },
        notes,
      });
      if (!r.success) {
        // Only emptiness (after normalising) or length may refuse it.
        for (const issue of r.error.issues) {
          assert.ok(
            ["too_small", "too_big"].includes(issue.code),
            JSON.stringify(issue),
          );
        }
        return;
      }
      assert.equal(r.data.customer.name, singleLine(name));
      assert.equal(r.data.address.line1, singleLine(line1));
      assert.equal(r.data.notes, multiLine(notes));
      for (
        const v of [r.data.customer.name, r.data.address.line1, r.data.notes]
      ) {
        assert.ok(!FORBIDDEN_ANYWHERE.test(v ?? ""));
      }
    }),
    { numRuns: 300 },
  );
  const blank = bookingBodySchema().safeParse({
    ...booking,
    customer: { ...booking.customer, name: "\u0000\r\n\u202e" },
  });
  assert.equal(blank.success, false);
  assert.deepEqual(
    blank.error?.issues.map((i) => i.path.join(".")),
    ["customer.name"],
  );
});

Deno.test("contact and cancellation schemas normalise too", () => {
  const r = contactMessageSchema.safeParse({
    name: "Ann\nSubject: hi",
    email: "ann@example.com",
    message: "Hello\u0007 there,\r\nwe are 12.\u2028Thanks",
  });
  assert.ok(r.success);
  assert.equal(r.data.name, "Ann Subject: hi");
  assert.equal(r.data.message, "Hello there,\nwe are 12.\nThanks");
  const c = cancelBodySchema.parse({
    token: "t",
    reason: "moved\u001b[31m away",
  });
  assert.equal(c.reason, "moved[31m away");
});
