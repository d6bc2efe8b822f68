import type { Handlers, PageProps } from "$fresh/server.ts";
import { staffRefusalPage } from "../../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../../lib/auth/csrf.ts";
import { formOrRefusal } from "../../../lib/http/form_body.ts";
import {
  type CustomerDetail,
  customersError,
  type CustomerSummary,
  eraseCustomer,
  getCustomer,
  listDuplicates,
  mergeBodySchema,
  mergeCustomers,
  updateCustomer,
  updateCustomerBodySchema,
} from "../../../lib/customers/service.ts";
import { invalid } from "../../../lib/staff/errors.ts";
import { statusLabel } from "../../../lib/staff/feed.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { formatUsd } from "../../../lib/site/money.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import { Notice, type NoticeData } from "../(_components)/Notice.tsx";

interface CustomerData {
  customer: CustomerDetail;
  duplicates: CustomerSummary[];
  notice?: NoticeData;
}

type App = ReturnType<typeof partsOf>;

async function load(
  app: App,
  state: AdminState,
  id: string,
): Promise<Omit<CustomerData, "notice">> {
  const customer = await getCustomer(app.db, state.claims, id);
  const pairs = await listDuplicates(app.db, state.claims, { limit: 200 });
  const duplicates = pairs.flatMap((p) =>
    p.customer.id === id
      ? [p.duplicate]
      : p.duplicate.id === id
      ? [p.customer]
      : []
  );
  return { customer, duplicates };
}

/** Runs one form of the page; returns the notice and where to go next. */
async function perform(
  app: App,
  state: AdminState,
  id: string,
  form: FormData,
): Promise<{ text: string; to: string }> {
  switch (form.get("_action")) {
    case "update": {
      const tags = String(form.get("tags") ?? "").split(",").map((t) =>
        t.trim()
      ).filter((t) => t !== "");
      const b = updateCustomerBodySchema.safeParse({
        notes: String(form.get("notes") ?? ""),
        tags,
      });
      if (!b.success) throw invalid(b.error);
      await updateCustomer(app.db, state.claims, id, b.data);
      return { text: "Saved.", to: id };
    }
    case "merge": {
      const b = mergeBodySchema.safeParse({
        duplicateId: form.get("duplicateId"),
      });
      if (!b.success) throw invalid(b.error);
      await mergeCustomers(app.db, state.claims, id, b.data.duplicateId);
      return { text: "Duplicate merged into this customer.", to: id };
    }
    case "erase": {
      if (form.get("confirm") !== "erase") {
        return { text: "Tick the box to confirm the erasure.", to: id };
      }
      await eraseCustomer(app.db, state.claims, id);
      return { text: "Personal data erased.", to: id };
    }
    default:
      throw new Response("Unknown form.", { status: 422 });
  }
}

function refusal(err: unknown): Response | { status: number; text: string } {
  if (err instanceof Response) return err;
  const m = customersError(err);
  if (!m) throw err;
  const detail = m.issues.length
    ? ` (${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")})`
    : "";
  return { status: m.status, text: `${m.message}${detail}` };
}

export const handler: Handlers<CustomerData, AdminState> = {
  async GET(_req, ctx) {
    try {
      const data = await load(partsOf(ctx), ctx.state, ctx.params.id);
      const notice = ctx.url.searchParams.get("notice");
      return ctx.render({
        ...data,
        notice: notice ? { kind: "ok", text: notice } : undefined,
      });
    } catch (err) {
      const r = refusal(err);
      if (r instanceof Response) return r;
      return staffRefusalPage(r.status, r.text);
    }
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const id = ctx.params.id;
    try {
      const done = await perform(app, ctx.state, id, form);
      return new Response(null, {
        status: 303,
        headers: {
          location: `/admin/customers/${done.to}?${new URLSearchParams({
            notice: done.text,
          })}`,
        },
      });
    } catch (err) {
      const r = refusal(err);
      if (r instanceof Response) return r;
      try {
        return ctx.render({
          ...await load(app, ctx.state, id),
          notice: { kind: "error", text: r.text },
        }, { status: r.status });
      } catch {
        return new Response(r.text, { status: r.status });
      }
    }
  },
};

const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";
const secondary = "rounded border border-stone-400 px-3 py-1";

function Figure(
  { label, name, value }: { label: string; name: string; value: string },
) {
  return (
    <div class="rounded-lg border border-stone-200 p-3">
      <dt class="text-sm text-stone-600">{label}</dt>
      <dd class="mt-1 text-xl font-semibold" data-figure={name}>{value}</dd>
    </div>
  );
}

/** `/admin/customers/{id}`: history, figures, notes and tags, merge, export, erase. */
export default function CustomerView(
  { data, state, url }: PageProps<CustomerData, AdminState>,
) {
  const c = data.customer;
  const hidden = (action: string) => (
    <>
      <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
      <input type="hidden" name="_action" value={action} />
    </>
  );
  return (
    <>
      <SeoHead
        title={c.name}
        description="MyHibachi customer."
        path={url.pathname}
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path="/admin/customers">
        <p class="mt-6 text-sm">
          <a href="/admin/customers" class="underline">Customers</a>
        </p>
        <h1 class="mt-2 text-2xl font-bold text-stone-900" data-customer-name>
          {c.name}
        </h1>
        <p class="text-stone-700">
          {c.email} · {c.phone ?? "no phone"}
          {c.erasedAt && (
            <span data-erased class="ml-2 text-red-800">
              (personal data erased)
            </span>
          )}
        </p>
        <Notice notice={data.notice} />
        <dl class="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
          <Figure
            label="Lifetime value"
            name="ltv"
            value={formatUsd(c.lifetimeValueCents)}
          />
          <Figure
            label="Bookings"
            name="bookings"
            value={String(c.bookingCount)}
          />
          <Figure
            label="Average party"
            name="average-party"
            value={c.averageParty === null ? "—" : String(c.averageParty)}
          />
          <Figure
            label="Last event"
            name="last-event"
            value={c.lastEventDate ?? "—"}
          />
          <Figure
            label={c.preferredChef?.source === "set"
              ? "Preferred chef"
              : "Preferred chef (most booked)"}
            name="preferred-chef"
            value={c.preferredChef?.name ?? "—"}
          />
        </dl>
        <p class="mt-1 text-sm text-stone-600">
          Paid {formatUsd(c.paidCents)}, refunded {formatUsd(c.refundedCents)}.
        </p>
        <section aria-labelledby="bookings-title" class="mt-6">
          <h2 id="bookings-title" class="text-lg font-semibold">Bookings</h2>
          <table class="mt-2 min-w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" class="py-2 pr-4">Date</th>
                <th scope="col" class="py-2 pr-4">Reference</th>
                <th scope="col" class="py-2 pr-4">Guests</th>
                <th scope="col" class="py-2 pr-4">Location</th>
                <th scope="col" class="py-2 pr-4">Chef</th>
                <th scope="col" class="py-2 pr-4">Status</th>
                <th scope="col" class="py-2 pr-4 text-right">Total</th>
              </tr>
            </thead>
            <tbody>
              {c.bookings.map((b) => (
                <tr key={b.reference} data-booking={b.reference}>
                  <td class="py-2 pr-4">{b.eventDate} {b.slotTime}</td>
                  <td class="py-2 pr-4 font-mono">
                    <a
                      href={`/admin/bookings/${b.reference}`}
                      class="underline"
                    >
                      {b.reference}
                    </a>
                  </td>
                  <td class="py-2 pr-4">{b.guests}</td>
                  <td class="py-2 pr-4">{b.locationName}</td>
                  <td class="py-2 pr-4">{b.chefName ?? "Unassigned"}</td>
                  <td class="py-2 pr-4">{statusLabel(b.status)}</td>
                  <td class="py-2 pr-4 text-right">
                    {formatUsd(b.totalCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {!c.erasedAt && (
          <form
            method="post"
            action={`/admin/customers/${c.id}`}
            class="mt-6 space-y-2"
            data-form="update"
          >
            {hidden("update")}
            <label class="block text-sm font-medium">
              Tags (comma-separated, e.g. vip, allergy-nuts)
              <input
                name="tags"
                value={c.tags.join(", ")}
                class="mt-1 block w-full rounded border border-stone-300 px-2 py-1"
              />
            </label>
            <label class="block text-sm font-medium">
              Notes
              <textarea
                name="notes"
                maxLength={5000}
                rows={3}
                class="mt-1 block w-full rounded border border-stone-300 px-2 py-1"
              >
                {c.notes ?? ""}
              </textarea>
            </label>
            <button type="submit" class={button}>Save</button>
          </form>
        )}
        {!c.erasedAt && data.duplicates.length > 0 && (
          <section aria-labelledby="merge-title" class="mt-6">
            <h2 id="merge-title" class="text-lg font-semibold">
              Possible duplicates
            </h2>
            <ul class="mt-2 space-y-2">
              {data.duplicates.map((d) => (
                <li key={d.id} data-duplicate={d.id}>
                  <form
                    method="post"
                    action={`/admin/customers/${c.id}`}
                    class="flex items-center gap-2"
                  >
                    {hidden("merge")}
                    <input type="hidden" name="duplicateId" value={d.id} />
                    <a href={`/admin/customers/${d.id}`} class="underline">
                      {d.name}
                    </a>{" "}
                    ({d.email}, {d.phone})
                    <button type="submit" class={secondary}>
                      Merge into this customer
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="privacy-title" class="mt-6">
          <h2 id="privacy-title" class="text-lg font-semibold">
            Personal data
          </h2>
          <p class="mt-2">
            <a
              href={`/admin/customers/${c.id}/export`}
              download
              class="underline"
              f-client-nav={false}
            >
              Export as JSON
            </a>
          </p>
          {!c.erasedAt && (
            <form
              method="post"
              action={`/admin/customers/${c.id}`}
              class="mt-2 flex items-center gap-2"
              data-form="erase"
            >
              {hidden("erase")}
              <label class="text-sm">
                <input type="checkbox" name="confirm" value="erase" required />
                {" "}
                Erase this customer's name, contact details, addresses and notes
                (bookings and payments stay)
              </label>
              <button type="submit" class={secondary}>Erase</button>
            </form>
          )}
        </section>
      </AdminShell>
    </>
  );
}
