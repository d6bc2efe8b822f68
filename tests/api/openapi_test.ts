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
import {
  jsonSchemaOf,
  OPERATIONS,
  pathParams,
  routeFilePath,
} from "../../lib/openapi/mod.ts";
import { STAFF_ROLES, type StaffRole } from "../../lib/staff/types.ts";
import { CHEFS, USERS } from "../db/fixtures.ts";
import { accessToken, staffApi } from "../staff/api_support.ts";
import { startStaffApp } from "../staff/support.ts";

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

Deno.test("openapi: path parameter schemas and error answers are consistent", () => {
  for (const op of OPERATIONS) {
    const key = `${op.method} ${op.path}`;
    if (op.params) {
      const s = jsonSchemaOf(op.params) as {
        properties?: Record<string, unknown>;
      };
      assert.deepEqual(
        Object.keys(s.properties ?? {}).sort(),
        pathParams(op.path).sort(),
        `${key}: params name exactly the path's parameters`,
      );
    }
    if (op.auth) {
      assert.ok(op.responses["401"], `${key}: documents 401`);
      assert.ok(op.responses["403"], `${key}: documents 403`);
    } else {
      assert.equal(op.roles, undefined, `${key}: roles need a token`);
    }
    if (op.roles && op.roles.length < STAFF_ROLES.length) {
      assert.match(op.responses["403"], /not|chef/i, `${key}: 403 says who`);
    }
    if (op.body || (op.query && op.auth)) {
      assert.ok(op.responses["422"], `${key}: validates, so documents 422`);
    }
  }
});

/**
 * A request each role-limited operation accepts (valid body, existing
 * target), so that the only reason to refuse it is the caller's role.
 */
const ROLE_PROBES: Record<string, { path: string; body?: unknown }> = {
  "get /api/staff/audit": { path: "/audit" },
  "get /api/staff/analytics": {
    path: "/analytics?from=2026-01-01&to=2026-01-31",
  },
  "get /api/staff/exports/{file}": {
    path: "/exports/bookings.csv?from=2026-01-01&to=2026-01-31",
  },
  "post /api/staff/bookings/cancel-batch": {
    path: "/bookings/cancel-batch",
    body: { references: ["MH-ABC234"], reason: "spam" },
  },
  "patch /api/staff/chefs/{id}": {
    path: `/chefs/${CHEFS.chef1}`,
    body: { rating: 5 },
  },
  "get /api/staff/inbox": { path: "/inbox" },
  "post /api/staff/inbox/{id}/{op}": {
    path: `/inbox/${crypto.randomUUID()}/handled`,
    body: { handled: true },
  },
  "get /api/staff/customers": { path: "/customers?q=510" },
  "get /api/staff/customers/duplicates": { path: "/customers/duplicates" },
  "get /api/staff/customers/{id}": {
    path: "/customers/51000000-0000-4000-8000-000000000001",
  },
  // Writes on an unknown customer: a served role gets 404, nothing changes.
  "patch /api/staff/customers/{id}": {
    path: `/customers/${crypto.randomUUID()}`,
    body: { tags: ["vip"] },
  },
  "post /api/staff/customers/{id}/merge": {
    path: `/customers/${crypto.randomUUID()}/merge`,
    body: { duplicateId: crypto.randomUUID() },
  },
  "get /api/staff/customers/{id}/export": {
    path: `/customers/${crypto.randomUUID()}/export`,
  },
  "post /api/staff/customers/{id}/erase": {
    path: `/customers/${crypto.randomUUID()}/erase`,
  },
  "get /api/staff/reviews": { path: "/reviews" },
  "post /api/staff/reviews/{id}": {
    path: `/reviews/${crypto.randomUUID()}`,
    body: { status: "approved" },
  },
  "get /api/staff/members": { path: "/members" },
  "patch /api/staff/members/{userId}": {
    path: `/members/${USERS.chef1}`,
    body: { active: false },
  },
  "get /api/staff/locations": { path: "/locations" },
  "post /api/staff/locations": {
    path: "/locations",
    body: {
      slug: "oakland",
      name: "Oakland",
      zip: "94536",
      timezone: "America/Los_Angeles",
    },
  },
  "get /api/staff/settings": { path: "/settings" },
  "put /api/staff/settings": {
    path: "/settings",
    body: {
      effectiveFrom: "2099-01-01",
      baseVersionId: 1,
      baseRevision: 1,
      settings: { adultPriceCents: 9900 },
    },
  },
  "post /api/staff/settings/preview": {
    path: "/settings/preview",
    body: { baseVersionId: 1, settings: { adultPriceCents: 9900 } },
  },
  "post /api/staff/menu-items": {
    path: "/menu-items",
    body: { code: "wagyu_test", kind: "protein", label: "Wagyu" },
  },
  "patch /api/staff/menu-items/{code}": {
    path: "/menu-items/chicken",
    body: { label: "Chicken thigh" },
  },
};

Deno.test({
  name:
    "openapi: every staff operation answers 401 without a token; the documented roles are the ones served",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const anonymous = staffApi(app, null);
      await t.step("401 without a token", async () => {
        for (const op of OPERATIONS.filter((o) => o.auth)) {
          const path = op.path.replace("/api/staff", "").replace(
            /\{[^}]+\}/g,
            crypto.randomUUID(),
          );
          const r = await anonymous(
            op.method.toUpperCase(),
            path,
            op.body ? {} : undefined,
          );
          assert.equal(r.status, 401, `${op.method} ${op.path}`);
          assert.equal(r.body.error.code, "UNAUTHORIZED");
        }
      });
      const callers: Record<Exclude<StaffRole, "admin">, string> = {
        chef: await accessToken(app, "chef1@myhibachi.example"),
        manager: await accessToken(app, "manager@myhibachi.example"),
      };
      const auditRows = async () =>
        (await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.audit_log`)[0].n;
      for (const [role, token] of Object.entries(callers)) {
        await t.step(
          `a ${role} is refused what the roles leave out`,
          async () => {
            const api = staffApi(app, token);
            const before = await auditRows();
            let refused = 0;
            for (const op of OPERATIONS.filter((o) => o.roles)) {
              const key = `${op.method} ${op.path}`;
              const probe = ROLE_PROBES[key];
              assert.ok(probe, `${key}: add a request to ROLE_PROBES`);
              const r = await api(
                op.method.toUpperCase(),
                probe.path,
                probe.body,
              );
              assert.ok(
                op.responses[String(r.status)],
                `${key} as ${role}: ${r.status} is documented`,
              );
              if (op.roles!.includes(role as StaffRole)) {
                assert.ok(
                  r.status !== 401 && r.status !== 403,
                  `${key} as ${role}: ${r.status} ${JSON.stringify(r.body)}`,
                );
              } else {
                assert.equal(r.status, 403, `${key} as ${role}: ${r.status}`);
                assert.equal(r.body.error.code, "FORBIDDEN");
                refused++;
              }
            }
            assert.ok(refused >= 8, `${role}: refusals were checked`);
            if (role === "chef") {
              assert.equal(
                await auditRows(),
                before,
                "refusals change nothing",
              );
            }
          },
        );
      }
    } finally {
      await app.dispose();
    }
  },
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
      // Path parameters with a shape, a body per op, PATCH, roles.
      const inboxOp = doc.paths["/api/staff/inbox/{id}/{op}"].post;
      const op = inboxOp.parameters.find((p: { name: string }) =>
        p.name === "op"
      );
      assert.equal(op.in, "path");
      assert.deepEqual(op.schema.enum, ["assign", "reply", "handled"]);
      assert.equal(
        inboxOp.requestBody.content["application/json"].schema.anyOf.length,
        3,
      );
      assert.deepEqual(inboxOp["x-staff-roles"], ["manager", "admin"]);
      const member = doc.paths["/api/staff/members/{userId}"].patch;
      assert.deepEqual(member["x-staff-roles"], ["admin"]);
      assert.ok(member.responses["409"].description.includes("LAST_ADMIN"));
      assert.ok(
        member.requestBody.content["application/json"].schema.properties
          .expectedUpdatedAt,
      );
      const save = doc.paths["/api/staff/settings"].put;
      assert.deepEqual(
        save.requestBody.content["application/json"].schema.required.sort(),
        ["baseRevision", "baseVersionId", "effectiveFrom", "settings"],
      );
      assert.match(save.description, /Roles: admin\./);
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
