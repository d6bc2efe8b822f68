/**
 * Analytics and CSV exports through the real app on real PostgreSQL: the
 * report of a hand-made fixture (tests/analytics/support.ts) equals the
 * numbers computed by hand below; a manager's report covers their locations
 * only; chefs are refused; bad ranges are 422 with paths; the CSV exports
 * are RFC 4180, parse back, neutralise formula cells, are audited, give a
 * header line for an empty range and the right row count for the seeded
 * year.
 */
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { accessToken, staffApi } from "../staff/api_support.ts";
import { signIn, startStaffApp } from "../staff/support.ts";
import type { TestApp } from "../support/app.ts";
import { seedAnalyticsFixture } from "./support.ts";
import { EXPORT_COLUMNS } from "../../lib/analytics/exports.ts";

const RANGE = "from=2026-03-01&to=2026-04-30";

async function csvOf(
  app: TestApp,
  token: string,
  path: string,
): Promise<{ status: number; text: string; type: string; chunks: number }> {
  const res = await fetch(`${app.url}/api/staff${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let chunks = 0;
  const bytes: Uint8Array[] = [];
  for await (const c of res.body ?? []) {
    chunks++;
    bytes.push(c);
  }
  const text = new TextDecoder().decode(
    new Uint8Array(await new Blob(bytes as BlobPart[]).arrayBuffer()),
  );
  return {
    status: res.status,
    text,
    type: res.headers.get("content-type") ?? "",
    chunks,
  };
}

function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: "\r\n" });
}

Deno.test({
  name: "analytics: hand-computed report, manager scope, exports",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      await seedAnalyticsFixture(app.db);
      const admin = await accessToken(app, "admin@myhibachi.example");
      const manager = await accessToken(app, "manager@myhibachi.example");
      const chef = await accessToken(app, "chef1@myhibachi.example");
      const asAdmin = staffApi(app, admin);
      const asManager = staffApi(app, manager);

      await t.step("the report equals the hand-computed numbers", async () => {
        const r = await asAdmin(
          "GET",
          `/analytics?${RANGE}&location=testville`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const b = r.body;
        assert.equal(b.from, "2026-03-01");
        assert.equal(b.to, "2026-04-30");
        assert.equal(b.location, "testville");
        // Made in range (LA business day): TV2, TV4, TV5, TV6, TV8 (TV3 was
        // made on Feb 28 in Los Angeles). Paid: TV2, TV4 (deposit row), TV6, TV8.
        assert.deepEqual(b.funnel, {
          quotes: 30,
          holds: 10,
          bookings: 5,
          depositPaid: 4,
          completed: 2,
        });
        // Booked: TV2 80000 + TV6 120000 + TV8 60000 (TV4 is cancelled).
        assert.equal(b.revenueBookedCents, 260000);
        // Earned: completed events in range TV1 + TV2 + TV8.
        assert.equal(b.revenueEarnedCents, 240000);
        assert.deepEqual(b.bookingsByStatus, {
          pending_deposit: 0,
          confirmed: 0,
          completed: 3,
          cancellation_requested: 0,
          cancelled: 1,
          expired: 1,
          no_show: 1,
        });
        assert.equal(b.cancellationRate, 0.2); // 1 of 5 not expired
        assert.equal(b.noShowRate, 0.25); // 1 of 3 completed + 1 no-show
        assert.equal(b.completedEvents, 3);
        assert.equal(b.averagePartyGuests, 8.7); // (13 + 8 + 5) / 3
        assert.equal(b.averageTicketCents, 80000);
        assert.equal(b.customers, 2); // Ana, Cy
        assert.equal(b.repeatCustomerRate, 0.5); // Ana (TV7 before), not Cy
        assert.equal(b.revenuePerCustomerCents, 120000);
        assert.deepEqual(
          b.leadTime.map((x: { bookings: number }) => x.bookings),
          [
            0,
            0,
            4,
            1,
            0,
            0,
          ],
        );
        assert.deepEqual(b.proteinMix, [
          { code: "chicken", label: "Chicken", servings: 28 },
          { code: "steak", label: "Steak (NY strip)", servings: 14 },
          { code: "shrimp", label: "Shrimp", servings: 10 },
        ]);
        assert.deepEqual(b.addonMix, [
          { code: "gyoza", label: "Gyoza", servings: 5 },
        ]);
        assert.deepEqual(b.months, [
          {
            month: "2026-03",
            bookings: 2,
            revenueBookedCents: 80000,
            completedEvents: 1,
            revenueEarnedCents: 100000,
          },
          {
            month: "2026-04",
            bookings: 3,
            revenueBookedCents: 180000,
            completedEvents: 2,
            revenueEarnedCents: 140000,
          },
        ]);
      });

      await t.step("a manager sees their locations only", async () => {
        const year = "from=2025-11-01&to=2026-10-31";
        const other = await asManager(
          "GET",
          `/analytics?${RANGE}&location=testville`,
        );
        assert.equal(other.status, 403);
        assert.equal(other.body.error.code, "FORBIDDEN");
        const mine = await asManager("GET", `/analytics?${year}`);
        assert.equal(mine.status, 200);
        const by = async (loc: string) =>
          (await asAdmin("GET", `/analytics?${year}&location=${loc}`)).body;
        const fremont = await by("fremont");
        const sacramento = await by("sacramento");
        const testville = await by("testville");
        const all = (await asAdmin("GET", `/analytics?${year}`)).body;
        assert.ok(sacramento.revenueEarnedCents > 0, "Sacramento has events");
        for (const k of ["revenueEarnedCents", "revenueBookedCents"]) {
          assert.equal(mine.body[k], fremont[k], k);
          assert.equal(
            all[k],
            fremont[k] + sacramento[k] + testville[k],
            `${k}: an admin's all is every location`,
          );
        }
        assert.deepEqual(mine.body.funnel, fremont.funnel);
        assert.deepEqual(mine.body.bookingsByStatus, fremont.bookingsByStatus);
        const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.bookings b
          join public.locations l on l.id = b.location_id
          where l.slug = 'fremont' and b.event_date between '2025-11-01' and '2026-10-31'`;
        const counted = Object.values(
          mine.body.bookingsByStatus as Record<
            string,
            number
          >,
        ).reduce((a, v) => a + v, 0);
        assert.equal(counted, n, "every Fremont event of the year, no other");
      });

      await t.step(
        "chefs are refused; bad input is 422 with a path",
        async () => {
          const asChef = staffApi(app, chef);
          assert.equal(
            (await asChef("GET", `/analytics?${RANGE}`)).status,
            403,
          );
          assert.equal(
            (await asChef("GET", `/exports/bookings.csv?${RANGE}`)).status,
            403,
          );
          const cases: [string, string][] = [
            ["/analytics?from=2026-04-30&to=2026-03-01", "to"],
            ["/analytics?from=2020-01-01&to=2026-01-01", "to"],
            ["/analytics?from=2026-02-30", "from"],
            ["/analytics?location=atlantis", "location"],
            ["/analytics?location=Not%20a%20slug", "location"],
            ["/analytics?color=red", "color"],
            ["/exports/bookings.csv?to=2026-01-01&from=2026-02-01", "to"],
            ["/exports/receipts.csv", "file"],
          ];
          for (const [path, field] of cases) {
            const r = await asAdmin("GET", path);
            assert.equal(r.status, 422, path);
            assert.ok(
              r.body.error.issues.some((i: { path: string }) =>
                i.path === field
              ),
              `${path}: ${JSON.stringify(r.body)}`,
            );
          }
          const chefJar = await signIn(app, "chef1@myhibachi.example");
          const page = await chefJar.fetch(`${app.url}/admin/analytics`);
          assert.equal(page.status, 403);
          await page.body?.cancel();
          const file = await chefJar.fetch(
            `${app.url}/admin/analytics/bookings.csv`,
          );
          assert.equal(file.status, 403);
          await file.body?.cancel();
        },
      );

      await t.step(
        "bookings.csv: RFC 4180, parses back, formula cells neutralised",
        async () => {
          const f = await csvOf(
            app,
            admin,
            `/exports/bookings.csv?${RANGE}&location=testville`,
          );
          assert.equal(f.status, 200);
          assert.match(f.type, /^text\/csv/);
          assert.ok(
            f.text.startsWith(EXPORT_COLUMNS.bookings.join(",") + "\r\n"),
          );
          assert.ok(f.text.endsWith("\r\n"));
          const rows = records(f.text);
          assert.deepEqual(rows.map((r) => r.reference), [
            "MH-TV0001",
            "MH-TV0003",
            "MH-TV0002",
            "MH-TV0004",
            "MH-TV0005",
            "MH-TV0008",
          ]);
          const tv4 = rows.find((r) => r.reference === "MH-TV0004")!;
          assert.equal(tv4.customer_name, "'=cmd|' /C calc'!A0");
          assert.equal(
            tv4.notes,
            `'=HYPERLINK("http://evil.example","x"), then "quotes"\nand a line`,
          );
          assert.equal(tv4.total_usd, "700.00");
          assert.equal(tv4.paid_usd, "0.00"); // deposit then refund
          const tv8 = rows.find((r) => r.reference === "MH-TV0008")!;
          assert.equal(tv8.customer_name, `Cy "Chef" O'Neil, Jr.`);
          assert.equal(tv8.customer_phone, "'-1 510 555 0103");
          assert.equal(tv8.adults, "5");
          const tv1 = rows.find((r) => r.reference === "MH-TV0001")!;
          assert.equal(tv1.paid_usd, "1000.00");
          assert.equal(tv1.created_at, "2026-02-20T20:00:00Z");
        },
      );

      await t.step("payments.csv and customers.csv of the range", async () => {
        const pay = records(
          (await csvOf(
            app,
            admin,
            `/exports/payments.csv?${RANGE}&location=testville`,
          ))
            .text,
        );
        // The refund at 06:30 UTC on April 2nd is April 1st in Los Angeles.
        assert.deepEqual(
          pay.map((
            p,
          ) => [p.booking_reference, p.kind, p.amount_usd, p.paid_on]),
          [
            ["MH-TV0001", "balance", "900.00", "2026-03-10"],
            ["MH-TV0004", "deposit", "100.00", "2026-03-16"],
            ["MH-TV0006", "deposit", "100.00", "2026-04-01"],
            ["MH-TV0004", "refund", "100.00", "2026-04-01"],
          ],
        );
        assert.equal(pay[1].note, "'@SUM(1+1)");
        const cust = records(
          (await csvOf(
            app,
            admin,
            `/exports/customers.csv?${RANGE}&location=testville`,
          ))
            .text,
        );
        assert.deepEqual(
          cust.map((c) => [
            c.email,
            c.bookings,
            c.completed_events,
            c.first_event,
            c.last_event,
            c.booked_usd,
            c.paid_usd,
          ]),
          [
            [
              "ana@example.com",
              "2",
              "2",
              "2026-03-10",
              "2026-04-05",
              "1800.00",
              "1000.00",
            ],
            [
              "ben@example.com",
              "2",
              "0",
              "2026-03-20",
              "2026-04-10",
              "900.00",
              "0.00",
            ],
            [
              "cy@example.com",
              "2",
              "1",
              "2026-04-20",
              "2026-04-25",
              "600.00",
              "0.00",
            ],
          ],
        );
      });

      await t.step(
        "an empty range is the header line; exports are audited",
        async () => {
          for (const kind of ["bookings", "payments", "customers"] as const) {
            const f = await csvOf(
              app,
              admin,
              `/exports/${kind}.csv?from=2030-01-01&to=2030-01-31`,
            );
            assert.equal(f.status, 200);
            assert.equal(f.text, EXPORT_COLUMNS[kind].join(",") + "\r\n");
          }
          const rows = await app.db.sql<{ action: string; details: unknown }[]>`
          select action, details from public.audit_log
          where entity = 'export' and details ->> 'from' = '2030-01-01'
          order by id`;
          assert.deepEqual(rows.map((r) => r.action), [
            "export.bookings",
            "export.payments",
            "export.customers",
          ]);
          assert.deepEqual(rows[0].details, {
            from: "2030-01-01",
            to: "2030-01-31",
            location: null,
          });
          const refused = await asManager(
            "GET",
            `/exports/payments.csv?${RANGE}&location=testville`,
          );
          assert.equal(refused.status, 403);
        },
      );

      await t.step(
        "the seeded year: one row per booking, a manager's rows are theirs",
        async () => {
          const year = "from=2025-11-01&to=2026-10-31";
          const [{ all, fremont }] = await app.db.sql<
            { all: number; fremont: number }[]
          >`
          select count(*)::int as all,
            count(*) filter (where l.slug = 'fremont')::int as fremont
          from public.bookings b join public.locations l on l.id = b.location_id
          where b.event_date between '2025-11-01' and '2026-10-31'`;
          assert.ok(all > 300, `the seed has a year of bookings (${all})`);
          const adminRows = records(
            (await csvOf(app, admin, `/exports/bookings.csv?${year}`)).text,
          );
          assert.equal(adminRows.length, all);
          assert.equal(new Set(adminRows.map((r) => r.reference)).size, all);
          const managerRows = records(
            (await csvOf(app, manager, `/exports/bookings.csv?${year}`)).text,
          );
          assert.equal(managerRows.length, fremont);
          assert.ok(managerRows.every((r) => r.location === "fremont"));
        },
      );

      await t.step(
        "the page renders the report and its export links",
        async () => {
          const jar = await signIn(app, "admin@myhibachi.example");
          const res = await jar.fetch(
            `${app.url}/admin/analytics?${RANGE}&location=testville`,
          );
          assert.equal(res.status, 200);
          const html = await res.text();
          assert.match(html, /data-kpi="revenue-earned"[^]*?\$2,400\.00/);
          assert.match(html, /data-kpi="no-show-rate"[^]*?25%/);
          assert.ok(html.includes('aria-label="Funnel"'));
          assert.ok(html.includes('data-month="2026-04"'));
          assert.ok(html.includes("+40%"), "April earned 40% more than March");
          assert.ok(
            html.includes(
              'href="/admin/analytics/payments.csv?from=2026-03-01&amp;to=2026-04-30&amp;location=testville"',
            ),
          );
          const file = await jar.fetch(
            `${app.url}/admin/analytics/customers.csv?${RANGE}&location=testville`,
          );
          assert.equal(file.status, 200);
          assert.match(
            file.headers.get("content-disposition") ?? "",
            /filename="customers-testville-2026-03-01-to-2026-04-30\.csv"/,
          );
          assert.equal(records(await file.text()).length, 3);
          const bad = await jar.fetch(`${app.url}/admin/analytics?from=nope`);
          assert.equal(bad.status, 422);
          assert.match(await bad.text(), /from: must be a date/);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
