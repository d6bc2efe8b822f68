/**
 * Back, Forward and reload in the booking wizard (issue 14), in real
 * Chromium with JavaScript on (desktop) and off (phone): every step is a
 * GET after Post/Redirect/Get, so the browser never asks to resubmit a
 * form, answers are kept, and after a hold expires one click goes back to
 * the date step with the party kept.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  launchChromium,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { pagesApp } from "../pages/support.ts";

const skip = skipWithoutChromium("wizard history tests");

const heading = (page: Page) =>
  page.locator("#step-heading").textContent().then((t) => t?.trim());

async function walk(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/book`);
  await page.fill("#f-adults", "4");
  // With JavaScript the default split (chicken and steak) fills in: clear it.
  await page.fill("#f-proteins-chicken", "");
  await page.fill("#f-proteins-steak", "4");
  await page.fill("#f-proteins-shrimp", "4");
  await page.click("button:text-is('Continue')");
  await page.waitForURL(/\/book\?step=address$/);
  await page.fill("#f-address-line1", "1 Capitol Mall");
  await page.fill("#f-address-city", "Sacramento");
  await page.fill("#f-address-state", "CA");
  await page.fill("#f-zip", "95814");
  await page.click("button:text-is('Continue')");
  await page.waitForURL(/\/book\?step=slot$/);
  assert.equal(await heading(page), "Date and time");
  // The Sacramento customer is served from Sacramento, travel free.
  assert.match((await page.textContent("main"))!, /Served from Sacramento/);
  assert.match((await page.textContent("main"))!, /travel free: 0 miles/);
}

Deno.test({
  name: "wizard history: back, forward and reload are safe, JS on and off",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp({ serve: true });
    const browser: Browser = await launchChromium();
    try {
      for (
        const [label, options] of [
          ["JavaScript on, desktop", {
            viewport: { width: 1280, height: 900 },
          }],
          ["JavaScript off, phone", {
            viewport: { width: 390, height: 844 },
            javaScriptEnabled: false,
          }],
        ] as const
      ) {
        await t.step(label, async () => {
          const context = await browser.newContext(options);
          const page = await context.newPage();
          const errors = watchErrors(page);
          await walk(page, app.url);
          // Back: the address step, as typed, with no resubmission prompt.
          await page.goBack();
          await page.waitForURL(/\/book\?step=address$/);
          assert.equal(await heading(page), "Address");
          assert.equal(await page.inputValue("#f-zip"), "95814");
          // Reload: the same step and answers.
          await page.reload();
          assert.equal(await heading(page), "Address");
          assert.equal(
            await page.inputValue("#f-address-line1"),
            "1 Capitol Mall",
          );
          // Back again to the party, forward twice to the date step.
          await page.goBack();
          await page.waitForURL(/\/book$/);
          assert.equal(await heading(page), "Party and menu");
          assert.equal(await page.inputValue("#f-proteins-shrimp"), "4");
          await page.goForward();
          await page.waitForURL(/\/book\?step=address$/);
          await page.goForward();
          await page.waitForURL(/\/book\?step=slot$/);
          assert.equal(await heading(page), "Date and time");
          // Pick a time, continue, then the "choose again" link (what the
          // expired hold offers) goes straight back with the party kept.
          await page.locator("input[name=slot]").first().check();
          // With JavaScript the choice first places a hold and re-renders
          // the step; Continue is clicked once its countdown shows, not
          // mid-render (a click then could be lost: seen once under load).
          if (!("javaScriptEnabled" in options)) {
            await page.locator("[data-countdown]").waitFor();
          }
          await page.click("button:text-is('Continue')");
          await page.waitForURL(/\/book\?step=contact$/);
          await page.goto(`${app.url}/book?step=slot`);
          assert.equal(await heading(page), "Date and time");
          assert.equal(
            await page.locator("input[type=hidden][name=adults]").first()
              .getAttribute("value"),
            "4",
          );
          assert.deepEqual(
            errors.filter((e) => !/Failed to load resource/.test(e)),
            [],
          );
          await context.close();
        });
      }
    } finally {
      await browser.close();
      await app.dispose();
    }
  },
});
