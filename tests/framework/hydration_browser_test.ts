/**
 * Hydration in Chromium on small apps of tests/framework/compat_app: island
 * markers leave the document, server-rendered and user-changed form state
 * survives hydration, plugin islands hydrate, and a failing plugin script
 * reaches the console without stopping the page.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { skipWithoutChromium, withChromium } from "../support/browser.ts";
import { createHandler, type Manifest } from "$fresh/server.ts";
import { cspManifest, formManifest } from "./compat_app/routes.tsx";
import { failingScriptPlugin, islandPlugin } from "./compat_app/plugin.tsx";

const skip = skipWithoutChromium("framework hydration browser tests");

/**
 * Serves `manifest` and opens a page in a new context of `browser` (the
 * test's one Chromium: each step gets its own cookies, storage and cache).
 */
async function withPage(
  browser: Browser,
  manifest: Manifest,
  plugins: Parameters<typeof createHandler>[1],
  fn: (page: Page, base: string, errors: string[]) => Promise<void>,
) {
  const handler = await createHandler(manifest, plugins);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    handler,
  );
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await fn(page, `http://127.0.0.1:${server.addr.port}`, errors);
  } finally {
    await context.close();
    await server.shutdown();
  }
}

function markerComments(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_COMMENT,
    );
    const out: string[] = [];
    while (walker.nextNode()) out.push((walker.currentNode as Comment).data);
    return out.filter((d) => /^\/?frsh-/.test(d));
  });
}

const formState = (page: Page) =>
  page.evaluate(() => {
    const form = document.querySelector("form")!;
    const el = (name: string) =>
      form.elements.namedItem(name) as HTMLInputElement;
    return {
      a: el("a").checked,
      b: el("b").checked,
      r: (form.querySelector("input[name=r]:checked") as HTMLInputElement)
        ?.value,
      s: (form.elements.namedItem("s") as HTMLSelectElement).value,
      t: el("t").value,
      ta: (form.elements.namedItem("ta") as HTMLTextAreaElement).value,
    };
  });

Deno.test({
  name:
    "browser: markers removed, form state kept, plugin islands, plugin script errors",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: (t) =>
    withChromium(async (browser) => {
      await t.step(
        "server form state survives and markers leave the document",
        () =>
          withPage(browser, formManifest, {}, async (page, base, errors) => {
            await page.goto(`${base}/form`);
            await page.waitForSelector("form[data-hydrated=true]");
            assert.deepEqual(await formState(page), {
              a: true,
              b: false,
              r: "2",
              s: "y",
              t: "server",
              ta: "server text",
            });
            assert.deepEqual(await markerComments(page), []);
            // the island still renders in place without its markers
            await page.locator(".more").click();
            await page.waitForSelector(".extra");
            assert.equal(
              await page.evaluate(() =>
                [...document.getElementById("wrap")!.children].map((e) =>
                  e.className || e.localName
                ).join(",")
              ),
              "more,form-island,extra,after",
            );
            assert.deepEqual(errors, []);
          }),
      );

      await t.step(
        "what the user changed before hydration is kept",
        () =>
          withPage(browser, formManifest, {}, async (page, base, errors) => {
            // Hold the island chunk until the user has edited the form.
            const { promise: edited, resolve } = Promise.withResolvers<void>();
            await page.route(/island-formisland\.js/, async (route) => {
              await edited;
              await route.continue();
            });
            await page.goto(`${base}/form`, { waitUntil: "domcontentloaded" });
            await page.locator("input[name=a]").uncheck();
            await page.locator("input[name=b]").check();
            await page.locator("input[name=r][value='1']").check();
            await page.locator("select").selectOption("x");
            await page.locator("input[name=t]").fill("typed");
            await page.locator("textarea").fill("typed text");
            assert.equal(
              await page.locator("form").getAttribute("data-hydrated"),
              "false",
            );
            resolve();
            await page.waitForSelector("form[data-hydrated=true]");
            assert.deepEqual(await formState(page), {
              a: false,
              b: true,
              r: "1",
              s: "x",
              t: "typed",
              ta: "typed text",
            });
            assert.deepEqual(errors, []);
          }),
      );

      await t.step(
        "an island from a plugin hydrates",
        () =>
          withPage(
            browser,
            { ...formManifest, islands: {}, routes: {} },
            { plugins: [islandPlugin()] },
            async (page, base, errors) => {
              await page.goto(`${base}/plugin-island`);
              const button = page.locator(".plugin-counter");
              assert.equal(await button.textContent(), "5");
              // clicking until the hydrated handler reacts needs no timing guess
              await page.waitForFunction(() => {
                const b = document.querySelector<HTMLButtonElement>(
                  ".plugin-counter",
                )!;
                b.click();
                return b.textContent !== "5";
              });
              assert.deepEqual(errors, []);
            },
          ),
      );

      await t.step(
        "an inline boot script runs under the route's nonce-based CSP",
        () =>
          withPage(
            browser,
            cspManifest,
            { bootScript: "inline" },
            async (page, base, errors) => {
              const refused: string[] = [];
              page.on("console", (m) => {
                if (/Content Security Policy/i.test(m.text())) {
                  refused.push(m.text());
                }
              });
              const res = await page.goto(`${base}/secure`);
              assert.match(
                (await res!.headerValue("content-security-policy"))!,
                /script-src 'self' 'nonce-/,
              );
              await page.waitForSelector("form[data-hydrated=true]");
              assert.equal(
                await page.evaluate(() => "inlineRan" in window),
                true,
              );
              assert.deepEqual(refused, []);
              assert.deepEqual(errors, []);
            },
          ),
      );

      await t.step(
        "a failing plugin script reaches the console; islands still hydrate",
        () =>
          withPage(
            browser,
            formManifest,
            { plugins: [failingScriptPlugin()] },
            async (page, base, errors) => {
              const failed = page.waitForEvent("pageerror");
              await page.goto(`${base}/form`);
              assert.match(String(await failed), /plugin script failed/);
              await page.waitForSelector("form[data-hydrated=true]");
              assert.equal(errors.length, 1);
            },
          ),
      );
    }),
});
