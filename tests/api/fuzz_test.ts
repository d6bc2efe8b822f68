/**
 * fast-check fuzzing of every public booking endpoint through the real app
 * on a real database: arbitrary JSON bodies (and near-valid ones with one
 * field replaced), query strings and headers never get a 5xx, and a 4xx
 * never writes a row.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { startApp } from "../support/app.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";

import { bookingBody, quoteBody, writeCounts } from "./support.ts";

const RUNS = 120;

Deno.test({
  name: "fuzzed requests to every public endpoint: never 5xx, no write on 4xx",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const now = testInstant("12:00");
    const app = await startApp({
      env: { RATE_LIMITS: "off" },
      clock: fixedClock(now),
    });
    const friday = nextWeekday(5, daysAfter(now, 40));
    const valid: Record<string, Record<string, unknown>> = {
      "/api/quote": quoteBody(),
      "/api/holds": { date: friday, time: "18:00" },
      "/api/bookings": bookingBody(friday, "12:00"),
    };
    const header = fc.tuple(
      fc.constantFrom(
        "x-forwarded-for",
        "content-length",
        "accept",
        "x-request-id",
        "cookie",
        "content-type",
      ),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
    );

    const send = async (path: string, init: RequestInit) => {
      const before = await writeCounts(app.db);
      let res: Response;
      try {
        res = await app.fetch(path, init);
      } catch (err) {
        throw new Error(`${path} threw: ${err}`);
      }
      const text = await res.text();
      assert.ok(
        res.status < 500,
        `${path} ${init.method ?? "GET"} → ${res.status} ${text.slice(0, 300)}`,
      );
      if (res.status >= 400) {
        assert.deepEqual(
          await writeCounts(app.db),
          before,
          `${path} ${res.status} wrote rows`,
        );
        if (res.status !== 405) assert.ok(JSON.parse(text).error.code, text);
      }
      return res.status;
    };

    try {
      for (const path of Object.keys(valid)) {
        await t.step(`${path}: arbitrary JSON bodies`, async () => {
          await fc.assert(
            fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
              await send(path, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
              });
            }),
            { numRuns: RUNS },
          );
        });
        await t.step(
          `${path}: near-valid bodies with one field replaced`,
          async () => {
            const base = valid[path];
            const keys = Object.keys(base);
            await fc.assert(
              fc.asyncProperty(
                fc.constantFrom(...keys, "extra"),
                fc.oneof(
                  fc.jsonValue({ maxDepth: 3 }),
                  fc.integer(),
                  fc.double(),
                  fc.string({ maxLength: 30 }),
                  fc.constantFrom(
                    -1,
                    0,
                    51,
                    1e9,
                    "2027-02-30",
                    "24:00",
                    "99999",
                    null,
                  ),
                ),
                fc.array(header, { maxLength: 3 }),
                async (key, value, headers) => {
                  const body = { ...base, [key]: value };
                  const h = new Headers(
                    headers.filter(([k]) =>
                      k !== "content-length" && k !== "content-type"
                    ),
                  );
                  h.set("content-type", "application/json");
                  await send(path, {
                    method: "POST",
                    headers: h,
                    body: JSON.stringify(body),
                  });
                },
              ),
              { numRuns: RUNS },
            );
          },
        );
        await t.step(`${path}: raw bytes and odd content types`, async () => {
          await fc.assert(
            fc.asyncProperty(
              fc.string({ maxLength: 200 }),
              fc.constantFrom(
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "",
              ),
              async (raw, type) => {
                await send(path, {
                  method: "POST",
                  headers: type ? { "content-type": type } : {},
                  body: raw,
                });
              },
            ),
            { numRuns: RUNS },
          );
        });
      }
      await t.step(
        "GET /api/availability and /api/bookings/{ref}: arbitrary query strings and headers",
        async () => {
          const qs = fc.array(
            fc.tuple(
              fc.constantFrom("from", "to", "location", "token", "x", "from"),
              fc.oneof(
                fc.string({ maxLength: 20 }),
                fc.constantFrom(friday, "2027-02-30", "fremont", "sacramento"),
              ),
            ),
            { maxLength: 4 },
          );
          await fc.assert(
            fc.asyncProperty(
              qs,
              fc.array(header, { maxLength: 3 }),
              fc.string({ maxLength: 20 }),
              async (params, headers, ref) => {
                const search = new URLSearchParams(params).toString();
                const h = new Headers(
                  headers.filter(([k]) => k !== "content-length"),
                );
                await send(`/api/availability?${search}`, { headers: h });
                await send(
                  `/api/bookings/${
                    encodeURIComponent(ref) || "MH-AAAAAA"
                  }?${search}`,
                  { headers: h },
                );
              },
            ),
            { numRuns: RUNS },
          );
        },
      );
      await t.step("manage actions: arbitrary bodies", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("cancel", "reschedule"),
            fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.record({
                token: fc.string({ maxLength: 60 }),
                date: fc.string(),
                time: fc.string(),
              }),
            ),
            async (action, body) => {
              await send(`/api/bookings/MH-ABCDEF/${action}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
              });
            },
          ),
          { numRuns: RUNS },
        );
      });
    } finally {
      await app.dispose();
    }
  },
});
