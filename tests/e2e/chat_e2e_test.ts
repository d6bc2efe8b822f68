/**
 * Real Chromium against the real app on a seeded database (issue 13): the
 * home page ships no JavaScript and links to the chat; on a phone the chat
 * is used with the keyboard only, a price asked in words equals what the
 * quote calculator at /quote shows for the same party, its "line by line"
 * link opens that quote, replies land in a polite live region, the chat's
 * JavaScript stays within 20 kB gzipped, axe finds no serious or critical
 * violation; without JavaScript the page offers the contact page.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
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

const skip = skipWithoutChromium("chat e2e tests");
const PHONE = { width: 390, height: 844 };
const BUDGET_BYTES = 20 * 1024;

Deno.test({
  name: "chat e2e: keyboard chat on a phone quotes what /quote quotes",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp({ serve: true });
    const origin = app.url;
    const browser: Browser = await launchChromium();
    try {
      await t.step("JavaScript on, keyboard only", async () => {
        const context = await browser.newContext({
          ...QUIET_CONTEXT,
          viewport: PHONE,
        });
        const page = await openPage(context);
        const errors = watchErrors(page);
        const js = new Map<string, number>();
        page.on("response", async (res) => {
          if (!res.url().endsWith(".js")) return;
          const body = await res.body().catch(() => null);
          if (body) js.set(res.url(), gzipSync(body, { level: 9 }).length);
        });

        await page.goto(`${origin}/`);
        await settle(page);
        assert.equal(js.size, 0, `home fetched ${[...js.keys()].join(" ")}`);
        await page.click("footer a[href='/chat']");
        await page.waitForURL(/\/chat$/);
        await page.waitForSelector("[data-chat-ready]");
        const total = [...js.values()].reduce((a, b) => a + b, 0);
        console.log(`chat page JS: ${total} bytes gzipped`);
        assert.ok(total > 0 && total <= BUDGET_BYTES, `chat JS ${total} B`);

        const log = page.locator("[role=log]");
        assert.equal(await log.getAttribute("aria-live"), "polite");
        // Keyboard: Tab reaches the labelled field, Enter sends.
        await page.focus("body");
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press("Tab");
          if (
            await page.evaluate(() => document.activeElement?.id) ===
              "chat-input"
          ) break;
        }
        assert.equal(
          await page.evaluate(() => document.activeElement?.id),
          "chat-input",
        );
        await page.keyboard.type("How much for 12 adults in 94539?");
        await page.keyboard.press("Enter");
        const answer = page.locator("li[data-role=assistant]").last();
        await answer.waitFor();
        const text = (await answer.textContent()) ?? "";
        const said = text.match(/(\$[\d,]+\.\d{2}) in total/)?.[1];
        assert.ok(said, text);
        // Focus stays in the field for the next message.
        assert.equal(
          await page.evaluate(() => document.activeElement?.id),
          "chat-input",
        );
        assert.deepEqual(
          await axeViolations(page, ["serious", "critical"]),
          [],
        );

        // The same party typed into the quote calculator.
        const calc = await openPage(context);
        await calc.goto(`${origin}/quote`);
        await settle(calc);
        await calc.fill("#f-adults", "12");
        await calc.fill("#f-proteins-chicken", "12");
        await calc.fill("#f-proteins-steak", "12");
        await calc.fill("#f-gratuityPercent", "0");
        await calc.fill("#f-zip", "94539");
        await calc.waitForSelector(`#quote-total:has-text('Total ${said}')`);

        // The reply's link shows that quote line by line.
        await answer.locator("a", { hasText: "line by line" }).click();
        await page.waitForURL(/\/quote\?/);
        await page.waitForSelector(`#quote-total:has-text('Total ${said}')`);

        // The conversation survives navigation (sessionStorage).
        await page.goBack();
        await page.waitForSelector("[data-chat-ready]");
        assert.match(
          (await page.locator("[role=log]").textContent()) ?? "",
          /12 adults in 94539/,
        );
        assert.deepEqual(errors, []);
        await context.close();
      });

      await t.step("JavaScript off: a link to the contact page", async () => {
        const context = await browser.newContext({
          viewport: PHONE,
          javaScriptEnabled: false,
        });
        const page = await context.newPage();
        await page.goto(`${origin}/chat`);
        assert.equal(await page.isVisible("#chat-input"), false);
        await page.click("main a[href='/contact']");
        await page.waitForURL(/\/contact$/);
        await context.close();
      });
    } finally {
      await browser.close();
      await app.dispose();
    }
  },
});
