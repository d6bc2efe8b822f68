/**
 * SPEC §6: the booking page ships at most 30 kB of gzipped JavaScript. Counts
 * every script and modulepreload the date step (the page with the most
 * islands) references, fetched from the real app and gzipped at level 9 like
 * a production server would.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { fetchHtml, pagesApp, stepForm, submitStep } from "./support.ts";

const BUDGET_BYTES = 30 * 1024;

function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    urls.add(m[1]);
  }
  for (
    const m of html.matchAll(
      /<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g,
    )
  ) {
    urls.add(m[1]);
  }
  for (
    const m of html.matchAll(
      /<link\b[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g,
    )
  ) {
    urls.add(m[1]);
  }
  return [...urls];
}

Deno.test({
  name: "booking page JavaScript stays within 30 kB gzipped",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await pagesApp();
    try {
      const first = await fetchHtml(app, "/book");
      stepForm(first.html);
      const address = await submitStep(app, first.html, {
        adults: "2",
        "proteins.chicken": "4",
      });
      const slot = await submitStep(app, address.html, {
        "address.line1": "1 A St",
        "address.city": "Fremont",
        "address.state": "CA",
        zip: "94539",
      });
      const urls = scriptUrls(slot.html);
      assert.ok(urls.some((u) => /island-slotpicker/i.test(u)), urls.join(" "));
      // Static imports of the entry modules, so lazily split chunks count too.
      const seen = new Set<string>();
      const queue = [...urls];
      let total = 0;
      const sizes: string[] = [];
      while (queue.length) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const { res, html: js } = await fetchHtml(app, url);
        assert.equal(res.status, 200, url);
        const gz = gzipSync(new TextEncoder().encode(js), { level: 9 }).length;
        total += gz;
        sizes.push(`${url.split("/").at(-1)} ${gz}`);
        for (const m of js.matchAll(/from\s*"(\.\/[^"]+\.js)"/g)) {
          queue.push(new URL(m[1], `http://x${url}`).pathname);
        }
      }
      console.log(
        `booking page JS: ${total} bytes gzipped (${sizes.join(", ")})`,
      );
      assert.ok(
        total <= BUDGET_BYTES,
        `${total} > ${BUDGET_BYTES}: ${sizes.join(", ")}`,
      );
    } finally {
      await app.dispose();
    }
  },
});
