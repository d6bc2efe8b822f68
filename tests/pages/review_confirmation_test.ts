/**
 * Review and confirmation show everything ordered (issue 14): proteins,
 * extra proteins, add-ons, notes, the base and the payment method as a
 * label; the confirmation and manage pages show one balance, total − paid.
 */
import assert from "node:assert/strict";
import {
  fetchHtml,
  pagesApp,
  radioValues,
  stepHeading,
  submitStep,
} from "./support.ts";
import { textOfHtml as text } from "../support/html.ts";

const PARTY = {
  adults: "10",
  children: "2",
  "proteins.chicken": "12",
  "proteins.filet_mignon": "12",
  "extraProteins.lobster_tail": "2",
  "addons.gyoza": "3",
  gratuityPercent: "20",
};
const ADDRESS = {
  "address.line1": "100 Main St",
  "address.city": "Fremont",
  "address.state": "CA",
  zip: "94538",
};
const CONTACT = {
  "customer.name": "Ada Lovelace",
  "customer.email": "ada@example.com",
  "customer.phone": "510 555 0100",
  paymentMethod: "venmo",
  notes: "Gate code 1234 & <b>no peanuts</b>",
};

function dollars(s: string): number {
  return Math.round(Number(s.replace(/[$,]/g, "")) * 100);
}

Deno.test({
  name: "review and confirmation: everything ordered, one balance",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp();
    try {
      let reviewHtml = "";
      await t.step("the review step lists the whole order", async () => {
        const first = await fetchHtml(app, "/book");
        const address = await submitStep(app, first.html, PARTY);
        const slot = await submitStep(app, address.html, ADDRESS);
        const contact = await submitStep(app, slot.html, {
          slot: radioValues(slot.html, "slot").at(-1)!,
        });
        const review = await submitStep(app, contact.html, CONTACT);
        assert.equal(stepHeading(review.html), "Review and book");
        reviewHtml = review.html;
        const t = text(review.html);
        assert.match(t, /Proteins 12 × Chicken, 12 × Filet mignon/);
        assert.match(t, /Extra proteins 2 × Lobster tail/);
        assert.match(t, /Add-ons 3 × Gyoza/);
        assert.match(t, /Gratuity 20%/);
        assert.match(t, /Served from Fremont/);
        assert.match(t, /Deposit by Venmo /);
        assert.doesNotMatch(t, /Deposit by venmo/);
        assert.match(
          t,
          /Notes for the chef Gate code 1234 & <b>no peanuts<\/b>/,
        );
        // The notes are text, never markup.
        assert.doesNotMatch(review.html, /<b>no peanuts/);
      });

      await t.step("confirmation and manage pages: one balance", async () => {
        const done = await submitStep(app, reviewHtml, {});
        assert.equal(done.res.status, 303);
        const confirmation = await fetchHtml(
          app,
          done.res.headers.get("location")!,
        );
        for (const html of [confirmation.html]) {
          const t = text(html);
          assert.match(t, /Proteins 12 × Chicken, 12 × Filet mignon/);
          assert.match(t, /Add-ons 3 × Gyoza/);
          assert.match(t, /Extra proteins 2 × Lobster tail/);
          assert.match(
            t,
            /Notes for the chef Gate code 1234 & <b>no peanuts<\/b>/,
          );
          assert.match(t, /Deposit paid by Venmo/);
          assert.match(t, /Served from Fremont/);
          // One balance: "Balance due" once, equal to total − paid (0 yet).
          const balances = [...t.matchAll(/Balance[a-z ]*\$[\d,.]+/g)].map((
            m,
          ) => m[0]);
          assert.equal(balances.length, 1, balances.join(" | "));
          const total = dollars(t.match(/Total (\$[\d,.]+)/)![1]);
          const paid = dollars(t.match(/Paid so far (\$[\d,.]+)/)![1]);
          const due = dollars(t.match(/Balance due (\$[\d,.]+)/)![1]);
          assert.equal(paid, 0);
          assert.equal(due, total - paid);
        }
        const manage = confirmation.html.match(
          /href="([^"]+)"[^>]*data-manage-link/,
        )![1].replace(/&amp;/g, "&");
        const page = await fetchHtml(app, manage);
        const t = text(page.html);
        assert.match(t, /Proteins 12 × Chicken, 12 × Filet mignon/);
        assert.equal([...t.matchAll(/Balance[a-z ]*\$[\d,.]+/g)].length, 1);
      });
    } finally {
      await app.dispose();
    }
  },
});
