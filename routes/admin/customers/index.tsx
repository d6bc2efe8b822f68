import type { Handlers, PageProps } from "$fresh/server.ts";
import { staffRefusalPage } from "../../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import {
  type CustomerPage,
  customersError,
  customersQuerySchema,
  type DuplicatePair,
  listDuplicates,
  searchCustomers,
} from "../../../lib/customers/service.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";

interface CustomersData {
  q: string;
  page: CustomerPage;
  duplicates: DuplicatePair[] | null;
  error?: string;
}

export const handler: Handlers<CustomersData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const params = ctx.url.searchParams;
    const parsed = customersQuerySchema.safeParse({
      q: params.get("q") ?? undefined,
      cursor: params.get("cursor") || undefined,
    });
    const q = parsed.success
      ? parsed.data
      : { q: "", limit: 25, cursor: undefined };
    try {
      const page = await searchCustomers(app.db, ctx.state.claims, q);
      const duplicates = params.get("view") === "duplicates"
        ? await listDuplicates(app.db, ctx.state.claims, { limit: 50 })
        : null;
      return ctx.render({ q: q.q, page, duplicates }, {
        status: parsed.success ? 200 : 422,
      });
    } catch (err) {
      const m = customersError(err);
      if (!m) throw err;
      return staffRefusalPage(m.status, m.message);
    }
  },
};

function Person(
  { c }: {
    c: { id: string; name: string; email: string; phone: string | null };
  },
) {
  return (
    <a href={`/admin/customers/${c.id}`} class="text-red-800 underline">
      {c.name}
    </a>
  );
}

/** `/admin/customers` (managers, admins): search by name, e-mail or phone. */
export default function CustomersView(
  { data, state, url }: PageProps<CustomersData, AdminState>,
) {
  const next = data.page.nextCursor
    ? `/admin/customers?${new URLSearchParams({
      q: data.q,
      cursor: data.page.nextCursor,
    })}`
    : null;
  return (
    <>
      <SeoHead
        title="Customers"
        description="MyHibachi customers."
        path="/admin/customers"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Customers</h1>
        <form method="get" action="/admin/customers" class="mt-4 flex gap-2">
          <label class="flex-1">
            <span class="sr-only">Search by name, e-mail or phone</span>
            <input
              type="search"
              name="q"
              value={data.q}
              maxLength={100}
              placeholder="Name, e-mail or phone"
              class="w-full rounded border border-stone-300 px-2 py-1"
            />
          </label>
          <button
            type="submit"
            class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
          >
            Search
          </button>
        </form>
        <p class="mt-2 text-sm">
          <a href="/admin/customers?view=duplicates" class="underline">
            Suggested duplicates
          </a>
        </p>
        {data.duplicates && (
          <section aria-labelledby="dup-title" class="mt-6">
            <h2 id="dup-title" class="text-lg font-semibold">
              Suggested duplicates (same phone)
            </h2>
            {data.duplicates.length === 0 && <p data-empty>None.</p>}
            <ul class="mt-2 space-y-1" data-duplicates>
              {data.duplicates.map((d) => (
                <li key={`${d.customer.id}-${d.duplicate.id}`}>
                  <Person c={d.customer} /> ({d.customer.email}) and{" "}
                  <Person c={d.duplicate} /> ({d.duplicate.email}) ·{" "}
                  {d.customer.phone}
                </li>
              ))}
            </ul>
          </section>
        )}
        {data.page.items.length === 0
          ? <p class="mt-6" data-empty>No customers found.</p>
          : (
            <table class="mt-6 min-w-full text-left text-sm">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class="py-2 pr-4">Name</th>
                  <th scope="col" class="py-2 pr-4">E-mail</th>
                  <th scope="col" class="py-2 pr-4">Phone</th>
                  <th scope="col" class="py-2 pr-4">Tags</th>
                </tr>
              </thead>
              <tbody>
                {data.page.items.map((c) => (
                  <tr
                    key={c.id}
                    data-customer={c.id}
                    class="border-b border-stone-100"
                  >
                    <td class="py-2 pr-4">
                      <Person c={c} />
                    </td>
                    <td class="py-2 pr-4">{c.email}</td>
                    <td class="py-2 pr-4">{c.phone ?? "—"}</td>
                    <td class="py-2 pr-4">{c.tags.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        {next && (
          <p class="mt-4">
            <a href={next} rel="next" class="underline" data-next>Next page</a>
          </p>
        )}
      </AdminShell>
    </>
  );
}
