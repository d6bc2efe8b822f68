/**
 * Real Chromium on /admin/insights: an admin signs in from the mailed link,
 * the page renders the forecast chart (interval band, dashed baseline), the
 * backtest table saying the model beats the baseline, suggestions and menu
 * charts, and axe-core finds no WCAG 2.1 AA violation, also on the
 * confirmation an Accept opens.
 */
import assert from "node:assert/strict";
import {
  axeViolations,
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { startApp } from "../support/app.ts";
import { fixedClock, instantAt } from "../support/clock.ts";
import { mailFor } from "../staff/support.ts";

const skip = skipWithoutChromium("insights page browser test");

Deno.test({
  name: "browser: /admin/insights renders its charts and passes axe",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({
      serve: true,
      clock: fixedClock(instantAt("2026-11-01", "10:00")),
      env: { SUPABASE_URL: null },
    });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      const errors = watchErrors(page);
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="email"]', "admin@myhibachi.example");
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-login-state="sent"]');
      const [mail] = await mailFor(app, "admin@myhibachi.example");
      await page.goto(mail.links[0]);
      await page.waitForSelector('[data-staff-role="admin"]');

      await page.goto(`${app.url}/admin/insights?location=fremont`);
      await page.waitForSelector("h1:has-text('Insights')");
      assert.equal(
        await page.getAttribute("[data-beats-baseline]", "data-beats-baseline"),
        "yes",
      );
      // The forecast chart: a band, a dashed baseline, its data table.
      assert.ok(await page.locator("svg path[stroke-dasharray]").count() >= 1);
      assert.ok(
        await page.locator(
          "figure:has-text('Expected booking requests') table tbody tr",
        )
          .count() >= 90,
      );
      assert.ok(
        await page.locator("figure:has-text('Protein attach rate') svg rect")
          .count() >= 5,
      );
      assert.deepEqual(await axeViolations(page), [], "insights page");

      const accept = page.locator("button:has-text('Accept')").first();
      await accept.click();
      await page.waitForSelector("#confirm-h");
      assert.deepEqual(await axeViolations(page), [], "confirmation");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.dispose();
    }
  },
});
