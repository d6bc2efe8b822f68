/**
 * Real Chromium: the dashboard's live feed after the Realtime server loses
 * its LISTEN connection (the backend is terminated, as a database restart
 * does). The badge goes through "Reconnecting…" back to "● Live"; a booking
 * made while the channel was down (its NOTIFY lost) is fetched from the
 * Staff API once it is back, and the next booking arrives live.
 * PostgreSQL only (PGlite has no backends to terminate).
 */
import assert from "node:assert/strict";
import {
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import { adminUrl } from "../support/test_db.ts";
import {
  freeSlot,
  insertBooking,
  mailFor,
  startStaffApp,
} from "../staff/support.ts";

const skip = skipWithoutChromium("live feed reconnect browser test") ||
  !(await adminUrl());

Deno.test({
  name: "browser: the live feed reconnects after the LISTEN connection drops",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      const errors = watchErrors(page);
      await page.goto(`${app.url}/login`);
      await page.fill('input[name="email"]', "manager@myhibachi.example");
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-login-state="sent"]');
      const [mail] = await mailFor(app, "manager@myhibachi.example");
      await page.goto(mail.links[0]);
      await page.waitForSelector('[data-feed-status="live"]', {
        timeout: 10_000,
      });
      // Record every change of the badge from here on. A write of the value
      // it already shows (a re-render while live) is no change: compared
      // with the last value seen, starting from the current "live", it
      // once recorded a leading "live" under load.
      await page.evaluate(() => {
        const el = document.querySelector("[data-feed-status]")!;
        const seen: string[] = [];
        let last = el.getAttribute("data-feed-status");
        (globalThis as unknown as { seen: string[] }).seen = seen;
        new MutationObserver(() => {
          const now = el.getAttribute("data-feed-status")!;
          if (now !== last) seen.push(now);
          last = now;
        }).observe(el, { attributes: true });
      });

      const during = await freeSlot(app.db, [CHEFS.chef2]);
      const refetched = page.waitForResponse((r) =>
        r.url().includes("/api/staff/feed?since=")
      );
      const [gone] = await app.db.sql<{ n: number }[]>`
        select count(pg_terminate_backend(pid))::int as n
          from pg_stat_activity
         where datname = current_database() and query ilike 'listen %'`;
      assert.equal(gone.n, 1, "one LISTEN backend");
      // Committed before the Realtime server listens again: its NOTIFY is lost.
      const missed = await insertBooking(app.db, {
        date: during.date,
        slot: during.slot,
        locationId: FREMONT,
      });

      await page.waitForSelector('[data-feed-status="live"]', {
        timeout: 10_000,
      });
      const response = await refetched;
      assert.equal(response.status(), 200);
      const body = await response.json() as {
        changes: { new: { reference?: string } }[];
      };
      assert.ok(
        body.changes.some((c) => c.new.reference === missed),
        `the refetch returns ${missed}`,
      );
      await page.waitForSelector(
        `[data-feed-kind="booking_new"]:has-text("${missed}")`,
        { timeout: 5_000 },
      );
      // Nothing is missing any more, so the page no longer says so.
      await page.waitForSelector("[data-feed-gap]", { state: "detached" });
      const seen = await page.evaluate(() =>
        (globalThis as unknown as { seen: string[] }).seen
      );
      assert.deepEqual(seen, ["reconnecting", "live"]);

      const { date, slot } = await freeSlot(app.db, [CHEFS.chef3]);
      const reference = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      await page.waitForSelector(
        `[data-feed-kind="booking_new"]:has-text("${reference}")`,
        { timeout: 5_000 },
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
