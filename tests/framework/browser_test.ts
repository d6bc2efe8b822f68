/**
 * Real-browser tests (Chromium via playwright-core) against the fixture app
 * served over real HTTP under `Content-Security-Policy: script-src 'self'`:
 * islands hydrate, a signal prop drives several islands, props survive the
 * wire format, and twind styles classes added only on the client.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { fixture } from "./helpers.ts";

const skip = skipWithoutChromium("framework browser tests");

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";

type PageFn = (page: Page, base: string, errors: string[]) => Promise<void>;

async function withBrowser(
  fn: (withPage: (f: PageFn) => Promise<void>) => Promise<void>,
) {
  const handler = await fixture();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req, info) => {
      const res = await handler(req, info);
      if (res.headers.get("content-type")?.startsWith("text/html")) {
        const headers = new Headers(res.headers);
        headers.set("content-security-policy", CSP);
        return new Response(res.body, { status: res.status, headers });
      }
      return res;
    },
  );
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const base = `http://127.0.0.1:${server.addr.port}`;
    const b = browser;
    await fn(async (f) => {
      const page = await b.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        // Failed loads are reported by URL below (the browser's own favicon probe is not ours).
        if (
          m.type() === "error" &&
          !m.text().startsWith("Failed to load resource")
        ) {
          errors.push(m.text());
        }
      });
      page.on("response", (r) => {
        if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) {
          errors.push(`${r.status()} ${r.url()}`);
        }
      });
      try {
        await f(page, base, errors);
      } finally {
        await page.close();
      }
    });
  } finally {
    await browser?.close();
    await server.shutdown();
  }
}

async function hydrated(page: Page): Promise<void> {
  // The Props island renders the ISO date only after client hydration.
  await page.waitForFunction(() =>
    document.querySelector(".props")?.textContent?.includes(
      "2030-01-02T00:00:00.000Z",
    )
  );
}

Deno.test({
  name: "browser: islands, signals, wire format and twind in Chromium",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: (t) =>
    withBrowser(async (withPage) => {
      await t.step(
        "an island hydrates, a click changes the DOM, slot HTML is kept",
        () =>
          withPage(async (page, base, errors) => {
            await page.goto(`${base}/islands`);
            await hydrated(page);
            const counter = page.locator(".counter").first();
            assert.equal(await counter.locator(".count").textContent(), "10");
            await counter.locator("button").click();
            await page.waitForFunction(() =>
              document.querySelector(".counter .count")?.textContent === "11"
            );
            assert.equal(await counter.locator(".slot-child").count(), 1);
            // hydration reuses the server DOM instead of adding a second copy
            assert.equal(await page.locator(".counter").count(), 2);
            assert.equal(await page.locator(".sig-view").count(), 3);
            // children that were not rendered on the server come from the template
            await page.locator(".disclose").click();
            await page.waitForSelector(".disclosed .hidden-child");
            assert.equal(
              await page.locator(".disclosed .hidden-child").textContent(),
              "from the template",
            );
            assert.match(
              (await counter.locator(".slot-child").textContent())!,
              /server child/,
            );
            assert.deepEqual(errors, []);
          }),
      );

      await t.step(
        "one signal prop updates several islands; props survive the wire",
        () =>
          withPage(async (page, base, errors) => {
            await page.goto(`${base}/islands`);
            await hydrated(page);
            assert.equal(
              await page.locator(".props").textContent(),
              "bigint:12345678901234567890|1,2,255|2030-01-02T00:00:00.000Z|true",
            );
            await page.locator(".sig-inc").click();
            await page.waitForFunction(() =>
              document.querySelector(".sig-a")?.textContent === "6" &&
              document.querySelector(".sig-b")?.textContent === "6"
            );
            assert.equal(await page.locator(".sig-nested").textContent(), "6");
            assert.deepEqual(errors, []);
          }),
      );

      await t.step(
        "twind styles a class that only exists after a client update",
        () =>
          withPage(async (page, base, errors) => {
            const scripts: string[] = [];
            page.on("request", (r) => {
              if (r.url().includes("/_frsh/js/")) scripts.push(r.url());
            });
            await page.goto(`${base}/islands`);
            await hydrated(page);
            assert.ok(
              !(await page.content()).includes("rgb(1,2,3)"),
              "not in server CSS",
            );
            assert.equal(
              await page.locator(".tw-toggle").evaluate((el) =>
                getComputedStyle(el).paddingTop
              ),
              "8px",
            );
            const beforeClick = scripts.length;
            await page.locator(".tw-toggle").click();
            await page.waitForSelector(".tw-added");
            await page.waitForFunction(() => {
              const el = document.querySelector(".tw-added");
              return el !== null &&
                getComputedStyle(el).color === "rgb(1, 2, 3)";
            });
            assert.equal(
              await page.locator(".tw-added").evaluate((el) =>
                getComputedStyle(el).marginTop
              ),
              "7px",
            );
            // twind itself is only fetched once an unknown class shows up
            assert.ok(
              scripts.length > beforeClick,
              "twind loaded lazily after the click",
            );
            assert.deepEqual(errors, []);
          }),
      );
    }),
});
