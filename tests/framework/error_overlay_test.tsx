/**
 * The development error overlay (Fresh 1.7, dev profile only): an error page
 * in development carries `#fresh-error-overlay` with the message, code
 * frame and stack, over the app's `_500` page or the built-in one; Fresh's
 * `/_frsh/error_overlay` URL shows it as a page; production shows none of
 * it. In Chromium, under a strict CSP that forbids framing, the overlay is
 * visible and its Close button hides it without a script.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser.ts";
import { createHandler, type Manifest } from "$fresh/server.ts";

function thrower(): never {
  throw new Error("kaboom <b>not markup</b>\nsecond line");
}

const routes: Manifest["routes"] = {
  "./routes/boom.tsx": { default: () => <p>{thrower()}</p> },
  "./routes/ok.tsx": { default: () => <p>fine</p> },
};

const withPage: Manifest = {
  baseUrl: new URL("./partials_app/fresh.gen.ts", import.meta.url).href,
  islands: {},
  routes: {
    ...routes,
    "./routes/_500.tsx": {
      default: ({ error }: { error: unknown }) => (
        <h1 class="app-500">
          Sorry: {(error as Error).message.split("\n")[0]}
        </h1>
      ),
    },
  },
};
const builtIn: Manifest = { ...withPage, routes };

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const error = console.error;
  console.error = () => {};
  try {
    return await fn();
  } finally {
    console.error = error;
  }
}

async function page(manifest: Manifest, dev: boolean, path: string) {
  const handler = await createHandler(manifest, { dev });
  return await quietly(async () => {
    const res = await handler(new Request(`http://localhost${path}`));
    return [res.status, await res.text()] as const;
  });
}

const overlay = (html: string) =>
  /<dialog id="fresh-error-overlay"[^]*?<\/dialog>/.exec(html)?.[0] ?? null;

Deno.test("development: the app's 500 page comes with the overlay", async () => {
  const [status, html] = await page(withPage, true, "/boom");
  assert.equal(status, 500);
  assert.match(html, /<h1 class="app-500">Sorry: kaboom/);
  const o = overlay(html);
  assert.ok(o, "overlay present");
  assert.match(
    o,
    /<h1 class="title"[^>]*>kaboom &lt;b&gt;not markup&lt;\/b&gt;<\/h1>/,
    "first line of the message, escaped",
  );
  assert.doesNotMatch(o, /second line<\/h1>/);
  assert.match(o, /<pre class="code-frame">[^<]*&gt; *\d+ \| +throw new Error/);
  assert.match(
    o,
    /<pre class="stack">Error: kaboom[^]*error_overlay_test\.tsx/,
  );
  assert.match(o, /<form method="dialog"><button type="submit" class="close">/);
  // the overlay is not a script: it works under script-src 'self'
  assert.doesNotMatch(o, /<script/);
});

Deno.test("development: the built-in error page comes with the overlay", async () => {
  const [status, html] = await page(builtIn, true, "/boom");
  assert.equal(status, 500);
  assert.match(html, /An error occurred during route handling/);
  assert.match(overlay(html) ?? "", /class="title"[^>]*>kaboom/);
});

Deno.test("production never shows the overlay", async () => {
  for (const manifest of [withPage, builtIn]) {
    const [status, html] = await page(manifest, false, "/boom");
    assert.equal(status, 500);
    assert.doesNotMatch(
      html,
      /fresh-error-overlay|code-frame|error_overlay_test/,
    );
  }
  const [status] = await page(
    withPage,
    false,
    "/_frsh/error_overlay?message=x",
  );
  assert.equal(status, 404);
});

Deno.test("pages without errors have no overlay in development", async () => {
  const [status, html] = await page(withPage, true, "/ok");
  assert.equal(status, 200);
  assert.equal(overlay(html), null);
});

Deno.test("development: Fresh's overlay URL renders the overlay page", async () => {
  const q = new URLSearchParams({
    message: "bad <thing>",
    stack: "Error: bad\n    at x (file:///a.ts:1:1)",
    "code-frame": "> 1 | x",
  });
  const [status, html] = await page(
    withPage,
    true,
    `/_frsh/error_overlay?${q}`,
  );
  assert.equal(status, 200);
  assert.match(html, /<h1 class="title"[^>]*>bad &lt;thing&gt;<\/h1>/);
  assert.match(html, /<pre class="code-frame">&gt; 1 \| x<\/pre>/);
  assert.match(html, /<pre class="stack">Error: bad/);
});

Deno.test({
  name: "browser: the overlay shows over the error page and closes without JS",
  ignore: skipWithoutChromium("error overlay browser test"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const handler = await createHandler(withPage, { dev: true });
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      async (req) => {
        const res = await quietly(() => handler(req));
        const headers = new Headers(res.headers);
        headers.set(
          "content-security-policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        );
        headers.set("x-frame-options", "DENY");
        return new Response(res.body, { status: res.status, headers });
      },
    );
    let browser: Browser | null = null;
    try {
      browser = await launchChromium();
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on("console", (m) => {
        if (
          m.type() === "error" &&
          !m.text().startsWith("Failed to load resource")
        ) {
          errors.push(m.text());
        }
      });
      await p.goto(`http://127.0.0.1:${server.addr.port}/boom`);
      const dialog = p.locator("#fresh-error-overlay");
      assert.equal(await dialog.isVisible(), true);
      assert.match((await p.locator(".title").textContent())!, /^kaboom/);
      // it covers the page
      const box = (await dialog.boundingBox())!;
      const viewport = p.viewportSize()!;
      assert.equal(Math.round(box.width), viewport.width);
      assert.equal(Math.round(box.height), viewport.height);
      await p.locator("#fresh-error-overlay button.close").click();
      await p.waitForFunction(() =>
        !(document.getElementById("fresh-error-overlay") as HTMLDialogElement)
          .open
      );
      assert.equal(await dialog.isVisible(), false);
      assert.equal(await p.locator(".app-500").isVisible(), true);
      assert.deepEqual(errors, [], "no CSP violations");
    } finally {
      await browser?.close();
      await server.shutdown();
    }
  },
});
