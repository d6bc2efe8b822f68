/**
 * `POST /api/quote` prices from the instance's in-memory catalog while it
 * listens for changes (issue 15): no database round trip per quote, the
 * settings version in force on the event date (ADR 0023), and a change
 * reaches the quote once its NOTIFY reloaded the catalog.
 */
import assert from "node:assert/strict";
import { addDays } from "../../lib/booking_window/mod.ts";
import { PricingSnapshot, versionOn } from "../../lib/pricing/snapshot.ts";
import { DEFAULT_MENU, DEFAULT_PRICING } from "../../lib/pricing/types.ts";
import { startApp } from "../support/app.ts";

const body = (over: Record<string, unknown> = {}) => ({
  adults: 10,
  children: 0,
  proteins: { chicken: 10, steak: 10 },
  zip: "94538",
  gratuityPercent: 20,
  ...over,
});

function adultUnit(quote: Record<string, unknown>): number {
  const lines = quote.lines as { code: string; unitCents: number }[];
  return lines.find((l) => l.code === "adult")!.unitCents;
}

Deno.test("versionOn: the newest version starting on or before the date, else the earliest", () => {
  const versions = [
    { effectiveFrom: "2027-03-01", n: 3 },
    { effectiveFrom: "2027-01-01", n: 2 },
    { effectiveFrom: "2026-06-01", n: 1 },
  ];
  assert.equal(versionOn(versions, "2027-03-01").n, 3);
  assert.equal(versionOn(versions, "2027-02-28").n, 2);
  assert.equal(versionOn(versions, "2026-12-31").n, 1);
  assert.equal(versionOn(versions, "2020-01-01").n, 1);
});

Deno.test("PricingSnapshot: undated quotes use the business's today in its zone; one schema per version", () => {
  const snapshot = new PricingSnapshot({
    versions: [
      {
        effectiveFrom: "2027-01-01",
        settings: { ...DEFAULT_PRICING, adultPriceCents: 6000 },
      },
      { effectiveFrom: "2026-01-01", settings: DEFAULT_PRICING },
    ],
    menu: DEFAULT_MENU.filter((m) => m.active),
    locations: [],
    timeZone: "America/Los_Angeles",
  });
  // 2027-01-01T05:00Z is still New Year's Eve in California.
  const eve = snapshot.catalogOn(undefined, new Date("2027-01-01T05:00:00Z"));
  assert.equal(eve.catalog.settings.adultPriceCents, 5500);
  const day = snapshot.catalogOn(undefined, new Date("2027-01-01T09:00:00Z"));
  assert.equal(day.catalog.settings.adultPriceCents, 6000);
  assert.equal(
    snapshot.catalogOn("2027-02-01", new Date(0)).quoteSchema,
    day.quoteSchema,
  );
});

Deno.test({
  name:
    "quotes come from memory while the catalog listens, follow NOTIFY, and read the database otherwise",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({ env: { RATE_LIMITS: "off" } });
    const quote = async (over: Record<string, unknown> = {}) => {
      const res = await app.fetch("/api/quote", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body(over)),
      });
      return { status: res.status, body: await res.json() };
    };
    /** Condition wait on the NOTIFY-driven reload (no timing assertion). */
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 400 && !done(); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(done());
    };
    let stop: (() => Promise<void>) | null = null;
    try {
      const [{ today }] = await app.db.sql<{ today: string }[]>`
        select app.business_today()::text as today`;
      const range = `from=${addDays(today, 20)}&to=${addDays(today, 26)}`;
      const slots = async (query: string) => {
        const res = await app.fetch(`/api/availability?${query}`);
        return { status: res.status, body: await res.json() };
      };
      const slotsFromDb = await slots(`${range}&zip=94538`);
      assert.equal(slotsFromDb.status, 200, JSON.stringify(slotsFromDb.body));
      await t.step(
        "without LISTEN there is no snapshot: the database prices",
        async () => {
          await app.parts.catalog.load();
          assert.equal(app.parts.catalog.snapshot(), null);
          await app.db.sql`update public.settings_versions
          set adult_price_cents = 5700
          where id = (app.settings_at(app.business_today())).id`;
          const r = await quote();
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(adultUnit(r.body), 5700);
        },
      );

      stop = await app.parts.catalog.watch();
      await until(() => app.parts.catalog.snapshot() !== null);

      await t.step(
        "a scheduled version is priced for dates from it on",
        async () => {
          const on = addDays(today, 40);
          await app.db.sql`insert into public.settings_versions
          select (jsonb_populate_record(null::public.settings_versions,
            to_jsonb(v) || jsonb_build_object(
              'id', nextval(pg_get_serial_sequence('public.settings_versions', 'id')),
              'effective_from', ${on}::date,
              'adult_price_cents', 6400))).*
          from app.settings_at(app.business_today()) v`;
          await until(() =>
            app.parts.catalog.snapshot()?.versions.some((v) =>
              v.effectiveFrom === on
            ) ?? false
          );
          assert.equal(adultUnit((await quote({ date: on })).body), 6400);
          assert.equal(
            adultUnit((await quote({ date: addDays(on, -1) })).body),
            5700,
          );
          assert.equal(adultUnit((await quote()).body), 5700);
        },
      );

      await t.step(
        "a price change reaches the quote after its NOTIFY",
        async () => {
          await app.db.sql`update public.settings_versions
          set adult_price_cents = 5900
          where id = (app.settings_at(app.business_today())).id`;
          await until(() =>
            app.parts.catalog.snapshot()?.catalogOn(undefined, new Date())
              .catalog.settings.adultPriceCents === 5900
          );
          assert.equal(adultUnit((await quote()).body), 5900);
        },
      );

      await t.step(
        "availability takes settings and location from memory: same answer",
        async () => {
          assert.deepEqual(await slots(`${range}&zip=94538`), slotsFromDb);
          const unknown = await slots(`${range}&location=atlantis`);
          assert.equal(unknown.status, 422);
          assert.equal(unknown.body.error.issues[0].path, "location");
        },
      );

      await t.step("bad input is still 422 with its field", async () => {
        const r = await quote({ adults: -1 });
        assert.equal(r.status, 422);
        assert.ok(
          r.body.error.issues.some((d: { path: string }) =>
            d.path === "adults"
          ),
          JSON.stringify(r.body),
        );
        const unknown = await quote({ location: "atlantis" });
        assert.equal(unknown.status, 422);
      });

      await t.step(
        "no database round trip: quotes answer with the pool closed",
        async () => {
          await app.db.sql.end({ timeout: 5 });
          const r = await quote();
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(adultUnit(r.body), 5900);
        },
      );
    } finally {
      await stop?.().catch(() => {});
      await app.dispose();
    }
  },
});
