import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { partsOf } from "../../lib/app/parts.ts";
import {
  type AuditPage,
  auditQuerySchema,
  listAudit,
} from "../../lib/audit/service.ts";
import { auditValue } from "../../lib/audit/diff.ts";
import { zodIssues } from "../../lib/http/errors.ts";
import { filledQuery } from "../../lib/staff/schemas.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

interface AuditPageData {
  page: AuditPage | null;
  filters: Record<string, string>;
  error?: string;
}

const FILTERS = ["actor", "action", "entity", "entityId", "from", "to"];

export const handler: Handlers<AuditPageData, AdminState> = {
  async GET(_req, ctx) {
    if (ctx.state.staff.role !== "admin") {
      return roleForbiddenPage("only admins read the audit log.");
    }
    const raw = filledQuery(ctx.url.searchParams);
    const filters = Object.fromEntries(
      FILTERS.filter((k) => raw[k]).map((k) => [k, raw[k]]),
    );
    const parsed = auditQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return ctx.render({
        page: null,
        filters,
        error: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
      }, { status: 422 });
    }
    const page = await listAudit(
      partsOf(ctx).db,
      ctx.state.claims,
      ctx.state.staff.role,
      parsed.data,
    );
    return ctx.render({ page, filters });
  },
};

const input = "mt-1 block w-full rounded border border-stone-300 px-2 py-1";

/** `/admin/audit` (admins): the audit log, filtered, with before/after. */
export default function AuditLogPage(
  { data, state, url }: PageProps<AuditPageData, AdminState>,
) {
  const f = data.filters;
  const next = data.page?.nextCursor
    ? `/admin/audit?${new URLSearchParams({
      ...f,
      cursor: data.page.nextCursor,
    })}`
    : null;
  const field = (name: string, label: string, type = "text") => (
    <label class="block">
      <span class="block text-sm font-medium">{label}</span>
      <input type={type} name={name} value={f[name] ?? ""} class={input} />
    </label>
  );
  return (
    <>
      <SeoHead
        title="Audit log"
        description="MyHibachi audit log."
        path="/admin/audit"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Audit log</h1>
        <form
          method="get"
          action="/admin/audit"
          class="mt-4 grid gap-3 sm:grid-cols-6"
          data-form="audit-filter"
        >
          {field("actor", "Actor (e-mail, id or kind)")}
          {field("action", "Action (or prefix)")}
          {field("entity", "Entity")}
          {field("entityId", "Entity id")}
          {field("from", "From", "date")}
          {field("to", "To", "date")}
          <div class="sm:col-span-6">
            <button
              type="submit"
              class="rounded bg-red-800 px-3 py-1 font-semibold text-white"
            >
              Filter
            </button>{" "}
            <a href="/admin/audit" class="text-red-800 underline">Clear</a>
          </div>
        </form>
        {data.error && (
          <p role="alert" data-notice="error" class="mt-4 bg-red-50 p-4">
            {data.error}
          </p>
        )}
        {data.page && (
          <>
            {data.page.items.length === 0 && (
              <p class="mt-6" data-empty>No entries match.</p>
            )}
            <ol class="mt-6 space-y-3">
              {data.page.items.map((e) => (
                <li
                  key={e.id}
                  data-audit={e.id}
                  data-action={e.action}
                  class="rounded-lg border border-stone-200 p-3"
                >
                  <p class="text-sm">
                    <time dateTime={e.at}>
                      {e.at.replace("T", " ").slice(0, 19)} UTC
                    </time>
                    {" · "}
                    <strong>{e.action}</strong> on {e.entity}
                    {e.entityId && ` ${e.entityId}`}
                    {" · by "}
                    {e.actorName ? `${e.actorName} (${e.actorEmail})` : e.actor}
                  </p>
                  {e.changes.length > 0 && (
                    <table class="mt-2 text-sm" data-diff>
                      <caption class="sr-only">Changes</caption>
                      <thead>
                        <tr>
                          <th scope="col" class="pr-4 text-left">Field</th>
                          <th scope="col" class="pr-4 text-left">Before</th>
                          <th scope="col" class="pr-4 text-left">After</th>
                        </tr>
                      </thead>
                      <tbody>
                        {e.changes.map((c) => (
                          <tr key={c.field} data-change={c.field}>
                            <th scope="row" class="pr-4 text-left font-mono">
                              {c.field}
                            </th>
                            <td class="pr-4 text-red-800">
                              <del>{auditValue(c.before)}</del>
                            </td>
                            <td class="pr-4 text-green-800">
                              <ins>{auditValue(c.after)}</ins>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  <details class="mt-1 text-xs text-stone-600">
                    <summary>Details</summary>
                    <pre class="whitespace-pre-wrap">{JSON.stringify(e.details, null, 2)}</pre>
                  </details>
                </li>
              ))}
            </ol>
            {next && (
              <p class="mt-4">
                <a href={next} rel="next" class="text-red-800 underline">
                  Older entries
                </a>
              </p>
            )}
          </>
        )}
      </AdminShell>
    </>
  );
}
