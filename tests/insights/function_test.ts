/**
 * The `insights` Edge Function through the gateway (`/functions/v1/insights`)
 * on the seeded database, with the clock on the day after the seeded
 * history: roles (chef 403, manager of another location 403, manager and
 * admin 200), the forecast beats seasonal-naive in its backtest, bad
 * queries are 422 with the parameter; and on /admin/insights an admin
 * accepts a suggestion (CSRF, confirmation) which becomes effective-dated,
 * audited settings versions that quotes for that date use.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { fixedClock, instantAt } from "../support/clock.ts";
import { tokenAt } from "../staff/api_support.ts";
import { csrfFrom, postForm, signIn } from "../staff/support.ts";
import { addDays } from "../../lib/booking_window/dates.ts";
import type { PricingSuggestion } from "../../lib/insights/suggestions.ts";

const NOW = instantAt("2026-11-01", "10:00");
const ADMIN = "20000000-0000-4000-8000-000000000001";
const MANAGER = "20000000-0000-4000-8000-000000000002"; // Fremont
const CHEF = "20000000-0000-4000-8000-000000000011";
const FREMONT = "10000000-0000-4000-8000-000000000001";

async function get(app: TestApp, query: string, token: string | null) {
  const res = await fetch(`${app.url}/functions/v1/insights${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  // deno-lint-ignore no-explicit-any
  return { status: res.status, body: await res.json() as any };
}

Deno.test({
  name:
    "insights function: roles, forecast and backtest, bad input; accept on the page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startApp({
      serve: true,
      clock: fixedClock(NOW),
      env: {
        SUPABASE_URL: null,
        RATE_LIMITS: "login=600/60s,login_email=600/60s",
      },
    });
    try {
      const admin = await tokenAt(ADMIN, NOW);
      const manager = await tokenAt(MANAGER, NOW);
      const chef = await tokenAt(CHEF, NOW);

      await t.step(
        "no token 401; the anon key is not a staff member",
        async () => {
          assert.equal((await get(app, "", null)).status, 401);
          const anon = await get(app, "", app.parts.supabase.anonKey);
          assert.equal(anon.status, 401);
          assert.equal(anon.body.error.code, "UNAUTHORIZED");
        },
      );

      await t.step("a chef is refused", async () => {
        const r = await get(app, "?location=fremont", chef);
        assert.equal(r.status, 403);
        assert.equal(r.body.error.code, "FORBIDDEN");
      });

      await t.step("a manager of another location is refused", async () => {
        const r = await get(app, "?location=sacramento", manager);
        assert.equal(r.status, 403);
      });

      await t.step("a manager gets their location by default", async () => {
        const r = await get(app, "", manager);
        assert.equal(r.status, 200);
        assert.equal(r.body.location.id, FREMONT);
        assert.equal(r.body.today, "2026-11-01");
        assert.equal(r.body.forecast.length, 90);
      });

      await t.step(
        "an admin gets any location; the model beats the baseline",
        async () => {
          for (const loc of ["fremont", "sacramento"]) {
            const r = await get(app, `?location=${loc}`, admin);
            assert.equal(r.status, 200, JSON.stringify(r.body));
            const { backtest, forecast, menu } = r.body;
            assert.equal(backtest.weeks, 12);
            assert.ok(backtest.mae < backtest.baselineMae, loc);
            assert.ok(backtest.mape < backtest.baselineMape, loc);
            for (const d of forecast) {
              assert.ok(d.low <= d.expected && d.expected <= d.high, d.date);
            }
            assert.ok(menu.parties > 50);
            assert.ok(
              menu.items.some((i: { code: string }) => i.code === "gyoza"),
            );
          }
        },
      );

      await t.step(
        "from/to narrow the forecast; bad queries are 422 with the parameter",
        async () => {
          const r = await get(app, "?from=2026-11-10&to=2026-11-16", admin);
          assert.equal(r.status, 200);
          assert.deepEqual(
            r.body.forecast.map((d: { date: string }) => d.date),
            Array.from({ length: 7 }, (_, i) => addDays("2026-11-10", i)),
          );
          const cases: [string, string][] = [
            ["?from=2026-02-30", "from"],
            ["?from=2026-11-20&to=2026-11-10", "to"],
            ["?to=2027-06-01", "to"],
            ["?from=2026-10-01", "from"],
            ["?colour=red", ""],
            ["?location=fremont&location=sacramento", "location"],
          ];
          for (const [q, path] of cases) {
            const bad = await get(app, q, admin);
            assert.equal(bad.status, 422, q);
            assert.equal(bad.body.error.code, "VALIDATION_FAILED", q);
            if (path) {
              assert.equal(bad.body.error.issues[0].path, path, q);
            }
          }
          assert.equal(
            (await get(app, "?location=atlantis", admin)).status,
            404,
          );
        },
      );

      await t.step(
        "an admin accepts a promotion: settings versions, audited, quoted",
        async () => {
          const r = await get(app, "?location=fremont", admin);
          const promo = (r.body.pricingSuggestions as PricingSuggestion[]).find(
            (
              s,
            ) => s.kind === "promotion",
          );
          assert.ok(promo, "a slow date is suggested a promotion");
          const jar = await signIn(app, "admin@myhibachi.example");
          const page = await jar.fetch(
            `${app.url}/admin/insights?location=fremont`,
          );
          const html = await page.text();
          assert.equal(page.status, 200);
          assert.match(html, /data-beats-baseline="yes"/);
          const csrf = csrfFrom(html);
          // Without the CSRF token: refused, nothing saved.
          const forged = await postForm(jar, `${app.url}/admin/insights`, {
            location: "fremont",
            suggestion: promo.id,
            confirm: "yes",
          });
          await forged.body?.cancel();
          assert.equal(forged.status, 403);
          // First post asks to confirm and changes nothing.
          const ask = await postForm(jar, `${app.url}/admin/insights`, {
            _csrf: csrf,
            location: "fremont",
            suggestion: promo.id,
          });
          const askHtml = await ask.text();
          assert.equal(ask.status, 200);
          assert.match(askHtml, /Confirm the price change/);
          const count = async () =>
            (await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.settings_versions`)[0].n;
          const before = await count();
          const ok = await postForm(jar, `${app.url}/admin/insights`, {
            _csrf: csrf,
            location: "fremont",
            suggestion: promo.id,
            confirm: "yes",
          });
          await ok.body?.cancel();
          assert.equal(ok.status, 303);
          assert.match(ok.headers.get("location") ?? "", /notice=Accepted/);
          assert.equal(await count(), before + 2);
          const versions = await app.db.sql<
            {
              effective_from: string;
              adult_price_cents: number;
              child_price_cents: number;
            }[]
          >`select effective_from::text, adult_price_cents, child_price_cents
          from public.settings_versions where effective_from in
            (${promo.date}::date, ${addDays(promo.date, 1)}::date)
          order by effective_from`;
          assert.deepEqual([...versions], [
            {
              effective_from: promo.date,
              adult_price_cents: 4675,
              child_price_cents: 2550,
            },
            {
              effective_from: addDays(promo.date, 1),
              adult_price_cents: 5500,
              child_price_cents: 3000,
            },
          ]);
          const audit = await app.db.sql<
            { action: string; actor_id: string }[]
          >`
          select action, actor_id::text from public.audit_log
          where entity = 'settings_versions' order by id`;
          assert.ok(
            audit.some((a) =>
              a.action === "insights.accept" && a.actor_id === ADMIN
            ),
          );
          assert.ok(
            audit.filter((a) => a.action !== "insights.accept").length >= 2,
          );
          // The quote for that date uses the promotion.
          const quote = await fetch(`${app.url}/api/quote`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              adults: 10,
              children: 0,
              proteins: { chicken: 20 },
              zip: "94539",
              date: promo.date,
            }),
          });
          const q = await quote.json();
          assert.equal(quote.status, 200, JSON.stringify(q));
          assert.equal(
            q.lines.find((l: { code: string }) => l.code === "adult").unitCents,
            4675,
          );
          // Accepting the same date again is refused.
          const again = await postForm(jar, `${app.url}/admin/insights`, {
            _csrf: csrf,
            location: "fremont",
            suggestion: promo.id,
            confirm: "yes",
          });
          await again.body?.cancel();
          assert.equal(again.status, 409);
          assert.equal(await count(), before + 2);
        },
      );

      await t.step("a manager cannot accept", async () => {
        const jar = await signIn(app, "manager@myhibachi.example");
        const page = await jar.fetch(`${app.url}/admin/insights`);
        const html = await page.text();
        assert.equal(page.status, 200);
        assert.doesNotMatch(html, /Accept…/);
        const res = await postForm(jar, `${app.url}/admin/insights`, {
          _csrf: csrfFrom(html),
          location: "fremont",
          suggestion: "promotion:2026-12-01:-15",
          confirm: "yes",
        });
        await res.body?.cancel();
        assert.equal(res.status, 403);
      });
    } finally {
      await app.dispose();
    }
  },
});
