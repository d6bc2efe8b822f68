import { Head } from "$fresh/runtime.ts";
import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import type { PrepList } from "../../../lib/prep_list/mod.ts";
import { fromDbError, StaffError } from "../../../lib/staff/errors.ts";
import { chefProfile } from "../../../lib/staff/portal.ts";
import { prepList } from "../../../lib/staff/schedule.ts";
import {
  prepListQuerySchema,
  queryObject,
} from "../../../lib/staff/schemas.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";

interface PrepData {
  list: PrepList | null;
  date: string;
  error?: string;
}

/**
 * `/admin/me/prep?date=YYYY-MM-DD[&chef=…]`: a printable prep list. A chef
 * gets their own (default today in their location's zone); managers and
 * admins name a chef.
 */
export const handler: Handlers<PrepData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const q = queryObject(ctx.url.searchParams);
    try {
      if (!q.date && actor.role === "chef") {
        const chef = await chefProfile(app.db, actor, app.clock());
        q.date = chef.today;
      }
      const parsed = prepListQuerySchema.safeParse(q);
      if (!parsed.success) {
        return ctx.render({
          list: null,
          date: q.date ?? "",
          error: "Check the date: " +
            parsed.error.issues.map((i) => i.path.join(".") || "query").join(
              ", ",
            ),
        }, { status: 422 });
      }
      const list = await prepList(app.db, actor, parsed.data);
      return ctx.render({ list, date: parsed.data.date });
    } catch (err) {
      const m = err instanceof StaffError ? err : fromDbError(err);
      if (!m) throw err;
      return ctx.render({ list: null, date: q.date ?? "", error: m.message }, {
        status: m.status,
      });
    }
  },
};

function CountTable(
  { title, counts, unit }: {
    title: string;
    counts: Record<string, number>;
    unit: string;
  },
) {
  const entries = Object.entries(counts);
  return (
    <div>
      <h3 class="font-semibold">{title}</h3>
      {entries.length === 0 ? <p class="text-sm">—</p> : (
        <table class="text-sm">
          <tbody>
            {entries.map(([k, n]) => (
              <tr data-count={`${title.toLowerCase()}:${k}`}>
                <th scope="row" class="pr-4 text-left font-normal">{k}</th>
                <td class="text-right font-mono">{n}</td>
                <td class="pl-1 text-stone-600">{unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export default function PrepPage(
  { data, state, url }: PageProps<PrepData, AdminState>,
) {
  const l = data.list;
  return (
    <>
      <SeoHead
        title={`Prep list ${data.date}`}
        description="MyHibachi prep list."
        path={url.pathname}
        noindex
      />
      <Head>
        <link rel="stylesheet" href="/print.css" media="print" />
      </Head>
      <AdminShell staff={state.staff} csrf={state.csrf} path="/admin/me">
        <div class="mt-4 flex flex-wrap items-end gap-4" data-no-print>
          <a href="/admin/me" class="text-red-800 underline">← My events</a>
          <form method="get" class="flex items-end gap-2">
            <label class="flex flex-col text-sm">
              Date
              <input
                type="date"
                name="date"
                value={data.date}
                class="rounded border border-stone-300 px-2 py-1"
              />
            </label>
            {url.searchParams.get("chef") && (
              <input
                type="hidden"
                name="chef"
                value={url.searchParams.get("chef")!}
              />
            )}
            <button
              type="submit"
              class="rounded border border-stone-300 px-3 py-1"
            >
              Show
            </button>
          </form>
          <p class="text-sm text-stone-600">
            Print this page (Ctrl/Cmd+P) for a one-page list.
          </p>
        </div>
        {data.error && (
          <p role="alert" class="mt-4 rounded-md bg-red-50 p-4 text-red-900">
            {data.error}
          </p>
        )}
        {l && (
          <article class="prep-list mt-4" data-prep-list={l.date}>
            <h1 class="text-2xl font-bold text-stone-900">
              Prep list · {l.date} · {l.chef ?? ""}
            </h1>
            <section class="mt-4 grid gap-6 md:grid-cols-3">
              <div>
                <h2 class="font-semibold">Totals</h2>
                <p data-total-guests={l.guests}>
                  {l.guests} guests, {l.events.length}{" "}
                  event{l.events.length === 1 ? "" : "s"}
                </p>
              </div>
              <CountTable
                title="Proteins"
                counts={l.proteins}
                unit="servings"
              />
              <CountTable title="Add-ons" counts={l.addons} unit="" />
            </section>
            {l.events.length === 0 && (
              <p class="mt-4">No events on this day.</p>
            )}
            <ol class="mt-4">
              {l.events.map((e) => {
                const d = (e.details ?? {}) as {
                  address?: {
                    line1: string;
                    line2: string | null;
                    city: string;
                    state: string;
                    zip: string;
                  };
                  notes?: string | null;
                  chefNotes?: string[];
                  customer?: { name: string | null; phone: string | null };
                };
                return (
                  <li
                    class="prep-event mt-4 border-t border-stone-300 pt-2"
                    data-prep-event={e.reference}
                  >
                    <h2 class="font-semibold">
                      {e.slotTime} · {e.reference} · {e.guests} guests (
                      {e.adults} adults, {e.children} children, {e.under6}{" "}
                      under 6)
                    </h2>
                    {d.address && (
                      <p class="text-sm">
                        {d.address.line1}
                        {d.address.line2 ? `, ${d.address.line2}` : ""},{" "}
                        {d.address.city}, {d.address.state} {d.address.zip}
                      </p>
                    )}
                    {d.customer && (
                      <p class="text-sm">
                        {d.customer.name ?? ""} {d.customer.phone ?? ""}
                      </p>
                    )}
                    <p class="text-sm">
                      Proteins:{" "}
                      {Object.entries(e.proteins).map(([k, n]) => `${k} × ${n}`)
                        .join(", ") || "—"} · Add-ons:{" "}
                      {Object.entries(e.addons).map(([k, n]) => `${k} × ${n}`)
                        .join(", ") || "—"}
                    </p>
                    {d.notes && (
                      <p class="text-sm whitespace-pre-line">
                        <strong>Notes / allergies:</strong> {d.notes}
                      </p>
                    )}
                    {(d.chefNotes ?? []).map((n) => (
                      <p class="text-sm whitespace-pre-line">
                        <strong>From the office:</strong> {n}
                      </p>
                    ))}
                  </li>
                );
              })}
            </ol>
          </article>
        )}
      </AdminShell>
    </>
  );
}
