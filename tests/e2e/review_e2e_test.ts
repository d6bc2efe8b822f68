/**
 * Real Chromium against the real app (issue 11 item 7): a customer opens
 * the review link from the review-request mail in the dev mailbox, leaves
 * stars and text (no script needed), a manager signs in and approves it on
 * /admin/reviews, and it appears on /reviews.
 */
import assert from "node:assert/strict";
import {
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { privileged } from "../../lib/db/mod.ts";
import { drainOutbox } from "../../lib/notifications/outbox.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { FREMONT } from "../db/fixtures.ts";
import {
  freeSlot,
  insertBooking,
  mailFor,
  startStaffApp,
} from "../staff/support.ts";

const skip = skipWithoutChromium("review browser test");
const CUSTOMER = "brooke.host@example.com";
const TEXT = "The chef made our anniversary unforgettable, thank you!";

Deno.test({
  name: "browser: a customer reviews from the mail link, a manager approves it",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser = await launchChromium();
    try {
      const { date, slot } = await freeSlot(app.db, []);
      const reference = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      await privileged(app.db, async (tx) => {
        await tx`update public.customers c set email = ${CUSTOMER}, name = 'Brooke Host'
          from public.bookings b where b.reference = ${reference} and c.id = b.customer_id`;
        await tx`update public.bookings set status = 'confirmed' where reference = ${reference}`;
        await tx`update public.bookings set status = 'completed' where reference = ${reference}`;
      });
      const reviewMails = async () =>
        (await mailFor(app, CUSTOMER)).filter((m) =>
          m.subject.startsWith("How was your hibachi party?")
        );
      const drainAt = (now: Date) =>
        drainOutbox(app.db, {
          mailer: app.parts.mailer,
          baseUrl: app.parts.publicUrl,
          now: () => now,
        });
      // Completed on the night of the party: the request waits for the day
      // after (10:00 in Fremont's zone), then goes out once.
      await drainAt(new Date(`${date}T23:59:00-08:00`));
      assert.deepEqual(await reviewMails(), []);
      // 00:00 UTC two days on is the afternoon of the day after in Fremont.
      await drainAt(new Date(Date.parse(`${date}T00:00:00Z`) + 2 * 86_400_000));
      const [mail] = await reviewMails();
      const link = mail.links.find((l) => l.includes("/reviews/new?token="));
      assert.ok(link);

      const customer = await browser.newContext({ javaScriptEnabled: false });
      const page = await customer.newPage();
      await page.goto(link);
      await page.check('input[name="rating"][value="5"]');
      await page.fill('textarea[name="body"]', TEXT);
      assert.equal(
        await page.inputValue('input[name="displayName"]'),
        "Brooke H.",
      );
      await page.click('button[type="submit"]');
      await page.waitForSelector("[data-review-thanks]");
      // The link is used up.
      await page.goto(link);
      await page.waitForSelector('[data-review-refused="409"]');

      const staff = await browser.newContext();
      const admin = await staff.newPage();
      const errors = watchErrors(admin);
      await admin.goto(`${app.url}/login`);
      await admin.fill('input[name="email"]', "manager@myhibachi.example");
      await admin.click('button[type="submit"]');
      await admin.waitForSelector('[data-login-state="sent"]');
      const [login] = await mailFor(app, "manager@myhibachi.example");
      await admin.goto(login.links[0]);
      await admin.goto(`${app.url}/admin/reviews`);
      const card = admin.locator('[data-review][data-status="pending"]', {
        hasText: TEXT,
      });
      await card.getByRole("button", { name: "Approve" }).click();
      await admin.waitForSelector('[data-notice="ok"]');

      await app.parts.catalog.load();
      await page.goto(`${app.url}/reviews`);
      const shown = page.locator("[data-review]", { hasText: TEXT });
      assert.equal(await shown.count(), 1);
      assert.match(await shown.innerText(), /Brooke H\./);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
