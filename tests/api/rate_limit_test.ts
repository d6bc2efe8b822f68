/**
 * Per-IP rate limits on the public write endpoints: 429 `RATE_LIMITED` with
 * Retry-After, keyed by the connection's address; behind `TRUST_PROXY=N`
 * proxies the client is the N-th `x-forwarded-for` entry from the right.
 */
import assert from "node:assert/strict";
import { clientIp } from "../../lib/http/route.ts";
import { startApp } from "../support/app.ts";
import { postJson, quoteBody } from "./support.ts";

Deno.test({
  name:
    "rate limits: 429 with Retry-After per client IP; x-forwarded-for only behind a trusted proxy",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({
      env: {
        RATE_LIMITS: "quote=2/60s,holds=1/60s,bookings=1/60s",
      },
    });
    try {
      await t.step(
        "third quote from one IP within the window is refused",
        async () => {
          for (let i = 0; i < 2; i++) {
            const ok = await app.fetch("/api/quote", {
              ...postJson(quoteBody()),
              ip: "203.0.113.7",
            });
            assert.equal(ok.status, 200);
            await ok.body?.cancel();
          }
          const res = await app.fetch("/api/quote", {
            ...postJson(quoteBody()),
            ip: "203.0.113.7",
          });
          assert.equal(res.status, 429);
          const retry = Number(res.headers.get("retry-after"));
          assert.ok(
            Number.isInteger(retry) && retry >= 1 && retry <= 60,
            String(retry),
          );
          const body = await res.json();
          assert.equal(body.error.code, "RATE_LIMITED");
          // Another client is unaffected.
          const other = await app.fetch("/api/quote", {
            ...postJson(quoteBody()),
            ip: "203.0.113.8",
          });
          assert.equal(other.status, 200);
          await other.body?.cancel();
        },
      );

      await t.step(
        "bookings and holds are limited before anything is written",
        async () => {
          const first = await app.fetch("/api/bookings", {
            ...postJson({}),
            ip: "198.51.100.1",
          });
          assert.equal(first.status, 422);
          await first.body?.cancel();
          const second = await app.fetch("/api/bookings", {
            ...postJson({}),
            ip: "198.51.100.1",
          });
          assert.equal(second.status, 429);
          assert.ok(second.headers.get("retry-after"));
          await second.body?.cancel();
          const h1 = await app.fetch("/api/holds", {
            ...postJson({}),
            ip: "198.51.100.1",
          });
          await h1.body?.cancel();
          const h2 = await app.fetch("/api/holds", {
            ...postJson({}),
            ip: "198.51.100.1",
          });
          assert.equal(h2.status, 429);
          await h2.body?.cancel();
        },
      );

      await t.step(
        "a forged x-forwarded-for does not dodge the limit without TRUST_PROXY",
        async () => {
          const res = await app.fetch("/api/quote", {
            ...postJson(quoteBody(), { "x-forwarded-for": "192.0.2.55" }),
            ip: "203.0.113.7",
          });
          assert.equal(res.status, 429);
          await res.body?.cancel();
        },
      );

      await t.step(
        "with TRUST_PROXY=1 the proxy's entry (right-most) is the client; a forged left part changes nothing",
        async () => {
          const proxied = await startApp({
            env: { RATE_LIMITS: "quote=1/60s", TRUST_PROXY: "1" },
          });
          try {
            const first = await proxied.fetch("/api/quote", {
              ...postJson(quoteBody(), { "x-forwarded-for": "192.0.2.55" }),
              ip: "10.0.0.1",
            });
            assert.equal(first.status, 200);
            await first.body?.cancel();
            // Same client behind the proxy, with a made-up address in front.
            const forged = await proxied.fetch("/api/quote", {
              ...postJson(quoteBody(), {
                "x-forwarded-for": "198.51.100.77, 192.0.2.55",
              }),
              ip: "10.0.0.1",
            });
            assert.equal(forged.status, 429);
            await forged.body?.cancel();
            // Another client behind the same proxy has its own allowance.
            const other = await proxied.fetch("/api/quote", {
              ...postJson(quoteBody(), { "x-forwarded-for": "192.0.2.56" }),
              ip: "10.0.0.1",
            });
            assert.equal(other.status, 200);
            await other.body?.cancel();
          } finally {
            await proxied.dispose();
          }
          const req = new Request("http://x/", {
            headers: {
              "x-forwarded-for": " 203.0.113.1, 192.0.2.9 , 10.0.0.2",
            },
          });
          const conn = {
            remoteAddr: {
              hostname: "10.0.0.1",
              port: 1,
              transport: "tcp" as const,
            },
          };
          assert.equal(clientIp(req, conn, 1), "10.0.0.2");
          assert.equal(clientIp(req, conn, 2), "192.0.2.9");
          assert.equal(clientIp(req, conn, 0), "10.0.0.1");
          // Fewer entries than trusted proxies: the connection's address.
          assert.equal(clientIp(req, conn, 5), "10.0.0.1");
        },
      );

      await t.step("RATE_LIMITS=off disables limits", async () => {
        await app.dispose();
        const open = await startApp({ env: { RATE_LIMITS: "off" } });
        try {
          for (let i = 0; i < 5; i++) {
            const res = await open.fetch("/api/quote", {
              ...postJson(quoteBody()),
              ip: "203.0.113.9",
            });
            assert.equal(res.status, 200);
            await res.body?.cancel();
          }
        } finally {
          await open.dispose();
        }
      });
    } finally {
      await app.dispose();
    }
  },
});
