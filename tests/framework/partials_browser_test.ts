/**
 * Partials in Chromium on tests/framework/partials_app: client navigation
 * swaps the `body` partial without a page load, updates title and history,
 * hydrates islands of the new content and unmounts the old ones; back and
 * forward work; `f-partial` links, append/prepend buttons and forms; and
 * every failure (404, unknown partial name, invalid or cross-origin
 * `f-partial`, `f-client-nav={false}`) becomes a full page load, with the
 * reason logged in development.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { createHandler } from "$fresh/server.ts";
import { partialsManifest, releaseSlow } from "./partials_app/routes.tsx";

const skip = skipWithoutChromium("framework partials browser tests");

interface Session {
  page: Page;
  base: string;
  errors: string[];
  consoleErrors: string[];
  /** Paths of document (full page) loads. */
  documents: string[];
}

async function withApp(
  dev: boolean,
  fn: (open: () => Promise<Session>) => Promise<void>,
) {
  const handler = await createHandler(partialsManifest, { dev });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    handler,
  );
  let browser: Browser | null = null;
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    browser = await launchChromium();
    // One context for the module: a page of an open context starts in a
    // fraction of a new context's time, and a page's history, scripts and
    // window are its own. A step's page is closed when the next opens.
    const context = await browser.newContext();
    let last: Page | null = null;
    await fn(async () => {
      await last?.close();
      const page = last = await context.newPage();
      const s: Session = {
        page,
        base,
        errors: [],
        consoleErrors: [],
        documents: [],
      };
      page.on("pageerror", (e) => s.errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") s.consoleErrors.push(m.text());
      });
      page.on("request", (r) => {
        if (r.resourceType() === "document") {
          s.documents.push(new URL(r.url()).pathname);
        }
      });
      return s;
    });
  } finally {
    await browser?.close();
    await server.shutdown();
  }
}

/** Open `/` and wait for islands and client navigation. */
async function start(s: Session, path = "/"): Promise<void> {
  await s.page.goto(`${s.base}${path}`);
  await s.page.waitForFunction(() =>
    document.querySelector("script[data-fresh]") &&
    !document.body.innerHTML.includes("<!--frsh-partial")
  );
  // A value that survives only as long as no full page load happens.
  await s.page.evaluate(() => {
    (window as unknown as { kept: boolean }).kept = true;
  });
}

const kept = (page: Page) =>
  page.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);

Deno.test({
  name: "browser: partial navigation in Chromium",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: (t) =>
    withApp(false, async (open) => {
      await t.step("a link swaps the partial, title and history", async () => {
        const s = await open();
        await start(s);
        const { page } = s;
        await page.locator(".clicker").click();
        await page.waitForFunction(() =>
          document.querySelector(".clicker")?.textContent === "a:2"
        );
        await page.locator("a.to-b").click();
        await page.waitForSelector(".page-b");
        assert.equal(new URL(page.url()).pathname, "/b");
        assert.equal(await page.title(), "Page B");
        assert.equal(
          await page.locator('meta[name="description"]').first().getAttribute(
            "content",
          ),
          "Page B",
        );
        assert.equal(await kept(page), true, "no full page load");
        assert.equal(await page.locator(".page-a").count(), 0);
        assert.equal(await page.locator("nav").count(), 1);
        // the old island was unmounted, the new one hydrates
        assert.deepEqual(
          await page.evaluate(() =>
            (globalThis as { unmounted?: string[] }).unmounted
          ),
          ["a"],
        );
        await page.locator(".clicker").click();
        await page.waitForFunction(() =>
          document.querySelector(".clicker")?.textContent === "b:6"
        );
        // no partial markers left in the document
        assert.equal(
          await page.evaluate(() => document.body.innerHTML.includes("<!--")),
          false,
        );
        // back and forward fetch the partials again
        await page.goBack();
        await page.waitForSelector(".page-a");
        assert.equal(new URL(page.url()).pathname, "/");
        assert.equal(await page.title(), "Page A");
        await page.goForward();
        await page.waitForSelector(".page-b");
        assert.equal(await kept(page), true);
        await page.locator(".clicker").click();
        await page.waitForFunction(() =>
          document.querySelector(".clicker")?.textContent === "b:6"
        );
        assert.deepEqual(s.documents, ["/"]);
        assert.deepEqual(s.errors, []);
      });

      await t.step(
        "f-partial fetches another URL, history gets href",
        async () => {
          const s = await open();
          await start(s);
          const fetched: string[] = [];
          s.page.on("request", (r) => fetched.push(r.url()));
          await s.page.locator("a.to-b-fast").click();
          await s.page.waitForSelector(".page-b");
          assert.equal(
            await s.page.locator("h1").textContent(),
            "Page B (fast)",
          );
          assert.equal(new URL(s.page.url()).pathname, "/b");
          assert.ok(
            fetched.some((u) => u.includes("/partials/b?fresh-partial=true")),
            fetched.join("\n"),
          );
          assert.equal(await kept(s.page), true);
        },
      );

      await t.step("a redirect lands on the page redirected to", async () => {
        const s = await open();
        await start(s);
        await s.page.locator("a.to-moved").click();
        await s.page.waitForSelector(".page-b");
        assert.equal(new URL(s.page.url()).pathname, "/b");
        assert.equal(new URL(s.page.url()).search, "");
        assert.equal(await kept(s.page), true);
      });

      await t.step("append and prepend buttons add content", async () => {
        const s = await open();
        await start(s, "/list");
        const { page } = s;
        const items = () => page.locator(".items .item").allTextContents();
        assert.deepEqual(await items(), ["item-0", "item-1"]);
        await page.locator("button.more").click();
        await page.waitForFunction(() =>
          document.querySelectorAll(".items .item").length === 4
        );
        assert.deepEqual(await items(), [
          "item-0",
          "item-1",
          "item-2",
          "item-3",
        ]);
        // the island that came with the appended content hydrates
        await page.locator(".items .clicker").click();
        await page.waitForFunction(() =>
          document.querySelector(".items .clicker")?.textContent === "more-2:1"
        );
        await page.locator("button.earlier").click();
        await page.waitForFunction(() =>
          document.querySelectorAll(".item").length === 6
        );
        assert.deepEqual(
          await page.locator("ul:not(.items) .item").allTextContents(),
          ["earlier", "first"],
        );
        assert.equal(new URL(page.url()).pathname, "/list");
        assert.equal(await kept(page), true);
        assert.deepEqual(s.errors, []);
      });

      await t.step("forms: GET and POST/redirect/GET", async () => {
        const s = await open();
        await start(s, "/forms");
        const { page } = s;
        await page.locator("form.search input").fill("sushi");
        await page.locator("form.search button").click();
        await page.waitForFunction(() =>
          document.querySelector(".query")?.textContent === "sushi"
        );
        assert.equal(new URL(page.url()).search, "?q=sushi");
        assert.equal(await page.locator(".was-partial").textContent(), "true");
        await page.locator("form.save input").fill("Ann");
        await page.locator("form.save button").click();
        await page.waitForFunction(() =>
          document.querySelector(".saved")?.textContent !== ""
        );
        assert.match(new URL(page.url()).search, /^\?saved=\d+$/);
        assert.equal(await kept(page), true);
        assert.deepEqual(s.documents, ["/forms"]);
      });

      await t.step(
        "f-loading is true while the partial request runs",
        async () => {
          const s = await open();
          await start(s, "/loading");
          const { page } = s;
          const spinner = () => page.locator(".spinner").textContent();
          assert.equal(await spinner(), "idle");
          await page.locator("a.slow-link").click();
          await page.waitForFunction(() =>
            document.querySelector(".spinner")?.textContent === "loading"
          );
          assert.equal(
            await page.locator(".load-state").textContent(),
            "start",
          );
          releaseSlow();
          await page.waitForFunction(() =>
            document.querySelector(".load-state")?.textContent === "done"
          );
          await page.waitForFunction(() =>
            document.querySelector(".spinner")?.textContent === "idle"
          );
          assert.equal(await kept(page), true);
          assert.deepEqual(s.errors, []);
        },
      );

      await t.step("failures fall back to a full page load", async () => {
        const cases: [string, string, string][] = [
          ["a.to-missing", "/missing", ".not-found"],
          ["a.to-foreign", "/foreign", ".foreign"],
          ["a.to-bad", "/b", ".page-b"],
          ["a.to-cross", "/b", ".page-b"],
          ["a.to-b-full", "/b", ".page-b"],
        ];
        for (const [link, path, selector] of cases) {
          const s = await open();
          await start(s);
          await s.page.locator(link).click();
          await s.page.waitForSelector(selector);
          assert.equal(new URL(s.page.url()).pathname, path, link);
          assert.equal(await kept(s.page), false, `${link}: full page load`);
          // production: no noise in the console
          assert.deepEqual(
            s.consoleErrors.filter((e) => !e.includes("404")),
            [],
            link,
          );
        }
      });
    }),
});

Deno.test({
  name: "browser: partial errors are explained in development",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: (t) =>
    withApp(true, async (open) => {
      const cases: [string, RegExp][] = [
        [
          "a.to-foreign",
          /Unknown partial name "elsewhere" in the response of .*\/foreign\?fresh-partial=true; this page has "body"/,
        ],
        ["a.to-bad", /Invalid f-partial URL "http:\/\/\[bad"/],
        [
          "a.to-cross",
          /f-partial URL "http:\/\/example.com\/b" is not on this origin/,
        ],
        ["a.to-missing", /\/missing answered 404/],
      ];
      for (const [link, message] of cases) {
        await t.step(link, async () => {
          const s = await open();
          await start(s);
          await s.page.locator(link).click();
          await s.page.waitForFunction(() =>
            !(window as unknown as { kept?: boolean }).kept &&
            document.readyState === "complete"
          );
          const logged = s.consoleErrors.join("\n");
          assert.match(logged, /Partial navigation failed, loading /);
          assert.match(logged, message);
        });
      }
    }),
});
