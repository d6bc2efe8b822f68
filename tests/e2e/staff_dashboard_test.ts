/**
 * Real Chromium against the real app: a staff member signs in from the
 * mailed magic link, opens the dashboard, and a booking created elsewhere
 * (app.create_booking, as the booking API does) and its deposit appear in
 * the live feed without a reload. Also reports the dashboard's script size.
 */
import assert from "node:assert/strict";
import {
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { privileged } from "../../lib/db/mod.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import {
  freeSlot,
  insertBooking,
  mailFor,
  startStaffApp,
} from "../staff/support.ts";

const skip = skipWithoutChromium("staff dashboard browser test");

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

Deno.test({
  name: "browser: staff sign-in from the mailbox link and the live feed",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = watchErrors(page);
      const scripts = new Map<string, Uint8Array>();
      page.on("response", async (res) => {
        if (new URL(res.url()).pathname.startsWith("/_frsh/js/")) {
          scripts.set(res.url(), new Uint8Array(await res.body()));
        }
      });

      await page.goto(`${app.url}/login`);
      await page.fill('input[name="email"]', "manager@myhibachi.example");
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-login-state="sent"]');

      const [mail] = await mailFor(app, "manager@myhibachi.example");
      await page.goto(mail.links[0]);
      assert.equal(new URL(page.url()).pathname, "/admin");
      await page.waitForSelector('[data-staff-role="manager"]');
      await page.waitForSelector('[data-feed-status="live"]', {
        timeout: 10_000,
      });

      const { date, slot } = await freeSlot(app.db, [CHEFS.chef3]);
      const started = performance.now();
      const reference = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const line = await page.waitForSelector(
        `[data-feed-kind="booking_new"]:has-text("${reference}")`,
        { timeout: 5_000 },
      );
      const latencyMs = Math.round(performance.now() - started);
      assert.match((await line.textContent()) ?? "", /New booking MH-/);

      // A deposit recorded by staff: the payment and the confirmation arrive.
      await privileged(app.db, (tx) =>
        tx`
        insert into public.payments (booking_id, kind, method, amount_cents, provider)
        select id, 'deposit', 'zelle', 10000, 'manual'
        from public.bookings where reference = ${reference}`);
      await page.waitForSelector('[data-feed-kind="payment"]:has-text("$100")');
      await page.waitForSelector(
        `[data-feed-kind="booking_changed"]:has-text("${reference}")`,
      );
      assert.equal(
        new URL(page.url()).pathname,
        "/admin",
        "no navigation happened",
      );
      assert.deepEqual(errors, []);

      let raw = 0;
      let gz = 0;
      const files: string[] = [];
      for (const [url, bytes] of scripts) {
        const zipped = await gzipSize(bytes);
        raw += bytes.byteLength;
        gz += zipped;
        files.push(`${url.split("/").pop()} ${zipped}`);
      }
      console.log(
        `dashboard JS: ${scripts.size} files, ${raw} B raw, ${gz} B gzipped (${
          files.join(", ")
        }); feed latency ${latencyMs} ms`,
      );
      // The feed uses realtime-js only; with the full supabase-js client the
      // island alone was ~65 kB gzipped. Since the island also renders the
      // live figures and tables (ADR 0031) the page ships ~55.1 kB.
      assert.ok(gz < 58_000, `dashboard ships ${gz} B gzipped JS`);

      // Staff pages navigate with partials: no document load, the feed's
      // socket closes when the dashboard leaves and opens when it returns.
      const documents: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "document") documents.push(r.url());
      });
      await page.click('nav[aria-label="Staff"] a[href="/admin/bookings"]');
      await page.waitForSelector('h1:has-text("Bookings")');
      assert.equal(new URL(page.url()).pathname, "/admin/bookings");
      assert.equal(await page.locator("[data-feed-status]").count(), 0);
      assert.equal(
        await page.locator('nav[aria-label="Staff"] [aria-current="page"]')
          .textContent(),
        "Bookings",
      );
      await page.goBack();
      await page.waitForSelector('[data-feed-status="live"]', {
        timeout: 10_000,
      });
      assert.equal(new URL(page.url()).pathname, "/admin");
      assert.deepEqual(documents, [], "partial navigation, no page loads");

      // A staff action posted through client navigation: the redirect's page
      // (with its notice) replaces the console, no document is loaded.
      await page.goto(`${app.url}/admin/bookings/${reference}`);
      documents.length = 0;
      await page.fill(
        'form[data-form="note"] textarea[name="body"]',
        "Gate code 1234",
      );
      await page.click('form[data-form="note"] button[type="submit"]');
      await page.waitForSelector('[data-notice="ok"]');
      assert.match(page.url(), /\/admin\/bookings\/MH-[^?]+\?notice=/);
      assert.equal(await page.locator("text=Gate code 1234").count(), 1);
      assert.deepEqual(documents, [], "the form posted as a partial request");
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
