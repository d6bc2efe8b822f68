import type { Handlers, PageProps } from "$fresh/server.ts";
import { staffRefusalPage } from "../../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { BarChart } from "../../../components/charts/BarChart.tsx";
import { LineChart } from "../../../components/charts/LineChart.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import {
  type AnalyticsLocation,
  analyticsLocations,
  type AnalyticsReport,
  analyticsReport,
} from "../../../lib/analytics/report.ts";
import { analyticsQuerySchema } from "../../../lib/analytics/schema.ts";
import { monthOverMonth, percent } from "../../../lib/analytics/format.ts";
import { zodIssues } from "../../../lib/http/errors.ts";
import { fromDbError, refusalText } from "../../../lib/staff/errors.ts";
import { filledQuery } from "../../../lib/staff/schemas.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import { usd } from "../(_components)/money.ts";

interface AnalyticsPageData {
  report: AnalyticsReport | null;
  locations: AnalyticsLocation[];
  filters: Record<string, string>;
  error?: string;
}

const FILTERS = ["from", "to", "location"];

export const handler: Handlers<AnalyticsPageData, AdminState> = {
  async GET(_req, ctx) {
    const { role } = ctx.state.staff;
    if (role !== "manager" && role !== "admin") {
      return staffRefusalPage(
        403,
        "Forbidden: only managers and admins read analytics.",
      );
    }
    const app = partsOf(ctx);
    const raw = filledQuery(ctx.url.searchParams);
    const filters = Object.fromEntries(
      FILTERS.filter((k) => raw[k]).map((k) => [k, raw[k]]),
    );
    const locations = await analyticsLocations(app.db, ctx.state.claims);
    const parsed = analyticsQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return ctx.render({
        report: null,
        locations,
        filters,
        error: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      }, { status: 422 });
    }
    try {
      const report = await analyticsReport(
        app.db,
        ctx.state.claims,
        role,
        parsed.data,
        app.clock(),
      );
      return ctx.render({ report, locations, filters });
    } catch (err) {
      const refused = fromDbError(err);
      if (!refused) throw err;
      return ctx.render({
        report: null,
        locations,
        filters,
        error: refusalText(refused),
      }, { status: refused.status });
    }
  },
};

const input = "mt-1 block w-full rounded border border-stone-300 px-2 py-1";
const dollars = (cents: number) => usd(Math.round(cents));
const whole = (v: number) => v.toLocaleString("en-US");

function Kpi(props: { label: string; value: string; name: string }) {
  return (
    <div class="rounded-lg border border-stone-200 p-3" data-kpi={props.name}>
      <dt class="text-sm text-stone-600">{props.label}</dt>
      <dd class="text-xl font-semibold text-stone-900 tabular-nums">
        {props.value}
      </dd>
    </div>
  );
}

const orDash = (v: number | null, f: (v: number) => string) =>
  v === null ? "—" : f(v);

/** The headline numbers: `[data-kpi name, label, value]`. */
function kpis(r: AnalyticsReport): [string, string, string][] {
  return [
    ["revenue-booked", "Revenue booked", dollars(r.revenueBookedCents)],
    ["revenue-earned", "Revenue earned", dollars(r.revenueEarnedCents)],
    ["completed-events", "Completed events", whole(r.completedEvents)],
    ["average-ticket", "Average ticket", orDash(r.averageTicketCents, dollars)],
    [
      "average-party",
      "Average party (guests)",
      orDash(r.averagePartyGuests, String),
    ],
    ["cancellation-rate", "Cancellation rate", percent(r.cancellationRate)],
    ["no-show-rate", "No-show rate", percent(r.noShowRate)],
    ["repeat-customer-rate", "Repeat customers", percent(r.repeatCustomerRate)],
    [
      "revenue-per-customer",
      "Revenue per customer",
      orDash(r.revenuePerCustomerCents, dollars),
    ],
    ["customers", "Customers served", whole(r.customers)],
  ];
}

/** `/admin/analytics` (managers, admins): the report with charts and CSV exports. */
export default function AnalyticsPage(
  { data, state, url }: PageProps<AnalyticsPageData, AdminState>,
) {
  const r = data.report;
  const f = r
    ? {
      from: r.from,
      to: r.to,
      ...(r.location ? { location: r.location } : {}),
    }
    : data.filters;
  const exportQuery = new URLSearchParams(f as Record<string, string>);
  const mom = r ? monthOverMonth(r.months) : [];
  return (
    <>
      <SeoHead
        title="Analytics"
        description="MyHibachi analytics."
        path="/admin/analytics"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Analytics</h1>
        <form
          method="get"
          action="/admin/analytics"
          class="mt-4 grid gap-3 sm:grid-cols-4"
          data-form="analytics-filter"
        >
          <label class="block">
            <span class="block text-sm font-medium">From</span>
            <input type="date" name="from" value={f.from ?? ""} class={input} />
          </label>
          <label class="block">
            <span class="block text-sm font-medium">To</span>
            <input type="date" name="to" value={f.to ?? ""} class={input} />
          </label>
          <label class="block">
            <span class="block text-sm font-medium">Location</span>
            <select name="location" class={input}>
              <option value="">
                {state.staff.role === "admin"
                  ? "All locations"
                  : "All my locations"}
              </option>
              {data.locations.map((l) => (
                <option value={l.slug} selected={l.slug === f.location}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <div class="self-end">
            <button
              type="submit"
              class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
            >
              Show
            </button>
          </div>
        </form>
        {data.error && (
          <p role="alert" data-notice="error" class="mt-4 bg-red-50 p-4">
            {data.error}
          </p>
        )}
        {r && (
          <>
            <p class="mt-4 text-sm text-stone-600">
              {r.from} to {r.to}
              {r.location ? ` · ${r.location}` : ""}. Revenue booked counts
              bookings made in the range with a paid deposit; revenue earned
              counts completed events held in the range.
            </p>
            <section aria-labelledby="exports" class="mt-4">
              <h2 id="exports" class="text-lg font-semibold">
                CSV exports of the range
              </h2>
              <ul class="mt-1 flex flex-wrap gap-4" f-client-nav={false}>
                {(["bookings", "payments", "customers"] as const).map((k) => (
                  <li>
                    <a
                      href={`/admin/analytics/${k}.csv?${exportQuery}`}
                      download
                      data-export={k}
                      class="text-red-800 underline"
                    >
                      {k[0].toUpperCase() + k.slice(1)} (CSV)
                    </a>
                  </li>
                ))}
              </ul>
            </section>
            <dl class="mt-6 grid gap-3 sm:grid-cols-4">
              {kpis(r).map(([name, label, value]) => (
                <Kpi name={name} label={label} value={value} />
              ))}
            </dl>
            <div class="mt-6 grid gap-6 lg:grid-cols-2">
              <BarChart
                title="Funnel"
                description="Quotes and holds counted per day, then bookings made in the range, those with a paid deposit, and those completed."
                categoryName="Step"
                valueName="Count"
                bars={[
                  { label: "Quotes", value: r.funnel.quotes },
                  { label: "Holds", value: r.funnel.holds },
                  { label: "Bookings", value: r.funnel.bookings },
                  { label: "Deposit paid", value: r.funnel.depositPaid },
                  { label: "Completed", value: r.funnel.completed },
                ]}
              />
              <BarChart
                title="Bookings by status"
                description="Bookings whose event date is in the range, by current status."
                categoryName="Status"
                valueName="Bookings"
                bars={Object.entries(r.bookingsByStatus).map(([k, v]) => ({
                  label: k.replaceAll("_", " "),
                  value: v,
                }))}
              />
            </div>
            <LineChart
              title="Revenue by month"
              description="Revenue booked (by booking date) and earned (by event date) per month."
              labelName="Month"
              labels={r.months.map((m) => m.month)}
              series={[
                {
                  name: "Booked",
                  values: r.months.map((m) => m.revenueBookedCents),
                },
                {
                  name: "Earned",
                  values: r.months.map((m) => m.revenueEarnedCents),
                  dashed: true,
                },
              ]}
              format={dollars}
            />
            <div class="mt-2 overflow-x-auto">
              <table class="min-w-full text-left text-sm" data-table="mom">
                <caption class="text-left font-semibold text-stone-900">
                  Month over month
                </caption>
                <thead>
                  <tr>
                    <th scope="col" class="pr-4">Month</th>
                    <th scope="col" class="pr-4 text-right">Bookings made</th>
                    <th scope="col" class="pr-4 text-right">Revenue booked</th>
                    <th scope="col" class="pr-4 text-right">Completed</th>
                    <th scope="col" class="pr-4 text-right">Revenue earned</th>
                    <th scope="col" class="pr-4 text-right">
                      Earned vs. previous month
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {mom.map((m) => (
                    <tr data-month={m.month}>
                      <th scope="row" class="pr-4 font-normal">{m.month}</th>
                      <td class="pr-4 text-right tabular-nums">
                        {whole(m.bookings)}
                      </td>
                      <td class="pr-4 text-right tabular-nums">
                        {dollars(m.revenueBookedCents)}
                      </td>
                      <td class="pr-4 text-right tabular-nums">
                        {whole(m.completedEvents)}
                      </td>
                      <td class="pr-4 text-right tabular-nums">
                        {dollars(m.revenueEarnedCents)}
                      </td>
                      <td class="pr-4 text-right tabular-nums">
                        {m.earnedChange === null
                          ? "—"
                          : `${m.earnedChange > 0 ? "+" : ""}${
                            percent(m.earnedChange)
                          }`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="mt-6 grid gap-6 lg:grid-cols-2">
              <BarChart
                title="Lead time"
                description="Days between booking and event, for events in the range that did not expire unpaid."
                categoryName="Lead time"
                valueName="Bookings"
                bars={r.leadTime.map((b) => ({
                  label: b.bucket,
                  value: b.bookings,
                }))}
              />
              {([
                [
                  "Protein mix",
                  "Protein",
                  "protein servings (included and extra)",
                  r.proteinMix,
                ],
                ["Add-on mix", "Add-on", "add-on servings", r.addonMix],
              ] as const).map(([title, category, what, mix]) => (
                <BarChart
                  title={title}
                  description={`The ${what} of completed events.`}
                  categoryName={category}
                  valueName="Servings"
                  bars={mix.map((p) => ({ label: p.label, value: p.servings }))}
                />
              ))}
            </div>
          </>
        )}
      </AdminShell>
    </>
  );
}
