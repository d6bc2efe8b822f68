import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import LiveDashboard from "../../islands/admin/LiveDashboard.tsx";
import { withClaims } from "../../lib/db/mod.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { type Dashboard, loadDashboard } from "../../lib/staff/dashboard.ts";
import type { AdminState } from "../../lib/staff/types.ts";
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

/** Staff dashboard: key figures, today, upcoming and the feed, all live. */
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
        {
          /* Its own parent: the island's markers must not be siblings of
            the staff console's partial markers, or hydrating it detaches
            them and client navigation falls back to page loads. */
        }
        <div>
          <LiveDashboard
            initial={d}
            staffView={state.staff.role !== "chef"}
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
