/**
 * Real Chromium against the real app (issue 11 items 1 and 2): a manager's
 * inbox badge counts a contact message posted elsewhere without a reload;
 * the manager answers it and the reply is delivered through the outbox to
 * the dev mailbox; the manager finds a customer by phone and sees their
 * lifetime value from the ledger.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { drainOutbox } from "../../lib/notifications/outbox.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { FREMONT } from "../db/fixtures.ts";
import {
  axeViolations,
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { bookFor, mailFor, startStaffApp } from "../staff/support.ts";

const SERIOUS = ["serious", "critical"] as const;

const skip = skipWithoutChromium("inbox and customers browser test");

Deno.test({
  name:
    "browser: live inbox badge, a reply through the outbox, a customer found by phone",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
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
      await page.waitForSelector('[data-staff-role="manager"]');

      const sender = "robin.asks@example.com";
      await t.step(
        "the badge counts a new message without a reload",
        async () => {
          await page.goto(`${app.url}/admin/inbox`);
          const badge = page.locator("[data-inbox-badge]");
          await page.waitForSelector('[data-inbox-badge][data-live="true"]', {
            timeout: 10_000,
          });
          const before = Number(await badge.getAttribute("data-inbox-badge"));
          const documents: string[] = [];
          page.on("request", (r) => {
            if (r.resourceType() === "document") documents.push(r.url());
          });
          const res = await fetch(`${app.url}/contact`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              name: "Robin Asks",
              email: sender,
              message: "Do you cook for 30 guests in Oakland on a Sunday?",
            }).toString(),
          });
          assert.ok(res.ok, `contact ${res.status}`);
          await res.body?.cancel();
          await page.waitForSelector(`[data-inbox-badge="${before + 1}"]`, {
            timeout: 10_000,
          });
          assert.deepEqual(documents, [], "no reload");
          assert.deepEqual(await axeViolations(page, SERIOUS), [], "inbox");
        },
      );

      await t.step("a reply is delivered through the outbox", async () => {
        await page.goto(`${app.url}/admin/inbox`);
        const item = page.locator("li[data-message]", { hasText: sender });
        await item.locator("textarea[name=body]").fill(
          "Yes, Oakland is in our area. Sunday works.",
        );
        await item.locator('button:has-text("Send reply")').click();
        await page.waitForSelector(
          '[data-notice="ok"]:has-text("Reply sent.")',
        );
        await drainOutbox(app.db, {
          mailer: app.parts.mailer,
          baseUrl: app.url,
        });
        const mails = await mailFor(app, sender);
        assert.equal(mails.length, 1);
        assert.equal(mails[0].subject, "Re: your message to MyHibachi");
        assert.match(
          (mails[0] as unknown as { text: string }).text,
          /Sunday works\./,
        );
      });

      await t.step(
        "a customer found by phone shows their lifetime value",
        async () => {
          const pat = await bookFor(app.db, FREMONT, {
            email: "pat.ledger@example.com",
            name: "Pat Ledger",
            phone: "(510) 555-4242",
          });
          // Paid and partly refunded: 600 − 45 = $555.
          await privileged(
            app.db,
            (tx) =>
              tx`insert into public.payments (booking_id, kind, method, amount_cents)
               values (${pat.id}, 'balance', 'zelle', 60000),
                      (${pat.id}, 'refund', 'zelle', 4500)`,
          );
          await page.click(
            'nav[aria-label="Staff"] a[href="/admin/customers"]',
          );
          await page.waitForSelector('h1:has-text("Customers")');
          await page.fill('input[name="q"]', "510.555.4242");
          await page.click('button:has-text("Search")');
          await page.waitForSelector('a:has-text("Pat Ledger")');
          assert.equal(
            new URL(page.url()).searchParams.get("q"),
            "510.555.4242",
          );
          await page.click('a:has-text("Pat Ledger")');
          await page.waitForSelector("[data-customer-name]");
          assert.deepEqual(
            await axeViolations(page, SERIOUS),
            [],
            "customer page",
          );
          assert.equal(
            await page.locator('[data-figure="ltv"]').textContent(),
            "$555",
          );
        },
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
