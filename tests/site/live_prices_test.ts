/**
 * /menu and /pricing show the live `menu_items` and settings version of the
 * database (through the real app handler on a real, seeded database): they
 * are static pages (page cache), regenerated when an edit's NOTIFY reloads
 * the catalog. Without a reachable database they keep the last catalog read
 * (the seed's constants if none) and log a warning.
 */
import assert from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import { captureLogs, type LogRecord } from "../../lib/observability/log.ts";
import {
  FALLBACK_CATALOG,
  SiteCatalogCache,
} from "../../lib/pricing/marketing.ts";
import { decodeEntities } from "./app_handler.ts";
import { startApp } from "../support/app.ts";

/** Text of the row whose heading is `label` on /menu (label … price). */
function menuRow(html: string, label: string): string | undefined {
  const items = html.match(/<li\b[\s\S]*?<\/li>/g) ?? [];
  return items.map((li) => decodeEntities(li.replace(/<[^>]+>/g, " ")))
    .find((text) => text.includes(` ${label} `));
}

/** Price cell of the /pricing table row headed `item`. */
function pricingRow(html: string, item: string): string | undefined {
  const rows = html.match(/<tr\b[\s\S]*?<\/tr>/g) ?? [];
  return rows.map((tr) =>
    decodeEntities(tr.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim()
  ).find((text) => text.startsWith(item));
}

Deno.test({
  name: "menu and pricing pages follow the database",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startApp({ env: { RATE_LIMITS: "off" } });
    const sql = app.db.sql;
    const page = async (path: string) => {
      const res = await app.fetch(path);
      assert.equal(res.status, 200, path);
      return await res.text();
    };
    // A running instance listens (startBackground); this test app does it here.
    const stopWatching = await app.parts.catalog.watch();
    /** Condition wait (no timing assertion): the NOTIFY-driven reload. */
    const reloaded = async (done: () => boolean) => {
      for (let i = 0; i < 400 && !done(); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(done(), "the catalog reloaded after the NOTIFY");
    };
    const menuPrice = (code: string) =>
      app.parts.catalog.current().menu.find((m) => m.code === code)
        ?.priceCents;
    try {
      await t.step("seeded prices first", async () => {
        const menu = await page("/menu");
        assert.match(menuRow(menu, "Gyoza") ?? "", /\$10\b/);
        assert.ok(menuRow(menu, "Edamame"), "edamame listed");
        const pricing = await page("/pricing");
        assert.match(pricingRow(pricing, "Adult") ?? "", /\$55 per person/);
      });

      await t.step(
        "an edited add-on price and a retired item show on /menu",
        async () => {
          await sql`update public.menu_items set price_cents = 1250 where code = 'gyoza'`;
          await sql`update public.menu_items set premium_surcharge_cents = 1800 where code = 'lobster_tail'`;
          await sql`update public.menu_items set active = false where code = 'edamame'`;
          await reloaded(() =>
            menuPrice("edamame") === undefined && menuPrice("gyoza") === 1250
          );
          const menu = await page("/menu");
          assert.match(menuRow(menu, "Gyoza") ?? "", /\$12\.50/);
          assert.match(menuRow(menu, "Lobster tail") ?? "", /\+\$18\b/);
          assert.equal(menuRow(menu, "Edamame"), undefined);
        },
      );

      await t.step("edited settings show on /pricing and /menu", async () => {
        // The version in force today (ADR 0023: settings are versioned).
        await sql`update public.settings_versions
          set adult_price_cents = 5900, deposit_cents = 12500, extra_protein_cents = 1100
          where id = (app.settings_at(app.business_today())).id`;
        await reloaded(() =>
          app.parts.catalog.current().pricing.extraProteinCents === 1100
        );
        const pricing = await page("/pricing");
        assert.match(pricingRow(pricing, "Adult") ?? "", /\$59 per person/);
        assert.match(pricingRow(pricing, "Deposit") ?? "", /\$125/);
        assert.match(
          pricingRow(pricing, "Premium protein") ?? "",
          /Lobster tail \+\$18/,
        );
        // The worked example is priced with the live numbers: 8 adults at $59.
        assert.equal(pricingRow(pricing, "Adult (13+)"), "Adult (13+) 8 $472");
        const menu = await page("/menu");
        assert.match(decodeEntities(menu), /costs \$11, plus the premium/);
        // Every static page shows the catalog last read.
        assert.match(decodeEntities(await page("/")), /\$59 per adult/);
        assert.match(decodeEntities(await page("/faq")), /\$125/);
      });

      await t.step(
        "an unreachable database keeps the last prices read, logged",
        async () => {
          // The database goes away: every later query fails.
          await app.db.sql.end({ timeout: 5 });
          const logs: LogRecord[] = [];
          const restore = captureLogs((r) => logs.push(r));
          let menu: string;
          try {
            // A reload (as a reconnecting listener does) fails and keeps it.
            const kept = await app.parts.catalog.load({ timeoutMs: 2000 });
            assert.equal(kept.source, "fallback");
            menu = await page("/menu");
          } finally {
            restore();
          }
          // The last catalog read, not the seed's numbers, while it is down.
          assert.match(menuRow(menu, "Gyoza") ?? "", /\$12\.50/);
          assert.equal(menuRow(menu, "Edamame"), undefined);
          assert.ok(
            logs.some((r) =>
              r.level === "warn" && String(r.msg).includes("site catalog")
            ),
            "fallback is logged",
          );
        },
      );
    } finally {
      await stopWatching().catch(() => {});
      await app.dispose();
    }
  },
});

Deno.test("the site catalog falls back when the database never answers", async () => {
  // A server that accepts connections and never says a word.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  const db = await openDb({
    url: `postgres://nobody@127.0.0.1:${silent.addr.port}/none`,
    max: 1,
  });
  const logs: LogRecord[] = [];
  const restore = captureLogs((r) => logs.push(r));
  try {
    const catalog = await new SiteCatalogCache(db).load({ timeoutMs: 50 });
    assert.equal(catalog.source, "fallback");
    // Nothing was ever read, so the seed's numbers stand in.
    assert.deepEqual(catalog.pricing, FALLBACK_CATALOG.pricing);
    assert.deepEqual(catalog.menu, FALLBACK_CATALOG.menu);
    assert.ok(logs.some((r) => r.level === "warn"));
  } finally {
    restore();
    silent.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
    await db.sql.end({ timeout: 0 }).catch(() => {});
  }
});
