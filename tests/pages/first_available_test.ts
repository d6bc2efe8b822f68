/**
 * The date step's "first available" shortcut (issue 14): the earliest free
 * time at the customer's base, and from a later month a button (a month
 * button, so it works without JavaScript) back to it.
 */
import assert from "node:assert/strict";
import { fixedClock, testInstant } from "../support/clock.ts";
import {
  fetchHtml,
  forms,
  hiddenFields,
  pagesApp,
  radioValues,
  stepHeading,
  submitStep,
} from "./support.ts";

Deno.test({
  name: "date step: first available time, and a way back to it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await pagesApp({ clock: fixedClock(testInstant("12:00")) });
    try {
      const first = await fetchHtml(app, "/book");
      const address = await submitStep(app, first.html, {
        adults: "10",
        "proteins.chicken": "10",
        "proteins.steak": "10",
      });
      const slot = await submitStep(app, address.html, {
        // Fremont: a chef works every weekday, so the opening month (48 h
        // after 12:00 today) always has free times left.
        "address.line1": "100 Main St",
        "address.city": "Fremont",
        "address.state": "CA",
        zip: "94538",
      });
      assert.equal(stepHeading(slot.html), "Date and time");
      const firstDate = slot.html.match(/data-first-available="([^"]+)"/)![1];
      const listed = radioValues(slot.html, "slot");
      assert.match(slot.html, /First available: (<!-- -->)?<strong>/);
      // No stray empty box above the month buttons.
      assert.doesNotMatch(slot.html, /<div hidden(="")? class=/);
      if (listed.length > 0) {
        // The opening month has free times: the first listed is the first.
        assert.equal(listed[0].slice(0, 10), firstDate);
        assert.doesNotMatch(slot.html, />Show first available</);
      } else {
        // Late in a month with nothing left: the shortcut goes to it.
        assert.match(slot.html, />Show first available</);
      }

      // Two months on, the shortcut is a month button back to it.
      const nav = forms(slot.html).find((f) => f.id === "slot-month-nav")!;
      const body = hiddenFields(nav.body);
      const later = slot.html.match(
        /name="month" form="slot-month-nav" value="([^"]+)"/g,
      )!.map((m) => m.match(/value="([^"]+)"/)![1]).sort().at(-1)!;
      body.set("month", later);
      const next = await fetchHtml(app, "/book", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
      assert.equal(stepHeading(next.html), "Date and time");
      assert.notEqual(later, firstDate.slice(0, 7), "first free time too late");
      assert.match(
        next.html,
        new RegExp(
          `name="month" form="slot-month-nav" value="${
            firstDate.slice(0, 7)
          }"[^>]*>Show first available`,
        ),
      );
    } finally {
      await app.dispose();
    }
  },
});
