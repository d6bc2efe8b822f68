/**
 * `GET /api/openapi.json` and `/docs/api` over the real app: the document is
 * valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator), its
 * request schemas are the zod schemas the routes validate with, and every
 * route under routes/api — each method its module handles — is in it, with
 * nothing documented that no route serves.
 */
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import { appManifest } from "../support/app.ts";
import { OPERATIONS, routeFilePath } from "../../lib/openapi/mod.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

Deno.test("openapi: route file paths map to OpenAPI paths", () => {
  assert.equal(
    routeFilePath("./routes/api/staff/bookings/[ref]/index.ts"),
    "/api/staff/bookings/{ref}",
  );
  assert.equal(
    routeFilePath("./routes/api/openapi.json.ts"),
    "/api/openapi.json",
  );
  assert.equal(routeFilePath("./routes/api/staff/_middleware.ts"), null);
  assert.equal(
    routeFilePath("./routes/api/bookings/[reference]/(_manage)/action.ts"),
    null,
  );
});

Deno.test("openapi: every route under routes/api is documented", async () => {
  const manifest = await appManifest();
  const served = new Set<string>();
  for (const [file, mod] of Object.entries(manifest.routes)) {
    if (!file.startsWith("./routes/api/")) continue;
    const path = routeFilePath(file);
    if (!path) continue;
    const handler = (mod as { handler?: Record<string, unknown> }).handler;
    assert.ok(handler && typeof handler === "object", `${file} has handlers`);
    for (const m of METHODS) {
      if (typeof handler[m] === "function") {
        served.add(`${m.toLowerCase()} ${path}`);
      }
    }
  }
  const documented = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`));
  assert.ok(served.size >= 20, "the API routes were found");
  const missing = [...served].filter((x) => !documented.has(x));
  const phantom = [...documented].filter((x) => !served.has(x));
  assert.deepEqual(missing, [], "routes missing from the document");
  assert.deepEqual(phantom, [], "documented operations no route serves");
});

Deno.test({
  name: "openapi: the served document is valid 3.1; the docs page lists it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ clock: fixedClock(testInstant()) });
    try {
      const res = await app.fetch("/api/openapi.json");
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /application\/json/);
      const doc = await res.json();
      assert.equal(doc.openapi, "3.1.0");
      const result = await new Validator().validate(doc);
      assert.equal(result.valid, true, JSON.stringify(result.errors));
      // Request schemas come from the zod schemas: strict objects, limits.
      const pay = doc.paths["/api/staff/bookings/{ref}/payments"].post;
      const body = pay.requestBody.content["application/json"].schema;
      assert.deepEqual(body.required.sort(), ["amountCents", "method"]);
      assert.equal(body.additionalProperties, false);
      assert.deepEqual(body.properties.method.enum, [
        "zelle",
        "venmo",
        "cash",
        "card",
      ]);
      assert.deepEqual(pay.security, [{ bearerAuth: [] }]);
      assert.ok(
        pay.parameters.some((p: { name: string; in: string }) =>
          p.name === "Idempotency-Key" && p.in === "header"
        ),
      );
      const list = doc.paths["/api/staff/bookings"].get;
      assert.ok(
        list.parameters.some((p: { name: string; in: string }) =>
          p.name === "cursor" && p.in === "query"
        ),
      );
      const quote = doc.paths["/api/quote"].post;
      assert.equal(quote.security, undefined);
      assert.ok(
        quote.requestBody.content["application/json"].schema.required
          .includes("zip"),
      );
      const page = await app.fetch("/docs/api");
      assert.equal(page.status, 200);
      const html = await page.text();
      for (const op of OPERATIONS) {
        assert.ok(
          html.includes(
            `data-operation="${op.method.toUpperCase()} ${op.path}"`,
          ),
          `${op.method} ${op.path} on the docs page`,
        );
      }
      assert.match(html, /href="\/api\/openapi\.json"/);
    } finally {
      await app.dispose();
    }
  },
});
