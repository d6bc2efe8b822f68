/**
 * Per-IP rate limits on the public write endpoints: 429 `RATE_LIMITED` with
 * Retry-After, keyed by the connection's address; `x-forwarded-for` counts
 * only with `TRUST_PROXY=1`.
 */
import assert from "node:assert/strict";
import { clientIp } from "../../lib/bookings/http.ts";
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
    const savedProxy = Deno.env.get("TRUST_PROXY");
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
          Deno.env.delete("TRUST_PROXY");
          const res = await app.fetch("/api/quote", {
            ...postJson(quoteBody(), { "x-forwarded-for": "192.0.2.55" }),
            ip: "203.0.113.7",
          });
          assert.equal(res.status, 429);
          await res.body?.cancel();
        },
      );

      await t.step(
        "with TRUST_PROXY=1 the left-most x-forwarded-for is the client",
        async () => {
          Deno.env.set("TRUST_PROXY", "1");
          const res = await app.fetch("/api/quote", {
            ...postJson(quoteBody(), {
              "x-forwarded-for": "192.0.2.55, 10.0.0.1",
            }),
            ip: "203.0.113.7",
          });
          assert.equal(res.status, 200);
          await res.body?.cancel();
          const req = new Request("http://x/", {
            headers: { "x-forwarded-for": " 192.0.2.9 , 10.0.0.1" },
          });
          const conn = {
            remoteAddr: {
              hostname: "10.0.0.1",
              port: 1,
              transport: "tcp" as const,
            },
          };
          assert.equal(clientIp(req, conn, true), "192.0.2.9");
          assert.equal(clientIp(req, conn, false), "10.0.0.1");
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
      if (savedProxy === undefined) Deno.env.delete("TRUST_PROXY");
      else Deno.env.set("TRUST_PROXY", savedProxy);
      await app.dispose();
    }
  },
});
