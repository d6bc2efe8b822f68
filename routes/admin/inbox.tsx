import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import {
  assignBodySchema,
  assignMessage,
  INBOX_VIEWS,
  inboxError,
  type InboxPage,
  inboxQuerySchema,
  listInbox,
  replyBodySchema,
  replyToMessage,
  setHandled,
} from "../../lib/inbox/service.ts";
import { invalid } from "../../lib/staff/errors.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";
import { Notice, type NoticeData } from "./(_components)/Notice.tsx";

interface InboxPageData {
  page: InboxPage;
  view: string;
  notice?: NoticeData;
}

function forbidden(): Response {
  return roleForbiddenPage("the inbox is for managers and admins.");
}

/** Runs one inbox form; returns the notice to show after the redirect. */
async function perform(
  ctx: { state: AdminState },
  app: ReturnType<typeof partsOf>,
  form: FormData,
): Promise<string> {
  const claims = ctx.state.claims;
  const id = String(form.get("id") ?? "");
  switch (form.get("_action")) {
    case "assign": {
      const raw = String(form.get("assigneeId") ?? "");
      const b = assignBodySchema.safeParse({
        assigneeId: raw === "" ? null : raw,
      });
      if (!b.success) throw invalid(b.error);
      await assignMessage(app.db, claims, id, b.data.assigneeId);
      return b.data.assigneeId ? "Message assigned." : "Message unassigned.";
    }
    case "reply": {
      const b = replyBodySchema.safeParse({ body: form.get("body") ?? "" });
      if (!b.success) throw invalid(b.error);
      await replyToMessage(app.db, claims, id, b.data.body);
      app.outbox.wake();
      return "Reply sent.";
    }
    case "handled":
    case "reopen": {
      const handled = form.get("_action") === "handled";
      await setHandled(app.db, claims, id, handled);
      return handled ? "Marked handled." : "Reopened.";
    }
    default:
      throw new Response("Unknown form.", { status: 422 });
  }
}

export const handler: Handlers<InboxPageData, AdminState> = {
  async GET(_req, ctx) {
    const role = ctx.state.staff.role;
    if (role !== "manager" && role !== "admin") return forbidden();
    const q = inboxQuerySchema.safeParse({
      view: ctx.url.searchParams.get("view") ?? undefined,
    });
    const view = q.success ? q.data.view : "open";
    const page = await listInbox(
      partsOf(ctx).db,
      ctx.state.claims,
      role,
      q.success ? q.data : { view: "open", limit: 50 },
    );
    const notice = ctx.url.searchParams.get("notice");
    return ctx.render({
      page,
      view,
      notice: notice ? { kind: "ok", text: notice } : undefined,
    }, { status: q.success ? 200 : 422 });
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const view = String(form.get("view") ?? "open");
    try {
      // No role check here: the inbox functions refuse chefs themselves.
      const text = await perform(ctx, app, form);
      return new Response(null, {
        status: 303,
        headers: {
          location: `/admin/inbox?${new URLSearchParams({
            view: (INBOX_VIEWS as readonly string[]).includes(view)
              ? view
              : "open",
            notice: text,
          })}`,
        },
      });
    } catch (err) {
      if (err instanceof Response) return err;
      const m = inboxError(err);
      if (!m) throw err;
      const role = ctx.state.staff.role;
      if (role !== "manager" && role !== "admin") {
        return new Response(`Forbidden: ${m.message}`, { status: m.status });
      }
      const detail = m.issues.length
        ? ` (${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")})`
        : "";
      return ctx.render({
        page: await listInbox(app.db, ctx.state.claims, role, {
          view: "open",
          limit: 50,
        }),
        view: "open",
        notice: { kind: "error", text: `${m.message}${detail}` },
      }, { status: m.status });
    }
  },
};

const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";
const secondary = "rounded border border-stone-400 px-3 py-1";

/** `/admin/inbox` (managers, admins): contact messages to answer. */
export default function InboxView(
  { data, state, url }: PageProps<InboxPageData, AdminState>,
) {
  const hidden = (id: string, action: string) => (
    <>
      <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
      <input type="hidden" name="_action" value={action} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="view" value={data.view} />
    </>
  );
  return (
    <>
      <SeoHead
        title="Inbox"
        description="MyHibachi contact messages."
        path="/admin/inbox"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">
          Inbox{" "}
          <span
            class="rounded-full bg-red-800 px-2 text-base text-white"
            data-open-count={data.page.openCount}
          >
            {data.page.openCount} open
          </span>
        </h1>
        <nav aria-label="Inbox views" class="mt-4 flex gap-4">
          {INBOX_VIEWS.map((v) => (
            <a
              key={v}
              href={`/admin/inbox?view=${v}`}
              aria-current={v === data.view ? "page" : undefined}
              class={v === data.view
                ? "font-semibold text-red-800"
                : "text-stone-700"}
            >
              {v}
            </a>
          ))}
        </nav>
        <Notice notice={data.notice} />
        {data.page.items.length === 0 && (
          <p class="mt-6" data-empty>Nothing here.</p>
        )}
        <ol class="mt-6 space-y-4">
          {data.page.items.map((m) => (
            <li
              key={m.id}
              data-message={m.id}
              data-handled={String(m.handledAt !== null)}
              class="rounded-lg border border-stone-200 p-4"
            >
              <p class="font-semibold">
                {m.name}
                {m.email ? ` <${m.email}>` : " (no e-mail address)"}
                {m.phone && ` · ${m.phone}`}
              </p>
              <p class="text-sm text-stone-600">
                <time dateTime={m.at}>
                  {m.at.slice(0, 16).replace("T", " ")} UTC
                </time>
                {m.topic && ` · ${m.topic}`}
                {m.eventDate && ` · event ${m.eventDate}`}
                {m.guests && ` · ${m.guests} guests`}
                {" · "}
                {m.assignedName
                  ? `assigned to ${m.assignedName}`
                  : "unassigned"}
                {m.handledAt && ` · handled by ${m.handledName ?? "staff"}`}
              </p>
              <p class="mt-2 whitespace-pre-wrap">{m.message}</p>
              {m.replies.map((r) => (
                <blockquote
                  key={r.id}
                  class="mt-2 border-l-4 border-stone-300 pl-3 text-sm"
                  data-reply
                >
                  <p class="whitespace-pre-wrap">{r.body}</p>
                  <footer class="text-stone-600">
                    {r.authorName ?? "staff"}, {r.at.slice(0, 16).replace(
                      "T",
                      " ",
                    )} UTC
                  </footer>
                </blockquote>
              ))}
              <div class="mt-3 flex flex-wrap items-end gap-3">
                <form method="post" action="/admin/inbox" class="flex gap-2">
                  {hidden(m.id, "assign")}
                  <label class="text-sm">
                    Assign to{" "}
                    <select
                      name="assigneeId"
                      class="rounded border border-stone-300 px-2 py-1"
                    >
                      <option value="">nobody</option>
                      {data.page.assignees.map((a) => (
                        <option
                          key={a.userId}
                          value={a.userId}
                          selected={a.userId === m.assignedTo}
                        >
                          {a.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" class={secondary}>Assign</button>
                </form>
                <form method="post" action="/admin/inbox">
                  {hidden(m.id, m.handledAt ? "reopen" : "handled")}
                  <button type="submit" class={secondary}>
                    {m.handledAt ? "Reopen" : "Mark handled"}
                  </button>
                </form>
              </div>
              {m.email
                ? (
                  <form
                    method="post"
                    action="/admin/inbox"
                    class="mt-3"
                    data-form={`reply-${m.id}`}
                  >
                    {hidden(m.id, "reply")}
                    <label class="block text-sm font-medium">
                      Reply by e-mail to {m.email}
                      <textarea
                        name="body"
                        required
                        maxLength={5000}
                        rows={3}
                        class="mt-1 block w-full rounded border border-stone-300 px-2 py-1"
                      />
                    </label>
                    <button type="submit" class={`mt-2 ${button}`}>
                      Send reply
                    </button>
                  </form>
                )
                : (
                  <p class="mt-3 text-sm text-stone-600" data-no-email>
                    No e-mail address: answer by phone if one is given.
                  </p>
                )}
            </li>
          ))}
        </ol>
      </AdminShell>
    </>
  );
}
