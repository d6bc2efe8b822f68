/**
 * Real Chromium against the real app over HTTP on a seeded database: a phone
 * (390×844) books a party through the quote calculator and the wizard with
 * JavaScript on, reads the confirmation and opens the manage link; the same
 * essential booking with JavaScript off; axe-core (WCAG 2.1 AA) on a wizard
 * step showing its errors, failing on serious or critical violations. (The
 * customer pages themselves, the wizard's date step and the manage page are
 * scanned for violations of every impact, at this phone size and on a
 * desktop, by tests/e2e/look_and_feel_e2e_test.ts.)
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import {
  axeViolations,
  launchChromium,
  openPage,
  QUIET_CONTEXT,
  settle,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { pagesApp } from "../pages/support.ts";

const skip = skipWithoutChromium("booking e2e tests");

const PHONE = { width: 390, height: 844 };
/** The bar: no serious or critical violations. */
const SERIOUS = ["serious", "critical"];

async function fillAddressContinue(page: Page): Promise<void> {
  await page.fill("#f-address-line1", "100 Main St");
  await page.fill("#f-address-city", "Fremont");
  await page.fill("#f-address-state", "CA");
  await page.fill("#f-zip", "94538");
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Date and time')");
}

async function fillContactContinue(page: Page): Promise<void> {
  await page.fill("#f-customer-name", "Grace Hopper");
  await page.fill("#f-customer-email", "grace@example.com");
  await page.fill("#f-customer-phone", "(510) 555-0199");
  await page.check("input[name=paymentMethod][value=venmo]");
  await page.click("button:text-is('Continue')");
  await page.waitForSelector("#step-heading:text-is('Review and book')");
}

/** Books from the review step; returns the manage path from the confirmation. */
async function confirmAndRead(page: Page): Promise<string> {
  await page.click("button:text-is('Book now')");
  await page.waitForURL(/\/book\/confirmation\//);
  const reference = (await page.textContent("[data-reference]"))!.trim();
  assert.match(reference, /^[A-Z0-9-]{4,}$/);
  assert.equal(
    (await page.textContent("[data-payment-memo]"))!.trim(),
    reference,
  );
  assert.equal(
    (await page.textContent("[data-payment-amount]"))!.trim(),
    "$100",
  );
  assert.equal(
    (await page.textContent("[data-payment-handle]"))!.trim(),
    "@MyHibachi",
  );
  const href = (await page.getAttribute("[data-manage-link]", "href"))!;
  assert.match(href, new RegExp(`^/manage/${reference}\\?token=`));
  await page.click("[data-manage-link]");
  await page.waitForURL(/\/manage\//);
  assert.equal(
    await page.getAttribute("[data-booking-status]", "data-booking-status"),
    "pending_deposit",
  );
  assert.match((await page.textContent("main"))!, new RegExp(reference));
  return href;
}

Deno.test({
  name:
    "booking e2e: phone books with JS, without JS, and axe on customer pages",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp({ serve: true });
    const origin = app.url;
    const browser: Browser = await launchChromium();
    try {
      await t.step(
        "JavaScript on: quote calculator → wizard → confirmation → manage",
        async () => {
          const context = await browser.newContext({
            ...QUIET_CONTEXT,
            viewport: PHONE,
          });
          const page = await openPage(context);
          const errors = watchErrors(page);
          await page.goto(`${origin}/quote`);
          await settle(page);
          await page.fill("#f-adults", "10");
          await page.fill("#f-children", "2");
          // Proteins follow the guests: one chicken and one steak each.
          assert.equal(await page.inputValue("#f-proteins-chicken"), "12");
          assert.equal(await page.inputValue("#f-proteins-steak"), "12");
          // Steppers move one serving at a time.
          await page.click("button[aria-label='One more Chicken']");
          assert.equal(await page.inputValue("#f-proteins-chicken"), "13");
          await page.click("button[aria-label='One fewer Chicken']");
          assert.equal(await page.inputValue("#f-proteins-chicken"), "12");
          await page.fill("#f-proteins-steak", "");
          await page.fill("#f-proteins-filet_mignon", "12");
          await page.fill("#f-zip", "94538");
          // The server's quote arrives without a page load (debounced POST /api/quote).
          await page.waitForSelector("#quote-total:has-text('Total $')");
          assert.match(
            (await page.textContent("main"))!,
            /Served from/,
          );
          // Invalid input clears the price at once.
          // (Emptying adults would leave 2 children, a party the proteins
          // follow and the server prices: not invalid.)
          await page.fill("#f-adults", "-1");
          await page.waitForSelector("#quote-total:not(:has-text('Total $'))");
          await page.fill("#f-adults", "10");
          await page.waitForSelector("#quote-total:has-text('Total $')");
          // Out of the area: no price, no booking button, a contact link.
          await page.fill("#f-zip", "10001");
          await page.waitForSelector("#out-of-area a[href='/contact']");
          assert.equal(
            await page.locator("button:text-is('Book this party')").count(),
            0,
          );
          assert.doesNotMatch(
            (await page.textContent("#quote-total"))!,
            /Total \$/,
          );
          await page.fill("#f-zip", "94538");
          await page.waitForSelector("#quote-total:has-text('Total $')");
          assert.match(await page.textContent("main") ?? "", /Filet mignon/);
          assert.match(
            await page.textContent("main") ?? "",
            /24 of 24 protein servings chosen/,
          );
          // Every script the browser fetches from here on, while on /book.
          const bookJs = new Map<string, number>();
          page.on("response", async (res) => {
            if (!res.url().endsWith(".js") || !page.url().includes("/book")) {
              return;
            }
            const body = await res.body().catch(() => null);
            if (body) {
              bookJs.set(res.url(), gzipSync(body, { level: 9 }).length);
            }
          });
          await page.click("button:text-is('Book this party')");
          await page.waitForURL(/\/book\?/);
          assert.equal(await page.inputValue("#f-proteins-filet_mignon"), "12");
          await page.click("button:text-is('Continue')");
          await page.waitForSelector("#step-heading:text-is('Address')");
          // Focus moves to the new step's heading.
          assert.equal(
            await page.evaluate(() => document.activeElement?.id),
            "step-heading",
          );
          await fillAddressContinue(page);
          await settle(page);
          // Next month comes from GET /api/availability without a page load.
          const before = page.url();
          const nextMonth = page.locator("button[name=month]").nth(1);
          const month = (await nextMonth.getAttribute("value"))!;
          await nextMonth.click();
          await page.waitForSelector(`input[name=slot][value^='${month}']`);
          assert.equal(page.url(), before);
          const radios = page.locator("input[name=slot]");
          await radios.last().check();
          // The hold is taken at once and counts down as mm:ss.
          const timer = page.locator("[data-countdown]");
          await timer.waitFor();
          const first = (await timer.textContent())!;
          assert.match(first, /^1[45]:\d\d$/);
          await page.waitForFunction(
            (t) =>
              document.querySelector("[data-countdown]")?.textContent !== t,
            first,
          );
          await page.click("button:text-is('Continue')");
          await page.waitForSelector(
            "#step-heading:text-is('Contact details')",
          );
          await page.locator("[data-countdown]").waitFor();
          await fillContactContinue(page);
          assert.match(await page.textContent("main") ?? "", /96\s*hours/);
          await confirmAndRead(page);
          assert.deepEqual(errors, []);
          await context.close();
        },
      );

      await t.step(
        "JavaScript off: the same essential booking with plain forms",
        async () => {
          const context = await browser.newContext({
            ...QUIET_CONTEXT,
            viewport: PHONE,
            javaScriptEnabled: false,
          });
          const page = await context.newPage();
          await page.goto(`${origin}/book`);
          await page.fill("#f-adults", "4");
          await page.fill("#f-proteins-steak", "4");
          await page.fill("#f-proteins-shrimp", "4");
          await page.click("button:text-is('Continue')");
          await page.waitForSelector("#step-heading:text-is('Address')");
          await fillAddressContinue(page);
          // Month paging is a form post without JavaScript.
          const nextMonth = page.locator("button[name=month]").nth(1);
          const month = (await nextMonth.getAttribute("value"))!;
          await nextMonth.click();
          await page.waitForSelector(`input[name=slot][value^='${month}']`);
          await page.locator("input[name=slot]").first().check();
          await page.click("button:text-is('Continue')");
          await page.waitForSelector(
            "#step-heading:text-is('Contact details')",
          );
          // A mistake comes back next to its field.
          await page.click("button:text-is('Continue')");
          await page.waitForSelector("#f-customer-email-error");
          await fillContactContinue(page);
          await confirmAndRead(page);
          await context.close();
        },
      );

      await t.step(
        "axe: a wizard step with errors has no serious or critical violations",
        async () => {
          const context = await browser.newContext({
            ...QUIET_CONTEXT,
            viewport: PHONE,
          });
          const page = await openPage(context);
          await page.goto(`${origin}/book`);
          await settle(page);
          await page.click("button:text-is('Continue')");
          await page.waitForSelector("[role=alert]");
          assert.deepEqual(
            await axeViolations(page, SERIOUS),
            [],
            "/book with errors",
          );
          await context.close();
        },
      );
    } finally {
      await browser.close();
      await app.dispose();
    }
  },
});
