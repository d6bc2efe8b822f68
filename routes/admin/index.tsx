import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import LiveFeed from "../../islands/admin/LiveFeed.tsx";
import { withClaims } from "../../lib/db/mod.ts";
import { partsOf } from "../../lib/app/parts.ts";
import {
  type Dashboard,
  type DashboardEvent,
  loadDashboard,
} from "../../lib/staff/dashboard.ts";
import { statusLabel } from "../../lib/staff/feed.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

interface DashboardData {
  dashboard: Dashboard;
  supabaseUrl: string;
  anonKey: string;
}

export const handler: Handlers<DashboardData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const dashboard = await withClaims(
      app.db,
      ctx.state.claims,
      (tx) => loadDashboard(tx, { now: app.clock() }),
      { readOnly: true },
    );
    const { url, anonKey } = app.supabase;
    return ctx.render({ dashboard, supabaseUrl: url, anonKey });
  },
};

function EventTable(
  { events, empty }: { events: DashboardEvent[]; empty: string },
) {
  if (events.length === 0) return <p class="mt-2 text-stone-500">{empty}</p>;
  return (
    <div class="mt-2 overflow-x-auto">
      <table class="min-w-full text-left text-sm">
        <thead class="border-b border-stone-200 text-stone-600">
          <tr>
            <th scope="col" class="py-2 pr-4">Date</th>
            <th scope="col" class="py-2 pr-4">Time</th>
            <th scope="col" class="py-2 pr-4">Reference</th>
            <th scope="col" class="py-2 pr-4">Customer</th>
            <th scope="col" class="py-2 pr-4">Guests</th>
            <th scope="col" class="py-2 pr-4">City</th>
            <th scope="col" class="py-2 pr-4">Location</th>
            <th scope="col" class="py-2 pr-4">Chef</th>
            <th scope="col" class="py-2 pr-4">Status</th>
            <th scope="col" class="py-2 pr-4 text-right">Total</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr
              key={e.id}
              data-booking={e.reference}
              class="border-b border-stone-100"
            >
              <td class="py-2 pr-4">{e.eventDate}</td>
              <td class="py-2 pr-4">{e.slotTime}</td>
              <td class="py-2 pr-4 font-mono">{e.reference}</td>
              <td class="py-2 pr-4">{e.customerName ?? "—"}</td>
              <td class="py-2 pr-4">{e.guests}</td>
              <td class="py-2 pr-4">{e.city}</td>
              <td class="py-2 pr-4">{e.locationName}</td>
              <td class="py-2 pr-4">{e.chefName ?? "Unassigned"}</td>
              <td class="py-2 pr-4">{statusLabel(e.status)}</td>
              <td class="py-2 pr-4 text-right">{formatUsd(e.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Kpi(
  { label, value, name }: { label: string; value: string; name: string },
) {
  return (
    <div class="rounded-lg border border-stone-200 p-4">
      <dt class="text-sm text-stone-600">{label}</dt>
      <dd class="mt-1 text-2xl font-semibold text-stone-900" data-kpi={name}>
        {value}
      </dd>
    </div>
  );
}

/** Staff dashboard: today, upcoming, key figures and the live feed. */
export default function AdminDashboard(
  { data, state, url }: PageProps<DashboardData, AdminState>,
) {
  const { dashboard: d } = data;
  return (
    <>
      <SeoHead
        title="Dashboard"
        description="MyHibachi staff dashboard."
        path="/admin"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Dashboard</h1>
        <dl class="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Kpi
            label="Bookings this week"
            name="bookings-this-week"
            value={String(d.kpis.bookingsThisWeek)}
          />
          {
            /* Chefs may not read the payments ledger (RLS): money figures
              would always show $0 to them, so they are left out. */
          }
          {state.staff.role !== "chef" && (
            <>
              <Kpi
                label={`Deposits outstanding (${d.kpis.depositsOutstandingCount})`}
                name="deposits-outstanding"
                value={formatUsd(d.kpis.depositsOutstandingCents)}
              />
              <Kpi
                label="Revenue this month"
                name="revenue-this-month"
                value={formatUsd(d.kpis.revenueThisMonthCents)}
              />
            </>
          )}
        </dl>
        <div class="mt-8 grid gap-8 lg:grid-cols-3">
          <div class="lg:col-span-2">
            <section aria-labelledby="today-title">
              <h2 id="today-title" class="text-lg font-semibold text-stone-900">
                Today
              </h2>
              <EventTable events={d.today} empty="No events today." />
            </section>
            <section aria-labelledby="upcoming-title" class="mt-8">
              <h2
                id="upcoming-title"
                class="text-lg font-semibold text-stone-900"
              >
                Upcoming
              </h2>
              <EventTable events={d.upcoming} empty="No upcoming events." />
            </section>
          </div>
          <LiveFeed
            supabaseUrl={data.supabaseUrl}
            anonKey={data.anonKey}
            accessToken={state.accessToken}
            tokenUrl="/admin/token"
          />
        </div>
      </AdminShell>
    </>
  );
}
