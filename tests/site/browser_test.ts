/**
 * Real Chromium against the real app over HTTP: WCAG 2.1 AA with axe-core
 * on the contact form's errors (every page as served: look and feel), the
 * mobile menu without JavaScript, the FAQ island under the site's CSP, the
 * skip link, and "no JavaScript" on the home page.
 */
import assert from "node:assert/strict";
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
import { FAQ } from "../../lib/site/faq.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { appHandler } from "./app_handler.ts";

const skip = skipWithoutChromium("browser tests");

async function withServerAndBrowser(
  fn: (origin: string, browser: Browser) => Promise<void>,
): Promise<void> {
  const { handler } = await appHandler();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req, info) => handler(req, info),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  // Access log lines would drown the test output; the handler tests check them.
  const restoreLogs = captureLogs(() => {});
  const browser = await launchChromium();
  try {
    await fn(origin, browser);
  } finally {
    await browser.close();
    await server.shutdown();
    restoreLogs();
  }
}

/**
 * WCAG 2.1 AA (axe-core) on the contact form with its validation errors
 * shown, phone and desktop. Every public page as served is checked at both
 * sizes by `tests/e2e/look_and_feel_e2e_test.ts`, so it is not scanned again
 * here.
 */
async function checkAccessibility(
  origin: string,
  browser: Browser,
): Promise<void> {
  for (const width of [375, 1280]) {
    const viewport = { width, height: width < 1000 ? 812 : 900 };
    const context = await browser.newContext({ ...QUIET_CONTEXT, viewport });
    const page = await openPage(context);
    await page.goto(`${origin}/contact`);
    await settle(page);
    await page.fill("#contact-name", "Al");
    await page.fill("#contact-email", "al@example.com");
    // Passes the browser's own checks, fails the server's: phone letters.
    await page.fill("#contact-phone", "call me maybe");
    await page.fill("#contact-message", "Do you cook in Oakland hills?");
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=alert]");
    assert.deepEqual(
      await axeViolations(page),
      [],
      `contact with errors at ${width}px`,
    );
    await context.close();
  }
}

/** The mobile menu opens and navigates with JavaScript disabled. */
async function checkNoJsMenu(origin: string, browser: Browser): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const link = page.locator("details.site-menu nav a", {
    hasText: "Service area",
  });
  assert.equal(await link.isVisible(), false, "menu starts closed");
  // The desktop nav is hidden at this width.
  assert.equal(await page.locator("header > div > nav").isVisible(), false);
  await page.click("details.site-menu summary");
  assert.equal(await link.isVisible(), true, "menu opens without JS");
  await link.click();
  await page.waitForURL(`${origin}/service-area`);
  assert.match(await page.locator("h1").innerText(), /Where we cook/);
  await context.close();
}

/** The FAQ island filters as you type under the CSP; the home page loads no JavaScript. */
async function checkFaqIsland(origin: string, browser: Browser): Promise<void> {
  const context = await browser.newContext({
    ...QUIET_CONTEXT,
    viewport: { width: 1280, height: 900 },
  });
  const page = await openPage(context);
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });

  await page.goto(`${origin}/`, { waitUntil: "load" });
  assert.deepEqual(scripts, [], "home page requested scripts");

  await page.goto(`${origin}/faq`);
  await settle(page);
  const entries = page.locator("[data-faq-entry]");
  assert.equal(await entries.count(), FAQ.length);
  // Typing only filters once the island is hydrated; poll for it.
  await page.fill("#faq-query", "deposit");
  await page.waitForFunction(
    (total) => document.querySelectorAll("[data-faq-entry]").length < total,
    FAQ.length,
    { timeout: 10_000 },
  );
  const shown = await entries.count();
  assert.ok(shown >= 1 && shown < FAQ.length);
  for (const text of await entries.allInnerTexts()) {
    assert.match(text.toLowerCase(), /deposit/);
  }
  assert.match(
    await page.locator("#faq-count").innerText(),
    new RegExp(`${shown} of ${FAQ.length}`),
  );
  // Enter must not reload the page once enhanced.
  await page.press("#faq-query", "Enter");
  assert.equal(new URL(page.url()).search, "");
  await page.fill("#faq-query", "qqqzzz");
  await page.waitForSelector("text=No questions match");
  await page.fill("#faq-query", "");
  await page.waitForFunction(
    (total) => document.querySelectorAll("[data-faq-entry]").length === total,
    FAQ.length,
  );
  assert.deepEqual(errors, [], "no page/CSP errors");
  await context.close();
}

/** The first Tab focuses a visible skip link that moves focus to main. */
async function checkSkipLink(origin: string, browser: Browser): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
  });
  const page = await context.newPage();
  await page.goto(`${origin}/pricing`);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => ({
    text: document.activeElement?.textContent,
    top: document.activeElement?.getBoundingClientRect().top ?? -1,
  }));
  assert.equal(focused.text, "Skip to main content");
  assert.ok(focused.top >= 0, "skip link visible when focused");
  await page.keyboard.press("Enter");
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    "main",
  );
  await context.close();
}

Deno.test({
  name: "browser: accessibility, no-JS menu, FAQ island under CSP, skip link",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withServerAndBrowser(async (origin, browser) => {
      await t.step(
        "WCAG 2.1 AA (axe-core) on the contact form's errors",
        () => checkAccessibility(origin, browser),
      );
      await t.step(
        "mobile menu works without JavaScript",
        () => checkNoJsMenu(origin, browser),
      );
      await t.step(
        "FAQ island filters under the CSP; home has no JS",
        () => checkFaqIsland(origin, browser),
      );
      await t.step("skip link", () => checkSkipLink(origin, browser));
    });
  },
});
