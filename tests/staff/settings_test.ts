/**
 * Effective-dated settings through the Staff API and /admin/settings over
 * real HTTP (issue 11): a scheduled price change shows in quotes for dates
 * after it and not before, existing bookings keep their quote, managers are
 * refused by the database, contradictions are 422 with paths, concurrent
 * edits of one version give one 409, every change is audited with
 * before/after, the menu can grow and shrink, and the in-memory catalog
 * reloads on NOTIFY.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { addDays } from "../../lib/booking_window/mod.ts";
import { bookingBody, quoteBody } from "../api/support.ts";
import { FREMONT } from "../db/fixtures.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { csrfFrom, postForm, signIn, startStaffApp } from "./support.ts";
import type { TestApp } from "../support/app.ts";

async function businessToday(app: TestApp): Promise<string> {
  const [row] = await app.db.sql<{ today: string }[]>`
    select app.business_today(${app.parts.clock()}) as today`;
  return row.today;
}

/** A Fremont slot with a free unit on or after `from`. */
async function freeFremontSlot(
  app: TestApp,
  from: string,
): Promise<{ date: string; time: string }> {
  const [row] = await privileged(
    app.db,
    (tx) =>
      tx<{ date: string; time: string }[]>`
      select d::date::text as date, s as time
      from generate_series(${from}::date, ${from}::date + 60, interval '1 day') d,
        unnest(array['12:00', '15:00', '18:00', '21:00']) s
      where app.slot_capacity(${FREMONT}, d::date, s)
          - app.slot_reserved(${FREMONT}, d::date, s) >= 1
      order by d, s limit 1`,
  );
  if (!row) throw new Error("no free Fremont slot");
  return row;
}

async function quoteTotal(
  app: TestApp,
  over: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}/api/quote`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(quoteBody(over)),
  });
  return { status: res.status, body: await res.json() };
}

function adultUnit(quote: Record<string, unknown>): number {
  const lines = quote.lines as { code: string; unitCents: number }[];
  return lines.find((l) => l.code === "adult")!.unitCents;
}

async function versionCount(app: TestApp): Promise<number> {
  const [r] = await app.db.sql<{ n: number }[]>`
    select count(*)::int as n from public.settings_versions`;
  return r.n;
}

Deno.test({
  name: "settings API: scheduled prices, permissions, 422, 409, audit, menu",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    // Listening as a running instance does: quotes then price from the
    // in-memory catalog, and this instance's own edits must show at once.
    const stopWatching = await app.parts.catalog.watch();
    try {
      const admin = staffApi(
        app,
        await accessToken(app, "admin@myhibachi.example"),
      );
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const today = await businessToday(app);
      const changeOn = addDays(today, 7);

      // A booking made before the change, for a date after it.
      const slot = await freeFremontSlot(app, addDays(today, 10));
      const booked = await fetch(`${app.url}/api/bookings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bookingBody(slot.date, slot.time)),
      });
      assert.equal(booked.status, 201, await booked.clone().text());
      const booking = await booked.json();
      const bookedTotal = booking.quote.totalCents as number;

      await t.step("only admins read or change the settings", async () => {
        const get = await manager("GET", "/settings");
        assert.equal(get.status, 403);
        const put = await manager("PUT", "/settings", {
          effectiveFrom: changeOn,
          baseVersionId: 1,
          baseRevision: 1,
          settings: { adultPriceCents: 9900 },
        });
        assert.equal(put.status, 403, JSON.stringify(put.body));
        assert.equal(put.body.error.code, "FORBIDDEN");
        assert.equal(await versionCount(app), 1);
        const none = await staffApi(app, null)("GET", "/settings");
        assert.equal(none.status, 401);
        const read = await admin("GET", "/settings");
        assert.equal(read.status, 200);
        assert.equal(read.body.inForce.id, 1);
        assert.equal(read.body.inForce.settings.adultPriceCents, 5500);
        assert.ok(read.body.menu.length >= 14);
      });

      await t.step(
        "preview prices a typical party before and after",
        async () => {
          const r = await admin("POST", "/settings/preview", {
            baseVersionId: 1,
            settings: { adultPriceCents: 6000 },
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.differenceCents, 2565);
          assert.equal(
            r.body.after.quote.totalCents - r.body.before.quote.totalCents,
            2565,
          );
          const bad = await admin("POST", "/settings/preview", {
            baseVersionId: 1,
            settings: { freeTravelMiles: 500 },
          });
          assert.equal(bad.status, 422);
          assert.equal(
            bad.body.error.issues[0].path,
            "settings.freeTravelMiles",
          );
          const mgr = await manager("POST", "/settings/preview", {
            baseVersionId: 1,
            settings: {},
          });
          assert.equal(mgr.status, 403);
        },
      );

      await t.step(
        "admins add a location; bad ZIP or zone is 422",
        async () => {
          const loc = {
            slug: "san-jose",
            name: "San Jose",
            zip: "95112",
            timezone: "America/Los_Angeles",
          };
          assert.equal((await manager("POST", "/locations", loc)).status, 403);
          const created = await admin("POST", "/locations", loc);
          assert.equal(created.status, 201, JSON.stringify(created.body));
          assert.equal((await admin("POST", "/locations", loc)).status, 409);
          const zip = await admin("POST", "/locations", {
            ...loc,
            slug: "nowhere",
            zip: "00000",
          });
          assert.equal(zip.status, 422);
          assert.equal(zip.body.error.issues[0].path, "zip");
          const zone = await admin("POST", "/locations", {
            ...loc,
            slug: "mars",
            timezone: "Mars/Olympus",
          });
          assert.equal(zone.status, 422);
          assert.equal(zone.body.error.issues[0].path, "timezone");
          const list = await admin("GET", "/locations");
          assert.ok(
            list.body.items.some((l: { slug: string }) =>
              l.slug === "san-jose"
            ),
          );
          const [audit] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.audit_log
          where action = 'location.create' and entity_id = ${created.body.id}`;
          assert.equal(audit.n, 1);
        },
      );

      await t.step(
        "contradictions are 422 with paths and change nothing",
        async () => {
          const cases: [Record<string, unknown>, string][] = [
            [{ freeTravelMiles: 200 }, "settings.freeTravelMiles"],
            [{ salesTaxBps: 2600 }, "settings.salesTaxBps"],
            [{ slotTimes: ["12:00", "24:00"] }, "settings.slotTimes.1"],
            [{ minimumFoodCents: -1 }, "settings.minimumFoodCents"],
            [
              { suggestedGratuityPercent: 30, maxGratuityPercent: 25 },
              "settings.suggestedGratuityPercent",
            ],
            [{ bogus: 1 }, "settings.bogus"],
          ];
          for (const [settings, path] of cases) {
            const r = await admin("PUT", "/settings", {
              effectiveFrom: changeOn,
              baseVersionId: 1,
              baseRevision: 1,
              settings,
            });
            assert.equal(r.status, 422, JSON.stringify(r.body));
            assert.ok(
              r.body.error.issues.some((i: { path: string }) =>
                i.path === path
              ),
              `${path} in ${JSON.stringify(r.body.error.issues)}`,
            );
          }
          const past = await admin("PUT", "/settings", {
            effectiveFrom: addDays(today, -1),
            baseVersionId: 1,
            baseRevision: 1,
            settings: { adultPriceCents: 6000 },
          });
          assert.equal(past.status, 422);
          assert.equal(past.body.error.issues[0].path, "effectiveFrom");
          assert.equal(await versionCount(app), 1);
        },
      );

      let scheduledId = 0;
      await t.step("an admin schedules a price change", async () => {
        const r = await admin("PUT", "/settings", {
          effectiveFrom: changeOn,
          baseVersionId: 1,
          baseRevision: 1,
          note: "new season",
          settings: { adultPriceCents: 6000 },
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.effectiveFrom, changeOn);
        assert.equal(r.body.settings.adultPriceCents, 6000);
        assert.equal(r.body.settings.childPriceCents, 3000);
        scheduledId = r.body.id;
        const [audit] = await app.db.sql<
          { action: string; details: Record<string, Record<string, number>> }[]
        >`
          select action, details from public.audit_log
          where entity = 'settings_versions' and entity_id = ${
          String(r.body.id)
        }`;
        assert.equal(audit.action, "settings.schedule");
        assert.equal(audit.details.before.adult_price_cents, 5500);
        assert.equal(audit.details.after.adult_price_cents, 6000);
      });

      await t.step(
        "quotes read the settings in force on the event date",
        async () => {
          const later = await quoteTotal(app, { date: addDays(changeOn, 3) });
          assert.equal(later.status, 200, JSON.stringify(later.body));
          assert.equal(adultUnit(later.body), 6000);
          const thisWeek = await quoteTotal(app, { date: addDays(today, 3) });
          assert.equal(adultUnit(thisWeek.body), 5500);
          const undated = await quoteTotal(app);
          assert.equal(adultUnit(undated.body), 5500);
          const bad = await quoteTotal(app, { date: "2027-02-30" });
          assert.equal(bad.status, 422);
        },
      );

      await t.step("an existing booking keeps its quote", async () => {
        const token = new URL(booking.manageUrl).searchParams.get("token")!;
        const res = await fetch(
          `${app.url}/api/bookings/${booking.reference}?token=${token}`,
        );
        const view = await res.json();
        assert.equal(res.status, 200);
        assert.equal(view.quote.totalCents, bookedTotal);
        const now = await quoteTotal(app, { date: slot.date });
        assert.ok((now.body.totalCents as number) > bookedTotal);
      });

      await t.step(
        "concurrent edits of one version: one wins, one 409",
        async () => {
          const edit = (price: number) =>
            admin("PUT", "/settings", {
              effectiveFrom: changeOn,
              baseVersionId: scheduledId,
              baseRevision: 1,
              settings: { adultPriceCents: price },
            });
          const results = await Promise.all([edit(6100), edit(6200)]);
          const statuses = results.map((r) => r.status).sort();
          assert.deepEqual(statuses, [200, 409], JSON.stringify(results));
          const lost = results.find((r) => r.status === 409)!;
          assert.equal(lost.body.error.code, "STALE_SETTINGS");
          const taken = await admin("PUT", "/settings", {
            effectiveFrom: changeOn,
            baseVersionId: 1,
            baseRevision: 1,
            settings: { adultPriceCents: 6300 },
          });
          assert.equal(taken.status, 409);
          assert.equal(taken.body.error.code, "VERSION_DATE_TAKEN");
        },
      );

      await t.step(
        "admins add and retire add-ons; managers may not",
        async () => {
          const item = {
            code: "miso_soup",
            kind: "addon",
            label: "Miso soup",
            priceCents: 300,
          };
          const refused = await manager("POST", "/menu-items", item);
          assert.equal(refused.status, 403);
          const created = await admin("POST", "/menu-items", item);
          assert.equal(created.status, 201, JSON.stringify(created.body));
          const dup = await admin("POST", "/menu-items", item);
          assert.equal(dup.status, 409);
          const bad = await admin("POST", "/menu-items", {
            ...item,
            code: "Bad Code",
          });
          assert.equal(bad.status, 422);
          const withSoup = await quoteTotal(app, { addons: { miso_soup: 2 } });
          assert.equal(withSoup.status, 200, JSON.stringify(withSoup.body));
          const mgrRetire = await manager("PATCH", "/menu-items/miso_soup", {
            active: false,
          });
          assert.equal(mgrRetire.status, 403);
          const retired = await admin("PATCH", "/menu-items/miso_soup", {
            active: false,
          });
          assert.equal(retired.status, 200);
          assert.equal(retired.body.active, false);
          const gone = await quoteTotal(app, { addons: { miso_soup: 2 } });
          assert.equal(gone.status, 422);
          const missing = await admin("PATCH", "/menu-items/nope", {
            active: false,
          });
          assert.equal(missing.status, 404);
          const actions = await app.db.sql<{ action: string }[]>`
          select action from public.audit_log
          where entity = 'menu_items' and entity_id = 'miso_soup' order by id`;
          assert.deepEqual(actions.map((a) => a.action), [
            "menu_item.create",
            "menu_item.retire",
          ]);
        },
      );

      await t.step(
        "the catalog reloads on NOTIFY when prices change today",
        async () => {
          await app.parts.catalog.load();
          assert.equal(
            app.parts.catalog.current().pricing.depositCents,
            10000,
          );
          const r = await admin("PUT", "/settings", {
            effectiveFrom: today,
            baseVersionId: 1,
            baseRevision: 1,
            settings: { depositCents: 12000 },
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          // Condition wait (no timing assertion): the NOTIFY-driven reload.
          for (let i = 0; i < 200; i++) {
            if (app.parts.catalog.current().pricing.depositCents === 12000) {
              break;
            }
            await new Promise((r) => setTimeout(r, 25));
          }
          assert.equal(
            app.parts.catalog.current().pricing.depositCents,
            12000,
          );
          const [projection] = await app.db.sql<{ deposit_cents: number }[]>`
          select deposit_cents from public.pricing_settings`;
          assert.equal(projection.deposit_cents, 12000);
        },
      );
    } finally {
      await stopWatching();
      await app.dispose();
    }
  },
});

Deno.test({
  name: "/admin/settings page: preview, 422 with the field, save, manager 403",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const jar = await signIn(app, "admin@myhibachi.example");
      const url = `${app.url}/admin/settings`;
      const today = await businessToday(app);

      await t.step("managers get 403", async () => {
        const mgr = await signIn(app, "manager@myhibachi.example");
        const res = await mgr.fetch(url);
        assert.equal(res.status, 403);
        await res.body?.cancel();
        // A forged form post is refused by the database too.
        const page = await (await mgr.fetch(`${app.url}/admin/bookings`))
          .text();
        const post = await postForm(mgr, url, {
          _csrf: csrfFrom(page),
          _action: "save",
          baseVersionId: "1",
          baseRevision: "1",
          effectiveFrom: addDays(today, 5),
          adultPriceCents: "99.00",
        });
        assert.equal(post.status, 403);
        await post.body?.cancel();
        assert.equal(await versionCount(app), 1);
      });

      const page = await (await jar.fetch(url)).text();
      const base = {
        _csrf: csrfFrom(page),
        baseVersionId: "1",
        baseRevision: "1",
        effectiveFrom: addDays(today, 30),
      };

      await t.step("the page shows the version in force and the menu", () => {
        assert.match(page, /data-in-force="1"/);
        assert.match(page, /name="adultPriceCents"[^>]*value="55.00"/);
        assert.match(page, /name="salesTaxBps"[^>]*value="8.25"/);
        assert.match(page, /data-menu-item="gyoza"/);
      });

      await t.step(
        "preview shows a typical party before and after",
        async () => {
          const res = await postForm(jar, url, {
            ...base,
            _action: "preview",
            adultPriceCents: "60.00",
          });
          assert.equal(res.status, 200);
          const html = await res.text();
          assert.match(html, /data-preview/);
          const diff = Number(html.match(/data-difference="(-?\d+)"/)![1]);
          // 8 adults × $5 more lifts the food from $530 (the $550 minimum
          // applied) to $570: +$20 food, +$1.65 tax, +$4.00 suggested 20 %.
          assert.equal(diff, 2565);
          assert.equal(await versionCount(app), 1);
        },
      );

      await t.step("a contradiction is 422 next to its field", async () => {
        const res = await postForm(jar, url, {
          ...base,
          _action: "save",
          salesTaxBps: "26",
        });
        assert.equal(res.status, 422);
        assert.match(await res.text(), /data-issue="salesTaxBps"/);
        const miles = await postForm(jar, url, {
          ...base,
          _action: "save",
          freeTravelMiles: "200",
        });
        assert.equal(miles.status, 422);
        assert.match(await miles.text(), /data-issue="freeTravelMiles"/);
      });

      await t.step("save schedules a version and redirects", async () => {
        const res = await postForm(jar, url, {
          ...base,
          _action: "save",
          adultPriceCents: "60.00",
          slotTimes: "12:00, 15:00, 18:00",
        });
        assert.equal(res.status, 303, await res.clone().text());
        await res.body?.cancel();
        const after = await (await jar.fetch(
          `${app.url}${res.headers.get("location")}`,
        )).text();
        assert.match(after, /data-notice="ok"/);
        assert.match(after, /data-version="2"/);
        const stale = await postForm(jar, url, {
          ...base,
          effectiveFrom: addDays(today, 30),
          baseVersionId: "2",
          baseRevision: "7",
          _action: "save",
        });
        assert.equal(stale.status, 409);
        await stale.body?.cancel();
      });

      await t.step("retire and restore a menu item by form", async () => {
        const retire = await postForm(jar, url, {
          _csrf: base._csrf,
          _action: "menu_update",
          code: "gyoza",
          kind: "addon",
          op: "retire",
        });
        assert.equal(retire.status, 303);
        await retire.body?.cancel();
        const html = await (await jar.fetch(url)).text();
        assert.match(html, /data-menu-item="gyoza" data-active="false"/);
        const add = await postForm(jar, url, {
          _csrf: base._csrf,
          _action: "menu_create",
          code: "wagyu",
          kind: "protein",
          label: "Wagyu",
          price: "25.00",
        });
        assert.equal(add.status, 303, await add.clone().text());
        await add.body?.cancel();
        const [row] = await app.db.sql<{ premium_surcharge_cents: number }[]>`
          select premium_surcharge_cents from public.menu_items where code = 'wagyu'`;
        assert.equal(row.premium_surcharge_cents, 2500);
        const loc = await postForm(jar, url, {
          _csrf: base._csrf,
          _action: "location_create",
          name: "Oakland",
          slug: "oakland",
          zip: "94612",
          timezone: "America/Los_Angeles",
        });
        assert.equal(loc.status, 303, await loc.clone().text());
        await loc.body?.cancel();
        assert.match(
          await (await jar.fetch(url)).text(),
          /data-location="oakland"/,
        );
      });
    } finally {
      await app.dispose();
    }
  },
});
