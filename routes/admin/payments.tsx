import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { partsOf } from "../../lib/app/parts.ts";
import {
  loadReconciliation,
  type Reconciliation,
  reconciliationPeriod,
  reconciliationQuerySchema,
} from "../../lib/payments/reconciliation.ts";
import { queryObject } from "../../lib/staff/schemas.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import {
  type BalanceTieOut,
  loadBalanceTieOut,
} from "../../lib/payments/balance_tie_out.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";
import { BalanceTieOutSection } from "./(_components)/BalanceTieOutSection.tsx";
import { usd } from "./(_components)/money.ts";

interface PaymentsData {
  rec: Reconciliation | null;
  tieOut: BalanceTieOut | null;
  filters: Record<string, string>;
  error?: { field: string; message: string };
}

/**
 * `/admin/payments` (managers and admins): the ledger by day and method,
 * Stripe events tied out against it with mismatches flagged, card refunds
 * that failed or are stuck. The period is in the URL (`from`, `to`).
 */
export const handler: Handlers<PaymentsData, AdminState> = {
  async GET(_req, ctx) {
    if (ctx.state.staff.role === "chef") {
      return roleForbiddenPage("payments are for managers and admins.");
    }
    const app = partsOf(ctx);
    const filters = queryObject(ctx.url.searchParams);
    for (const [k, v] of Object.entries(filters)) {
      if (v === "") delete filters[k];
    }
    const parsed = reconciliationQuerySchema.safeParse(filters);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return ctx.render({
        rec: null,
        tieOut: null,
        filters,
        error: {
          field: issue.path.join(".") || "query",
          message: issue.message,
        },
      }, { status: 422 });
    }
    const period = reconciliationPeriod(parsed.data, app.clock());
    const [rec, tieOut] = await Promise.all([
      loadReconciliation(app.db, ctx.state.claims, period, app.clock()),
      loadBalanceTieOut(
        app.db,
        ctx.state.claims,
        ctx.state.staff.role,
        app.payments,
        period,
      ),
    ]);
    return ctx.render({ rec, tieOut, filters });
  },
};

export default function PaymentsPage(
  { data, state, url }: PageProps<PaymentsData, AdminState>,
) {
  const rec = data.rec;
  const f = data.filters;
  const input = "rounded border border-stone-300 px-2 py-1";
  const cell = "py-2 pr-4";
  return (
    <>
      <SeoHead
        title="Payments"
        description="MyHibachi payments reconciliation."
        path="/admin/payments"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Payments</h1>
        <form
          method="get"
          action="/admin/payments"
          class="mt-4 flex flex-wrap items-end gap-3 text-sm"
        >
          <label class="flex flex-col">
            From
            <input
              class={input}
              type="date"
              name="from"
              value={rec?.from ?? f.from ?? ""}
            />
          </label>
          <label class="flex flex-col">
            To
            <input
              class={input}
              type="date"
              name="to"
              value={rec?.to ?? f.to ?? ""}
            />
          </label>
          <button
            type="submit"
            class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
          >
            Show
          </button>
        </form>
        {data.error && (
          <p
            role="alert"
            data-field={data.error.field}
            class="mt-4 rounded-md bg-red-50 p-4 text-red-900"
          >
            Check {data.error.field}: {data.error.message}
          </p>
        )}
        {rec && (
          <>
            <p
              class="mt-4 text-sm text-stone-700"
              data-mismatches={rec.mismatches}
            >
              {rec.mismatches === 0
                ? "Stripe and the ledger tie out for this period."
                : `${rec.mismatches} Stripe line${
                  rec.mismatches === 1 ? "" : "s"
                } do not tie out with the ledger.`} Open refunds due:{" "}
              {usd(rec.openRefundsDueCents)}.
            </p>
            <h2 class="mt-6 text-lg font-semibold">By day and method</h2>
            <table class="mt-2 min-w-full text-left text-sm" id="by-day">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class={cell}>Day</th>
                  <th scope="col" class={cell}>Method</th>
                  <th scope="col" class={cell}>Recorded by</th>
                  <th scope="col" class={cell}>Rows</th>
                  <th scope="col" class={`${cell} text-right`}>Received</th>
                  <th scope="col" class={`${cell} text-right`}>Refunded</th>
                  <th scope="col" class={`${cell} text-right`}>Net</th>
                </tr>
              </thead>
              <tbody>
                {rec.days.map((d) => (
                  <tr
                    class="border-b border-stone-100"
                    data-day={d.day}
                    data-method={d.method}
                  >
                    <td class={cell}>{d.day}</td>
                    <td class={cell}>{d.method}</td>
                    <td class={cell}>
                      {d.provider === "stripe" ? "Stripe" : "staff"}
                    </td>
                    <td class={cell}>{d.count}</td>
                    <td class={`${cell} text-right`}>{usd(d.paymentsCents)}</td>
                    <td class={`${cell} text-right`}>{usd(d.refundsCents)}</td>
                    <td class={`${cell} text-right`}>
                      {usd(d.paymentsCents - d.refundsCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2 class="mt-6 text-lg font-semibold">Stripe vs ledger</h2>
            <table class="mt-2 min-w-full text-left text-sm" id="stripe">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class={cell}>When</th>
                  <th scope="col" class={cell}>Event</th>
                  <th scope="col" class={cell}>Booking</th>
                  <th scope="col" class={`${cell} text-right`}>Stripe</th>
                  <th scope="col" class={`${cell} text-right`}>Ledger</th>
                  <th scope="col" class={cell}>Check</th>
                </tr>
              </thead>
              <tbody>
                {rec.stripe.map((s) => (
                  <tr
                    class={`border-b border-stone-100 ${
                      s.problem ? "bg-red-50" : ""
                    }`}
                    data-event={s.eventId ?? ""}
                    data-object={s.objectId ?? ""}
                    data-problem={s.problem ? "yes" : "no"}
                  >
                    <td class={cell}>{s.at.slice(0, 16).replace("T", " ")}</td>
                    <td class={cell}>
                      {s.type === "ledger_only" ? "(none)" : s.type}
                      <span class="block text-xs text-stone-500">
                        {s.objectId}
                      </span>
                    </td>
                    <td class={cell}>
                      {s.reference
                        ? (
                          <a
                            class="font-mono text-red-800 underline"
                            href={`/admin/bookings/${s.reference}`}
                          >
                            {s.reference}
                          </a>
                        )
                        : "—"}
                    </td>
                    <td class={`${cell} text-right`}>
                      {s.stripeCents === null ? "—" : usd(s.stripeCents)}
                    </td>
                    <td class={`${cell} text-right`}>
                      {s.ledgerCents === null ? "—" : usd(s.ledgerCents)}
                    </td>
                    <td class={cell}>
                      {s.problem
                        ? <strong class="text-red-900">{s.problem}</strong>
                        : `ok (${s.outcome.replace(/_/g, " ")})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.tieOut && <BalanceTieOutSection tieOut={data.tieOut} />}
            <h2 class="mt-6 text-lg font-semibold">Card refunds to check</h2>
            {rec.refundIssues.length === 0
              ? (
                <p class="mt-2 text-sm text-stone-600">
                  No failed or stuck card refunds.
                </p>
              )
              : (
                <table class="mt-2 min-w-full text-left text-sm" id="refunds">
                  <thead class="border-b border-stone-200 text-stone-600">
                    <tr>
                      <th scope="col" class={cell}>Booking</th>
                      <th scope="col" class={`${cell} text-right`}>Amount</th>
                      <th scope="col" class={cell}>Status</th>
                      <th scope="col" class={cell}>Attempts</th>
                      <th scope="col" class={cell}>Last error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rec.refundIssues.map((r) => (
                      <tr
                        class="border-b border-stone-100 bg-red-50"
                        data-refund={r.reference}
                        data-status={r.status}
                      >
                        <td class={cell}>
                          <a
                            class="font-mono text-red-800 underline"
                            href={`/admin/bookings/${r.reference}`}
                          >
                            {r.reference}
                          </a>
                        </td>
                        <td class={`${cell} text-right`}>
                          {usd(r.amountCents)}
                        </td>
                        <td class={cell}>{r.status}</td>
                        <td class={cell}>{r.attempts}</td>
                        <td class={cell}>{r.lastError ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
          </>
        )}
      </AdminShell>
    </>
  );
}
