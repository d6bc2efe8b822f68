import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../../lib/auth/csrf.ts";
import { formOrRefusal } from "../../../lib/http/form_body.ts";
import {
  cancelBatch,
  cancelBatchBodySchema,
} from "../../../lib/staff/batch_cancel.ts";
import { BOOKING_STATUSES } from "../../../lib/booking_status/mod.ts";
import {
  type BookingPage,
  type BookingsScreen,
  bookingsScreen,
  BookingsScreenRefusal,
  type FilterOptions,
} from "../../../lib/staff/bookings.ts";
import { forbiddenPage } from "../../../lib/staff/forbidden_page.ts";
import { fromDbError, StaffError } from "../../../lib/staff/errors.ts";
import { listQuerySchema, queryObject } from "../../../lib/staff/schemas.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import { usd } from "../(_components)/money.ts";

interface ListData {
  page: BookingPage;
  filters: Record<string, string>;
  options: FilterOptions;
  error?: string;
  /** After a batch cancel (`?notice=`), or its refusal. */
  notice?: { kind: "ok" | "error"; text: string };
}

/** Only managers and admins cancel; chefs see no checkboxes. */
function canCancel(role: string): boolean {
  return role === "manager" || role === "admin";
}

/** The list URL a batch form returns to (its own filters, no notice). */
function listHref(back: string | null, notice: string): string {
  const params = new URLSearchParams(
    back && back.startsWith("?") ? back.slice(1) : "",
  );
  params.delete("notice");
  params.set("notice", notice);
  return `/admin/bookings?${params}`;
}

/** `/admin/bookings`: search and filters in the URL, keyset-paged table. */
export const handler: Handlers<ListData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const claims = ctx.state.claims;
    const filters = queryObject(ctx.url.searchParams);
    const noticeText = filters.notice;
    delete filters.notice;
    for (const [k, v] of Object.entries(filters)) {
      if (v === "") delete filters[k];
    }
    const notice = noticeText
      ? { kind: "ok" as const, text: noticeText.slice(0, 500) }
      : undefined;
    const parsed = listQuerySchema.safeParse(filters);
    // One transaction for the staff row, the form's options, the page and
    // the inbox badge (ADR 0052); this route checks staff itself.
    let screen: BookingsScreen | null;
    let error: StaffError | null = null;
    try {
      screen = await bookingsScreen(
        app.db,
        claims,
        parsed.success ? parsed.data : null,
      );
    } catch (err) {
      if (!(err instanceof BookingsScreenRefusal)) throw err;
      screen = err.screen;
      error = err.refusal;
    }
    if (!screen) return forbiddenPage(String(claims.email ?? ""));
    ctx.state.staff = screen.staff;
    ctx.state.openInbox = screen.openInbox;
    const empty = { items: [], nextCursor: null };
    if (!parsed.success) {
      return ctx.render({
        page: empty,
        filters,
        options: screen.options,
        error: "Check the filters: " +
          parsed.error.issues.map((i) => i.path.join(".") || "query").join(
            ", ",
          ),
      }, { status: 422 });
    }
    if (error) {
      return ctx.render({
        page: empty,
        filters,
        options: screen.options,
        error: error.message,
      }, { status: error.status });
    }
    return ctx.render({
      page: screen.page ?? empty,
      filters,
      options: screen.options,
      notice,
    });
  },
  /** The batch form: cancel the ticked unpaid bookings as spam. */
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const back = form.get("back");
    const parsed = cancelBatchBodySchema.safeParse({
      references: form.getAll("ref").filter((v) => typeof v === "string"),
      reason: form.get("reason") ?? "",
    });
    let text: string;
    if (!parsed.success) {
      text = "Nothing cancelled: tick at least one booking and give a reason.";
    } else {
      try {
        const out = await cancelBatch(app.db, actor, parsed.data);
        text =
          `Cancelled ${out.cancelled.length} booking${
            out.cancelled.length === 1 ? "" : "s"
          }` + (out.skipped.length
            ? `; skipped ${
              out.skipped.map((s) => `${s.reference} (${s.reason})`).join(", ")
            }.`
            : ".");
      } catch (err) {
        const mapped = err instanceof StaffError ? err : fromDbError(err);
        if (!mapped) throw err;
        text = `Nothing cancelled: ${mapped.message}`;
      }
    }
    return new Response(null, {
      status: 303,
      headers: {
        location: listHref(typeof back === "string" ? back : null, text),
      },
    });
  },
};

function nextHref(filters: Record<string, string>, cursor: string): string {
  const p = new URLSearchParams(filters);
  p.set("cursor", cursor);
  return `/admin/bookings?${p}`;
}

export default function BookingsPage(
  { data, state, url }: PageProps<ListData, AdminState>,
) {
  const f = data.filters;
  const batch = canCancel(state.staff.role);
  const input = "rounded border border-stone-300 px-2 py-1";
  return (
    <>
      <SeoHead
        title="Bookings"
        description="MyHibachi bookings."
        path="/admin/bookings"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Bookings</h1>
        <form
          method="get"
          action="/admin/bookings"
          class="mt-4 flex flex-wrap items-end gap-3 text-sm"
          role="search"
        >
          <label class="flex flex-col">
            Search
            <input
              class={input}
              type="search"
              name="q"
              value={f.q ?? ""}
              placeholder="Reference, name, e-mail, phone"
            />
          </label>
          <label class="flex flex-col">
            Status
            <select class={input} name="status">
              <option value="">Any</option>
              {BOOKING_STATUSES.map((s) => (
                <option value={s} selected={f.status === s}>
                  {s.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </label>
          <label class="flex flex-col">
            From
            <input class={input} type="date" name="from" value={f.from ?? ""} />
          </label>
          <label class="flex flex-col">
            To
            <input class={input} type="date" name="to" value={f.to ?? ""} />
          </label>
          <label class="flex flex-col">
            Location
            <select class={input} name="location">
              <option value="">Any</option>
              {data.options.locations.map((l) => (
                <option value={l.slug} selected={f.location === l.slug}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label class="flex flex-col">
            Chef
            <select class={input} name="chef">
              <option value="">Any</option>
              <option value="none" selected={f.chef === "none"}>
                Unassigned
              </option>
              {data.options.chefs.map((c) => (
                <option value={c.id} selected={f.chef === c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
          >
            Filter
          </button>
          <a href="/admin/bookings" class="text-stone-600 underline">Reset</a>
        </form>
        {data.notice && (
          <p
            role="status"
            data-notice={data.notice.kind}
            class="mt-4 rounded-md bg-green-50 p-4 text-green-900"
          >
            {data.notice.text}
          </p>
        )}
        {data.error && (
          <p role="alert" class="mt-4 rounded-md bg-red-50 p-4 text-red-900">
            {data.error}
          </p>
        )}
        <div class="mt-4 overflow-x-auto">
          <table class="min-w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-600">
              <tr>
                {batch && (
                  <th scope="col" class="py-2 pr-2">
                    <span class="sr-only">Select</span>
                  </th>
                )}
                <th scope="col" class="py-2 pr-4">Reference</th>
                <th scope="col" class="py-2 pr-4">Date</th>
                <th scope="col" class="py-2 pr-4">Time</th>
                <th scope="col" class="py-2 pr-4">Location</th>
                <th scope="col" class="py-2 pr-4">Customer</th>
                <th scope="col" class="py-2 pr-4">Guests</th>
                <th scope="col" class="py-2 pr-4">Status</th>
                <th scope="col" class="py-2 pr-4">Chef</th>
                <th scope="col" class="py-2 pr-4 text-right">Balance</th>
              </tr>
            </thead>
            <tbody>
              {data.page.items.map((b) => (
                <tr
                  key={b.reference}
                  data-booking={b.reference}
                  class="border-b border-stone-100"
                >
                  {batch && (
                    <td class="py-2 pr-2">
                      {b.status === "pending_deposit" && (
                        <input
                          type="checkbox"
                          form="batch-cancel"
                          name="ref"
                          value={b.reference}
                          aria-label={`Select ${b.reference}`}
                        />
                      )}
                    </td>
                  )}
                  <td class="py-2 pr-4">
                    <a
                      class="font-mono text-red-800 underline"
                      href={`/admin/bookings/${b.reference}`}
                    >
                      {b.reference}
                    </a>
                  </td>
                  <td class="py-2 pr-4">{b.eventDate}</td>
                  <td class="py-2 pr-4">{b.slotTime}</td>
                  <td class="py-2 pr-4">{b.location.name}</td>
                  <td class="py-2 pr-4">
                    {b.customer.name}
                    <span class="block text-xs text-stone-500">
                      {b.customer.email}
                    </span>
                  </td>
                  <td class="py-2 pr-4">{b.guests}</td>
                  <td class="py-2 pr-4" data-status={b.status}>
                    {b.status.replace(/_/g, " ")}
                  </td>
                  <td class="py-2 pr-4">{b.chef?.name ?? "Unassigned"}</td>
                  <td class="py-2 pr-4 text-right">{usd(b.balanceDueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.page.items.length === 0 && !data.error && (
            <p class="mt-4 text-stone-600">No bookings match.</p>
          )}
        </div>
        {batch && data.page.items.some((b) => b.status === "pending_deposit") &&
          (
            <form
              id="batch-cancel"
              method="post"
              action="/admin/bookings"
              class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 p-4 text-sm"
            >
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <input type="hidden" name="back" value={url.search} />
              <label class="flex flex-col">
                Reason
                <input
                  class={input}
                  name="reason"
                  required
                  maxLength={2000}
                  value="Spam booking"
                />
              </label>
              <button
                type="submit"
                class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
              >
                Cancel selected unpaid bookings
              </button>
              <span class="text-stone-600">
                Only unpaid, pending bookings are cancelled; no mail is sent.
              </span>
            </form>
          )}
        {data.page.nextCursor && (
          <p class="mt-4">
            <a
              rel="next"
              class="text-red-800 underline"
              href={nextHref(
                Object.fromEntries(
                  Object.entries(f).filter(([k]) => k !== "cursor"),
                ),
                data.page.nextCursor,
              )}
            >
              Next page →
            </a>
          </p>
        )}
      </AdminShell>
    </>
  );
}
