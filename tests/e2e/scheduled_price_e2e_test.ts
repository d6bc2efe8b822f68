/**
 * Issue 11 in real Chromium: an admin schedules a price change on
 * `/admin/settings` for a date ahead; a quote for a party after that date
 * is priced with it, one before it is not, and the public prices page (today)
 * keeps today's price. Dates are offsets from the app's own clock in the
 * business's zone, so the test holds at any hour.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import {
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { daysAfter } from "../support/clock.ts";
import { quoteBody } from "../api/support.ts";
import { signInBrowser, startStaffApp } from "../staff/support.ts";
import { captureLogs } from "../../lib/observability/log.ts";

const skip = skipWithoutChromium("scheduled price browser test");

Deno.test({
  name:
    "browser: an admin schedules a price rise; later quotes have it, earlier ones and today's prices page do not",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser: Browser = await launchChromium();
    const adultUnit = async (date: string): Promise<number> => {
      const res = await fetch(`${app.url}/api/quote`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(quoteBody({ date })),
      });
      const q = await res.json();
      assert.equal(res.status, 200, JSON.stringify(q));
      return q.lines.find((l: { code: string }) => l.code === "adult")
        .unitCents;
    };
    try {
      const now = app.parts.clock();
      const from = daysAfter(now, 10);
      const before = daysAfter(now, 2);
      const after = daysAfter(now, 35);
      const oldCents = await adultUnit(after);
      assert.equal(await adultUnit(before), oldCents);

      const page = await (await browser.newContext()).newPage();
      const errors = watchErrors(page);
      await signInBrowser(page, app, "admin@myhibachi.example");
      await page.goto(`${app.url}/admin/settings`);
      const form = page.locator('form[data-form="settings"]');
      await form.locator('input[name="effectiveFrom"]').fill(from);
      const price = form.locator('input[name="adultPriceCents"]');
      assert.equal(Number(await price.inputValue()) * 100, oldCents);
      await price.fill(((oldCents + 737) / 100).toFixed(2));
      await form.locator('input[name="note"]').fill("Spring prices");
      await form.locator('button[name="_action"][value="save"]').click();
      await page.waitForSelector(`text=settings in force from ${from}`);
      // The schedule is listed on the page.
      assert.match(await page.content(), new RegExp(`${from} \\(version`));

      // The quote API follows the NOTIFY-driven reload; wait for it, then
      // compare both sides of the date.
      for (let i = 0; i < 200 && (await adultUnit(after)) === oldCents; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal(await adultUnit(after), oldCents + 737);
      assert.equal(await adultUnit(from), oldCents + 737);
      assert.equal(await adultUnit(before), oldCents);
      await page.goto(`${app.url}/pricing`);
      const pricing = await page.content();
      // An odd amount, so no other figure on the page can match it.
      const usd = (c: number) => `$${(c / 100).toFixed(2)}`;
      assert.ok(
        pricing.includes(usd(oldCents)) ||
          pricing.includes(`$${oldCents / 100}`),
        "today's price is shown",
      );
      assert.ok(
        !pricing.includes(usd(oldCents + 737)),
        "the scheduled price is not shown before its date",
      );
      // The change is audited with before and after.
      const [audit] = await app.db.sql<{ n: number }[]>`
        select count(*)::int as n from public.audit_log
        where entity = 'settings_versions' and details::text like '%Spring prices%'`;
      assert.ok(audit.n >= 1, "audited");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
