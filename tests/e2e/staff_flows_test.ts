/**
 * Real Chromium, real app, real PostgreSQL: the staff flows of issue 10 end
 * to end, with a customer and a manager in two browser contexts.
 *
 * 1. A customer books on the site paying by Zelle; the manager's dashboard
 *    (open the whole time, never reloaded) shows the new deposit due at
 *    once; the manager records the deposit on the booking page; the
 *    dashboard's figures follow; the customer's manage page says confirmed.
 * 2. The customer requests the cancellation (more than 96 h ahead); the
 *    dashboard counts the request; the manager approves; the booking page
 *    shows the deposit as a refund due.
 * 3. A chef signs in, opens the prep list of a day from the portal, and the
 *    print stylesheet leaves only the list.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  bookingStatus as status,
  launchChromium,
  openPage,
  QUIET_CONTEXT,
  settle,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import {
  freeSlot,
  insertBooking,
  signInBrowser,
  startStaffApp,
} from "../staff/support.ts";

const skip = skipWithoutChromium("staff flows browser test");

/** The text of one dashboard key figure. */
async function kpi(page: Page, name: string): Promise<string> {
  return (await page.textContent(`[data-kpi="${name}"]`))!.trim();
}

/** Waits until the key figure `name` no longer reads `before`. */
async function kpiChanged(
  page: Page,
  name: string,
  before: string,
): Promise<string> {
  await page.waitForFunction(
    ([n, b]) =>
      document.querySelector(`[data-kpi="${n}"]`)?.textContent?.trim() !== b,
    [name, before] as const,
    { timeout: 10_000 },
  );
  return await kpi(page, name);
}

/** Books four adults at a Fremont address, paying by Zelle; returns the reference and manage path. */
async function bookWithZelle(page: Page, origin: string) {
  await page.goto(`${origin}/book`);
  await page.fill("#f-adults", "4");
  // The default split (one chicken and one steak each) may fill in: replace it.
  await page.fill("#f-proteins-chicken", "");
  await page.fill("#f-proteins-steak", "4");
  await page.fill("#f-proteins-shrimp", "4");
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Address')");
  await page.fill("#f-address-line1", "100 Main St");
  await page.fill("#f-address-city", "Fremont");
  await page.fill("#f-address-state", "CA");
  await page.fill("#f-zip", "94538");
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Date and time')");
  await settle(page);
  // Next month: every slot there is more than 96 hours ahead.
  const nextMonth = page.locator("button[name=month]").nth(1);
  const month = (await nextMonth.getAttribute("value"))!;
  await nextMonth.click();
  await page.waitForSelector(`input[name=slot][value^='${month}']`);
  await page.locator("input[name=slot]").first().check();
  await page.locator("[data-countdown]").waitFor();
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Contact details')");
  await page.fill("#f-customer-name", "Ada Lovelace");
  await page.fill("#f-customer-email", "ada@example.com");
  await page.fill("#f-customer-phone", "(510) 555-0142");
  await page.check("input[name=paymentMethod][value=zelle]");
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Review and book')");
  await page.click("button:text-is('Book now')");
  await page.waitForURL(/\/book\/confirmation\//);
  const reference = (await page.textContent("[data-reference]"))!.trim();
  const manage = (await page.getAttribute("[data-manage-link]", "href"))!;
  return { reference, manage };
}

/**
 * Submits a staff form through its confirmation dialog (ConfirmSubmit):
 * once hydrated the "I confirm" box is hidden and the dialog asks instead.
 */
async function submitConfirmed(page: Page, form: string): Promise<void> {
  const f = page.locator(`form[data-form="${form}"]`);
  await f.locator('input[name="confirm"]').waitFor({ state: "hidden" });
  await f.locator('button[type="submit"]').click();
  await page.locator("dialog[open] [data-confirm-yes]").click();
  await page.waitForSelector('[data-notice="ok"]');
}

Deno.test({
  name:
    "browser: Zelle booking → deposit recorded → confirmed; cancellation → approved → refund due; chef prints the prep list",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser: Browser = await launchChromium();
    try {
      const customer = await openPage(
        await browser.newContext(QUIET_CONTEXT),
      );
      const staff = await browser.newContext(QUIET_CONTEXT);
      const dashboard = await staff.newPage();
      const desk = await staff.newPage();
      const errors = [...[customer, dashboard, desk].map(watchErrors)];
      await signInBrowser(dashboard, app, "manager@myhibachi.example");
      await dashboard.waitForSelector('[data-feed-status="live"]', {
        timeout: 10_000,
      });
      // A page load would drop this flag: the figures must change in place.
      await dashboard.evaluate(() => {
        (globalThis as unknown as { stayed: boolean }).stayed = true;
      });
      const stayed = async () =>
        await dashboard.evaluate(() =>
          (globalThis as unknown as { stayed?: boolean }).stayed === true
        );

      let reference = "";
      let manage = "";
      await t.step(
        "a Zelle booking, its deposit recorded, confirmed",
        async () => {
          const dueBefore = await kpi(dashboard, "deposits-due");
          const weekBefore = await kpi(dashboard, "bookings-this-week");
          ({ reference, manage } = await bookWithZelle(customer, app.url));
          await customer.goto(`${app.url}${manage}`);
          assert.equal(await status(customer), "pending_deposit");

          // The dashboard counts the new booking and its deposit due, live.
          const dueAfter = await kpiChanged(
            dashboard,
            "deposits-due",
            dueBefore,
          );
          assert.equal(
            Number(dueAfter.replace(/[$,]/g, "")) -
              Number(dueBefore.replace(/[$,]/g, "")),
            100,
          );
          assert.equal(
            Number(
              await kpiChanged(dashboard, "bookings-this-week", weekBefore),
            ),
            Number(weekBefore) + 1,
          );
          const feedLink = dashboard.locator(
            `[data-feed-kind="booking_new"] a[href="/admin/bookings/${reference}"]`,
          );
          await feedLink.waitFor();

          await desk.goto(`${app.url}/admin/bookings/${reference}`);
          assert.equal(await status(desk), "pending_deposit");
          const form = desk.locator('form[data-form="payment"]');
          await form.locator('select[name="method"]').selectOption("zelle");
          await form.locator('input[name="amount"]').fill("100");
          await form.locator('input[name="note"]').fill(
            `Zelle memo ${reference}`,
          );
          await submitConfirmed(desk, "payment");
          assert.equal(await status(desk), "confirmed");

          // The figure drops back without a reload; the payment line links
          // to its booking.
          assert.equal(
            await kpiChanged(dashboard, "deposits-due", dueAfter),
            dueBefore,
          );
          await dashboard.waitForSelector(
            `[data-feed-kind="payment"] a[href="/admin/bookings/${reference}"]`,
          );
          assert.ok(await stayed(), "the dashboard was not reloaded");

          await customer.goto(`${app.url}${manage}`);
          assert.equal(await status(customer), "confirmed");
        },
      );

      await t.step("cancellation requested, approved, refund due", async () => {
        const requestsBefore = await kpi(dashboard, "cancellation-requests");
        await customer.fill("#cancel-reason", "Moving house");
        await customer.click("button:text-is('Cancel booking…')");
        await customer.waitForSelector("[data-confirm-cancel]");
        assert.equal(
          await customer.getAttribute(
            "[data-refund-cents]",
            "data-refund-cents",
          ),
          "10000",
        );
        await customer.click("button:text-is('Yes, request cancellation')");
        await customer.waitForSelector(
          '[data-booking-status="cancellation_requested"]',
        );
        assert.equal(
          Number(
            await kpiChanged(
              dashboard,
              "cancellation-requests",
              requestsBefore,
            ),
          ),
          Number(requestsBefore) + 1,
        );

        await desk.goto(`${app.url}/admin/bookings/${reference}`);
        assert.equal(await status(desk), "cancellation_requested");
        await submitConfirmed(desk, "approve_cancellation");
        assert.equal(await status(desk), "cancelled");
        assert.equal(
          (await desk.textContent("[data-refund-due]"))!.trim(),
          "$100.00",
        );
        assert.equal(await desk.locator("[data-refund-due-row]").count(), 1);
        assert.equal(
          await kpiChanged(
            dashboard,
            "cancellation-requests",
            String(
              Number(requestsBefore) + 1,
            ),
          ),
          requestsBefore,
        );
        assert.ok(await stayed(), "the dashboard was not reloaded");

        await customer.goto(`${app.url}${manage}`);
        assert.equal(await status(customer), "cancelled");
      });

      await t.step("a chef opens and prints the prep list", async () => {
        const { date, slot } = await freeSlot(app.db, [CHEFS.chef1]);
        const event = await insertBooking(app.db, {
          date,
          slot,
          locationId: FREMONT,
          chefId: CHEFS.chef1,
        });
        const chefContext = await browser.newContext();
        const chef = await chefContext.newPage();
        errors.push(watchErrors(chef));
        await signInBrowser(chef, app, "chef1@myhibachi.example");
        await chef.goto(`${app.url}/admin/me`);
        await chef.click(`a[href="/admin/me/prep?date=${date}"]`);
        await chef.waitForSelector(`[data-prep-event="${event}"]`);
        assert.match(
          (await chef.textContent("[data-prep-list] h1"))!,
          new RegExp(`Prep list · ${date}`),
        );
        // On screen: the staff navigation and the date form.
        assert.ok(await chef.isVisible('nav[aria-label="Staff"]'));
        assert.ok(await chef.isVisible("[data-no-print]"));
        await chef.emulateMedia({ media: "print" });
        // On paper: the list, its totals and the event; no navigation,
        // forms or links back.
        assert.ok(await chef.isVisible("[data-prep-list] h1"));
        assert.ok(await chef.isVisible(`[data-prep-event="${event}"]`));
        assert.ok(await chef.isVisible("[data-total-guests]"));
        assert.equal(await chef.isVisible('nav[aria-label="Staff"]'), false);
        assert.equal(await chef.isVisible("[data-no-print]"), false);
        assert.equal(await chef.isVisible("header"), false);
        assert.equal(await chef.locator("form:visible").count(), 0);
        // The print is one readable page of text, no money figures.
        const pdf = await chef.pdf({ format: "Letter" });
        assert.ok(pdf.byteLength > 1_000, "a PDF was printed");
        assert.doesNotMatch((await chef.textContent("main"))!, /\$\d/);
        await chefContext.close();
      });
      assert.deepEqual(errors.flat(), []);
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
