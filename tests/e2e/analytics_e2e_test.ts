/**
 * Real Chromium against the real app: an admin signs in from the mailed
 * link, opens /admin/analytics for the fixture location, sees the charts
 * (server-rendered SVG, each with its data table) and the numbers, with no
 * JavaScript error and no axe WCAG 2.1 AA violation; the filter form puts
 * the range in the URL; the bookings CSV link downloads the range's rows.
 */
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import {
  axeViolations,
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { mailFor, startStaffApp } from "../staff/support.ts";
import { seedAnalyticsFixture } from "../analytics/support.ts";

const skip = skipWithoutChromium("analytics browser test");

Deno.test({
  name: "browser: the analytics page renders charts and tables, axe-clean",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser = await launchChromium();
    try {
      await seedAnalyticsFixture(app.db);
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="email"]', "admin@myhibachi.example");
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-login-state="sent"]');
      const [mail] = await mailFor(app, "admin@myhibachi.example");
      await page.goto(mail.links[0]);
      await page.waitForSelector('[data-staff-role="admin"]');

      await page.goto(
        `${app.url}/admin/analytics?from=2026-03-01&to=2026-04-30&location=testville`,
      );
      const figures = await page.locator("figure").count();
      assert.equal(figures, 6, "funnel, status, revenue, lead time, 2 mixes");
      assert.equal(
        await page.locator('figure svg[role="img"]').count(),
        figures,
      );
      assert.equal(await page.locator("figure table").count(), figures);
      assert.equal(await page.locator("figure svg rect").count() > 10, true);
      assert.equal(
        (await page.locator('[data-kpi="revenue-earned"] dd').textContent())
          ?.trim(),
        "$2,400.00",
      );
      assert.equal(
        await page.locator('[data-table="mom"] tbody tr').count(),
        2,
      );
      assert.deepEqual(await axeViolations(page), []);

      // The filter form: another range, every location, in the URL.
      await page.fill('input[name="from"]', "2026-01-01");
      await page.selectOption('select[name="location"]', "");
      await page.click("button:text-is('Show')");
      await page.waitForURL(/from=2026-01-01/);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get("to"), "2026-04-30");
      assert.equal(url.searchParams.get("location"), "");
      await page.waitForSelector('[data-table="mom"] tr[data-month="2026-01"]');

      // The CSV link of the fixture range downloads its six bookings.
      await page.goto(
        `${app.url}/admin/analytics?from=2026-03-01&to=2026-04-30&location=testville`,
      );
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click('[data-export="bookings"]'),
      ]);
      assert.equal(
        download.suggestedFilename(),
        "bookings-testville-2026-03-01-to-2026-04-30.csv",
      );
      const path = await download.path();
      const rows = parse(await Deno.readTextFile(path), { columns: true });
      assert.equal(rows.length, 6);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
