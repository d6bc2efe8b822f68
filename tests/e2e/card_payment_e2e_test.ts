/**
 * Issue 12 end to end in real Chromium on the embedded default: a card
 * customer goes from the confirmation page's "Pay deposit" through the dev
 * checkout (the stand-in for Stripe Checkout when no keys are set) and back
 * to the manage page, and the booking is confirmed by the signed webhook
 * alone; "Cancel" in the checkout charges nothing.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import {
  bookingStatus as status,
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { startApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday } from "../support/clock.ts";
import { captureLogs } from "../../lib/observability/log.ts";

const skip = skipWithoutChromium("card payment browser test");

/** Books by card over the API; answers the confirmation page's path. */
async function cardBooking(
  origin: string,
  time: string,
): Promise<{ reference: string; confirmation: string }> {
  const saturday = nextWeekday(6, daysAfter(new Date(), 28));
  const res = await fetch(
    `${origin}/api/bookings`,
    postJson(bookingBody(saturday, time, { paymentMethod: "card" })),
  );
  assert.equal(res.status, 201);
  const b = await res.json();
  const token = new URL(b.manageUrl).searchParams.get("token") ?? "";
  return {
    reference: b.reference,
    confirmation: `${origin}/book/confirmation/${b.reference}?token=${token}`,
  };
}

Deno.test({
  name:
    "browser: Pay deposit → dev checkout → Pay → confirmed by the webhook; Cancel charges nothing",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startApp({ serve: true, env: { RATE_LIMITS: "off" } });
    const restoreLogs = captureLogs(() => {});
    const browser: Browser = await launchChromium();
    try {
      assert.ok(app.parts.devCheckout, "the dev checkout stands in for Stripe");
      const page = await (await browser.newContext()).newPage();
      const errors = watchErrors(page);

      await t.step(
        "Cancel in the checkout: back, nothing charged",
        async () => {
          const { reference, confirmation } = await cardBooking(
            app.url,
            "12:00",
          );
          await page.goto(confirmation);
          await page.click("button[value=pay_deposit]");
          await page.waitForURL(/\/_dev\/checkout\/cs_dev_/);
          assert.match((await page.textContent("[data-amount]"))!, /\$100\.00/);
          await page.click("button[value=cancel]");
          await page.waitForURL(new RegExp(`/manage/${reference}`));
          assert.match(await page.content(), /Card payment cancelled/);
          assert.equal(await status(page), "pending_deposit");
        },
      );

      await t.step("Pay: the webhook alone confirms the booking", async () => {
        const { reference, confirmation } = await cardBooking(app.url, "18:00");
        await page.goto(confirmation);
        assert.equal(await status(page), "pending_deposit");
        await page.click("button[value=pay_deposit]");
        await page.waitForURL(/\/_dev\/checkout\/cs_dev_/);
        assert.ok((await page.content()).includes(reference));
        await page.click("button[value=pay]");
        await page.waitForURL(new RegExp(`/manage/${reference}`));
        assert.match(await page.content(), /Stripe received your card payment/);
        assert.equal(await status(page), "confirmed");
        // One deposit in the ledger, written by the webhook (provider stripe).
        const [row] = await app.db.sql<{ n: number; provider: string }[]>`
          select count(*)::int as n, min(p.provider) as provider
          from public.payments p join public.bookings b on b.id = p.booking_id
          where b.reference = ${reference} and p.kind = 'deposit'`;
        assert.deepEqual({ ...row }, { n: 1, provider: "stripe" });
        // The deposit is paid: the manage page offers no second deposit.
        assert.equal(
          await page.locator("button[value=pay_deposit]").count(),
          0,
        );
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
