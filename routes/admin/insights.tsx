import type { Handlers, PageProps } from "$fresh/server.ts";
import { staffRefusalPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { LineChart } from "../../components/charts/LineChart.tsx";
import { BarChart } from "../../components/charts/BarChart.tsx";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import {
  computeInsights,
  insightLocations,
  type Insights,
} from "../../lib/insights/service.ts";
import { withClaims } from "../../lib/db/mod.ts";
import { acceptSuggestion, adjusted } from "../../lib/insights/accept.ts";
import type { PricingSuggestion } from "../../lib/insights/suggestions.ts";
import { StaffError } from "../../lib/staff/errors.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";
import { usd } from "./(_components)/money.ts";

interface InsightsPageData {
  insights: Insights;
  locations: { id: string; slug: string; name: string }[];
  /** The suggestion an admin is asked to confirm. */
  confirming?: PricingSuggestion;
  notice?: { kind: "ok" | "error"; text: string };
}

function plain(status: number, text: string): Response {
  return staffRefusalPage(status, text);
}

async function load(
  ctx: Parameters<
    NonNullable<Handlers<InsightsPageData, AdminState>["GET"]>
  >[1],
  location: string | undefined,
) {
  const app = partsOf(ctx);
  const insights = await computeInsights(
    app.db,
    ctx.state.claims,
    { location },
    app.clock(),
  );
  const locations = await withClaims(
    app.db,
    ctx.state.claims,
    (tx) => insightLocations(tx, ctx.state.staff),
    { readOnly: true },
  );
  return { insights, locations };
}

function locationParam(v: unknown): string | undefined {
  const s = typeof v === "string" ? v.trim() : "";
  return /^[a-z0-9-]{1,64}$/i.test(s) ? s : undefined;
}

export const handler: Handlers<InsightsPageData, AdminState> = {
  async GET(_req, ctx) {
    try {
      const data = await load(
        ctx,
        locationParam(ctx.url.searchParams.get("location")),
      );
      const notice = ctx.url.searchParams.get("notice");
      return ctx.render({
        ...data,
        notice: notice ? { kind: "ok", text: notice } : undefined,
      });
    } catch (err) {
      if (err instanceof StaffError) return plain(err.status, err.message);
      throw err;
    }
  },
  async POST(req, ctx) {
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    if (ctx.state.staff.role !== "admin") {
      return plain(403, "Forbidden: only admins accept price changes.");
    }
    const location = locationParam(form.get("location"));
    const id = String(form.get("suggestion") ?? "").slice(0, 100);
    const app = partsOf(ctx);
    try {
      if (form.get("confirm") !== "yes") {
        const data = await load(ctx, location);
        const confirming = data.insights.pricingSuggestions.find((s) =>
          s.id === id && s.acceptable
        );
        if (!confirming) {
          return plain(409, "That suggestion is no longer made; reload.");
        }
        return ctx.render({ ...data, confirming });
      }
      const accepted = await acceptSuggestion(
        app.db,
        ctx.state.claims,
        ctx.state.staff.role,
        location ?? "",
        id,
        app.clock(),
      );
      const q = new URLSearchParams({
        location: location ?? "",
        notice:
          `Accepted: ${accepted.suggestion.kind} on ${accepted.suggestion.date} (settings version${
            accepted.versions.length > 1 ? "s" : ""
          } ${accepted.versions.map((v) => v.id).join(", ")}).`,
      });
      return new Response(null, {
        status: 303,
        headers: { location: `/admin/insights?${q}` },
      });
    } catch (err) {
      if (err instanceof StaffError) {
        const data = await load(ctx, location).catch(() => null);
        if (!data) return plain(err.status, err.message);
        const res = await ctx.render({
          ...data,
          notice: { kind: "error", text: err.message },
        });
        return new Response(res.body, {
          status: err.status,
          headers: res.headers,
        });
      }
      throw err;
    }
  },
};

const number1 = (v: number) => v.toFixed(1);

function SuggestionRow(
  { s, admin, csrf, location }: {
    s: PricingSuggestion;
    admin: boolean;
    csrf: string;
    location: string;
  },
) {
  return (
    <tr class="border-t border-stone-200 align-top">
      <td class="py-2 pr-3 whitespace-nowrap">{s.date}</td>
      <td class="py-2 pr-3">
        {s.kind === "surcharge"
          ? `Surcharge +${s.percent} %`
          : s.kind === "promotion"
          ? `Promotion ${s.percent} %`
          : `More chef capacity (+${s.extraCapacity})`}
      </td>
      <td class="py-2 pr-3">{s.reason}</td>
      <td class="py-2 pr-3 whitespace-nowrap">
        {s.revenueEffectCents >= 0 ? "+" : ""}
        {usd(s.revenueEffectCents)}
      </td>
      <td class="py-2">
        {admin && s.acceptable
          ? (
            <form method="post" action="/admin/insights" f-client-nav={false}>
              <input type="hidden" name={CSRF_FIELD} value={csrf} />
              <input type="hidden" name="location" value={location} />
              <input type="hidden" name="suggestion" value={s.id} />
              <button
                type="submit"
                class="rounded border border-stone-400 px-2 py-1 hover:bg-stone-50"
                aria-label={`Accept ${s.kind} on ${s.date}`}
              >
                Accept…
              </button>
            </form>
          )
          : (
            <span class="text-stone-600">
              {s.acceptable ? "Admins accept" : "Plan staffing"}
            </span>
          )}
      </td>
    </tr>
  );
}

export default function InsightsPage(
  { data, state, url }: PageProps<InsightsPageData, AdminState>,
) {
  const { insights, locations, confirming, notice } = data;
  const admin = state.staff.role === "admin";
  const bt = insights.backtest;
  const f = insights.forecast;
  const beats = bt.mae < bt.baselineMae && bt.mape < bt.baselineMape;
  const protein = insights.menu.items.filter((i) => i.kind === "protein");
  const addons = insights.menu.items.filter((i) => i.kind === "addon");
  return (
    <>
      <SeoHead
        title={`Insights · ${insights.location.name} · MyHibachi staff`}
        description="Demand forecast, pricing suggestions and menu performance."
        path={url.pathname}
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path="/admin/insights">
        <h1 class="mt-6 text-2xl font-bold">
          Insights · {insights.location.name}
        </h1>
        <form
          method="get"
          action="/admin/insights"
          class="mt-3 flex gap-2 items-end"
        >
          <label class="text-sm">
            Location{" "}
            <select
              name="location"
              class="rounded border border-stone-300 px-2 py-1"
            >
              {locations.map((l) => (
                <option value={l.slug} selected={l.id === insights.location.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            class="rounded border border-stone-400 px-2 py-1"
          >
            Show
          </button>
        </form>
        {notice && (
          <p
            role={notice.kind === "error" ? "alert" : "status"}
            class={`mt-4 rounded p-3 ${
              notice.kind === "error"
                ? "bg-red-50 text-red-900"
                : "bg-green-50 text-green-900"
            }`}
          >
            {notice.text}
          </p>
        )}
        {confirming && (
          <section
            aria-labelledby="confirm-h"
            class="mt-4 rounded border-2 border-amber-600 bg-amber-50 p-4"
          >
            <h2 id="confirm-h" class="text-lg font-semibold">
              Confirm the price change
            </h2>
            <p class="mt-2">
              {confirming.reason} Adult and child prices change by{" "}
              {confirming.percent > 0 ? "+" : ""}
              {confirming.percent} % on {confirming.date}{" "}
              at every location (e.g. $55.00 →{" "}
              {usd(adjusted(5500, confirming.percent))}), as an audited settings
              version; the day after, the regular prices apply again. Existing
              bookings keep their quote.
            </p>
            <form
              method="post"
              action="/admin/insights"
              class="mt-3 flex gap-3"
              f-client-nav={false}
            >
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <input
                type="hidden"
                name="location"
                value={insights.location.slug}
              />
              <input type="hidden" name="suggestion" value={confirming.id} />
              <input type="hidden" name="confirm" value="yes" />
              <button
                type="submit"
                class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
              >
                Confirm and save settings
              </button>
              <a
                href={`/admin/insights?location=${insights.location.slug}`}
                class="px-3 py-1 underline"
              >
                Cancel
              </a>
            </form>
          </section>
        )}

        <section aria-labelledby="forecast-h" class="mt-6">
          <h2 id="forecast-h" class="text-xl font-semibold">
            Demand forecast, next {f.length} days
          </h2>
          <LineChart
            title="Expected booking requests per day"
            description="The model's expectation with its 80 % prediction interval (shaded), and the seasonal-naive baseline (dashed: the same weekday of the last observed week)."
            labels={f.map((d) => d.date)}
            series={[
              {
                name: "Forecast",
                values: f.map((d) => d.expected),
                band: { low: f.map((d) => d.low), high: f.map((d) => d.high) },
              },
              {
                name: "Seasonal-naive baseline",
                values: f.map((d) => d.baseline),
                dashed: true,
              },
              { name: "On the books", values: f.map((d) => d.onBooks) },
            ]}
            format={number1}
          />
        </section>

        <section aria-labelledby="backtest-h" class="mt-6">
          <h2 id="backtest-h" class="text-xl font-semibold">
            Backtest: last {bt.weeks} weeks
          </h2>
          <p class="mt-1 text-stone-700">
            Rolling origin: each week, the model saw only the bookings made
            before it and forecast the next 7 days ({bt.days} days scored).{" "}
            <strong data-beats-baseline={beats ? "yes" : "no"}>
              {beats
                ? "The model beats the seasonal-naive baseline."
                : "The model does not beat the seasonal-naive baseline."}
            </strong>
          </p>
          <table class="mt-2 text-sm">
            <caption class="sr-only">Backtest errors</caption>
            <thead>
              <tr>
                <th scope="col" class="pr-6 text-left">Forecaster</th>
                <th scope="col" class="pr-6 text-right">MAE (requests/day)</th>
                <th scope="col" class="pr-6 text-right">MAPE</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" class="pr-6 text-left font-normal">Model</th>
                <td class="pr-6 text-right" data-metric="mae">
                  {bt.mae.toFixed(3)}
                </td>
                <td class="pr-6 text-right" data-metric="mape">
                  {bt.mape.toFixed(1)} %
                </td>
              </tr>
              <tr>
                <th scope="row" class="pr-6 text-left font-normal">
                  Model without the bookings on the books
                </th>
                <td class="pr-6 text-right">{bt.priorMae.toFixed(3)}</td>
                <td class="pr-6 text-right">{bt.priorMape.toFixed(1)} %</td>
              </tr>
              <tr>
                <th scope="row" class="pr-6 text-left font-normal">
                  Seasonal-naive
                </th>
                <td class="pr-6 text-right" data-metric="baseline-mae">
                  {bt.baselineMae.toFixed(3)}
                </td>
                <td class="pr-6 text-right" data-metric="baseline-mape">
                  {bt.baselineMape.toFixed(1)} %
                </td>
              </tr>
            </tbody>
          </table>
          <p class="mt-1 text-sm text-stone-600">
            {bt.coverage.toFixed(0)}{" "}
            % of actual days fell inside the 80 % interval. MAPE counts days
            with at least one request.
          </p>
        </section>

        <section aria-labelledby="pricing-h" class="mt-6">
          <h2 id="pricing-h" class="text-xl font-semibold">
            Pricing suggestions
          </h2>
          <p class="mt-1 text-sm text-stone-600">
            Bounds from the settings: surcharge up to{" "}
            {insights.bounds.maxSurchargePercent} %, promotion up to{" "}
            {insights.bounds.maxPromotionPercent} %.
          </p>
          {insights.pricingSuggestions.length === 0
            ? <p class="mt-2">No date needs a price change.</p>
            : (
              <table class="mt-2 w-full text-sm">
                <caption class="sr-only">Pricing suggestions</caption>
                <thead>
                  <tr class="text-left">
                    <th scope="col">Date</th>
                    <th scope="col">Suggestion</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Revenue effect</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {insights.pricingSuggestions.map((s) => (
                    <SuggestionRow
                      s={s}
                      admin={admin}
                      csrf={state.csrf}
                      location={insights.location.slug}
                    />
                  ))}
                </tbody>
              </table>
            )}
        </section>

        <section aria-labelledby="menu-h" class="mt-6">
          <h2 id="menu-h" class="text-xl font-semibold">Menu performance</h2>
          <p class="mt-1 text-stone-700">
            {insights.menu.parties} confirmed or completed parties, food revenue
            {" "}
            {usd(insights.menu.foodRevenueCents)}.
          </p>
          <BarChart
            title="Protein attach rate (% of parties)"
            bars={protein.map((i) => ({ label: i.code, value: i.attachRate }))}
            categoryName="Protein"
            valueName="Attach rate (%)"
            format={number1}
          />
          <BarChart
            title="Add-on attach rate (% of parties)"
            bars={addons.map((i) => ({ label: i.code, value: i.attachRate }))}
            categoryName="Add-on"
            valueName="Attach rate (%)"
            format={number1}
          />
          <BarChart
            title="Revenue of each item's own lines"
            description="Premium surcharges, extra servings and add-on prices from each booking's stored quote."
            bars={insights.menu.items.map((i) => ({
              label: i.code,
              value: i.revenueCents / 100,
            }))}
            categoryName="Item"
            valueName="Revenue ($)"
            format={(v) => `$${Math.round(v).toLocaleString("en-US")}`}
          />
          {(() => {
            const months = Object.keys(addons[0]?.byMonth ?? {}).slice(-12);
            return months.length > 1 && (
              <LineChart
                title="Add-on attach rate by month (% of parties)"
                labels={months}
                labelName="Month"
                series={addons.map((i) => ({
                  name: i.code,
                  values: months.map((m) => i.byMonth[m] ?? null),
                }))}
                format={number1}
              />
            );
          })()}
          <h3 class="mt-4 font-semibold">Suggestions</h3>
          <ul class="mt-1 list-disc pl-6">
            {insights.menu.suggestions.map((s) => (
              <li key={s.codes.join("+")}>{s.reason}</li>
            ))}
            {insights.menu.suggestions.length === 0 && (
              <li>No menu change suggested.</li>
            )}
          </ul>
        </section>
      </AdminShell>
    </>
  );
}
