import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../../lib/auth/csrf.ts";
import { formOrRefusal } from "../../../lib/http/form_body.ts";
import { fromDbError, StaffError } from "../../../lib/staff/errors.ts";
import {
  type ChefEvent,
  type ChefPortal,
  chefPortal,
  feedUrl,
} from "../../../lib/staff/portal.ts";
import { performPortalForm } from "../../../lib/staff/portal_forms.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";

interface MeData {
  portal: ChefPortal | null;
  notice?: { kind: "ok" | "error"; text: string };
  /** The feed URL right after it was issued (shown once). */
  newFeedUrl?: string;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function mapped(err: unknown): StaffError {
  const m = err instanceof StaffError ? err : fromDbError(err);
  if (!m) throw err;
  return m;
}

/** `/admin/me`: the chef portal (events, weekdays, time off, .ics feed). */
export const handler: Handlers<MeData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const notice = ctx.url.searchParams.get("notice");
    try {
      const portal = await chefPortal(app.db, actor, app.clock());
      return ctx.render({
        portal,
        notice: notice ? { kind: "ok", text: notice } : undefined,
      });
    } catch (err) {
      const m = mapped(err);
      return ctx.render({
        portal: null,
        notice: { kind: "error", text: m.message },
      }, { status: m.status });
    }
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    let notice: MeData["notice"];
    let status = 200;
    let newFeedUrl: string | undefined;
    try {
      const out = await performPortalForm(app.db, actor, form, app.clock());
      if (!out.feedToken) {
        return new Response(null, {
          status: 303,
          headers: {
            location: `/admin/me?notice=${encodeURIComponent(out.notice)}`,
          },
        });
      }
      // The token is shown once, in this answer, never in a URL or a log.
      notice = { kind: "ok", text: out.notice };
      newFeedUrl = feedUrl(app.publicUrl, out.feedToken);
    } catch (err) {
      const m = mapped(err);
      const detail = m.issues.length
        ? ` (${
          m.issues.map((i) => `${i.path || "form"}: ${i.message}`).join("; ")
        })`
        : "";
      notice = { kind: "error", text: `${m.message}${detail}` };
      status = m.status;
    }
    let portal: ChefPortal | null = null;
    try {
      portal = await chefPortal(app.db, actor, app.clock());
    } catch {
      // not a chef: the notice says why
    }
    return ctx.render({ portal, notice, newFeedUrl }, { status });
  },
};

const box = "mt-6 rounded-lg border border-stone-200 p-4";
const input = "rounded border border-stone-300 px-2 py-1";
const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";

function Counts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  if (entries.length === 0) return <span>—</span>;
  return <span>{entries.map(([k, n]) => `${k} × ${n}`).join(", ")}</span>;
}

function EventCard({ e }: { e: ChefEvent }) {
  return (
    <li data-chef-event={e.reference} class="border-t border-stone-100 py-3">
      <p class="font-semibold">
        {e.slotTime} · <span class="font-mono">{e.reference}</span> · {e.guests}
        {" "}
        guests{" "}
        <span class="text-sm font-normal text-stone-600">
          ({e.status.replace(/_/g, " ")})
        </span>
      </p>
      <p class="text-sm">
        {e.address.line1}
        {e.address.line2 ? `, ${e.address.line2}` : ""}, {e.address.city},{" "}
        {e.address.state} {e.address.zip}{" "}
        <a
          href={e.address.mapUrl}
          target="_blank"
          rel="noopener noreferrer"
          class="text-red-800 underline"
        >
          Map
        </a>
      </p>
      <p class="text-sm">
        {e.customer.name ?? "—"}
        {e.customer.phone
          ? (
            <>
              {" · "}
              <a href={`tel:${e.customer.phone}`} class="underline">
                {e.customer.phone}
              </a>
            </>
          )
          : null}
      </p>
      <p class="text-sm">
        Party: {e.adults} adults, {e.children} children, {e.under6}{" "}
        under 6 · Proteins: <Counts counts={e.proteins} />
        {Object.keys(e.extraProteins).length > 0 && (
          <>
            {" "}+ extra <Counts counts={e.extraProteins} />
          </>
        )} · Add-ons: <Counts counts={e.addons} />
      </p>
      {e.notes && (
        <p class="text-sm whitespace-pre-line">
          <strong>Notes / allergies:</strong> {e.notes}
        </p>
      )}
      {e.chefNotes.map((n) => (
        <p class="text-sm whitespace-pre-line" data-chef-note>
          <strong>From the office:</strong> {n}
        </p>
      ))}
    </li>
  );
}

export default function ChefPortalPage(
  { data, state, url }: PageProps<MeData, AdminState>,
) {
  const p = data.portal;
  const csrf = state.csrf;
  const byDate = new Map<string, ChefEvent[]>();
  for (const e of p?.events ?? []) {
    byDate.set(e.eventDate, [...(byDate.get(e.eventDate) ?? []), e]);
  }
  return (
    <>
      <SeoHead
        title="My events"
        description="MyHibachi chef portal."
        path={url.pathname}
        noindex
      />
      <AdminShell staff={state.staff} csrf={csrf} path="/admin/me">
        <h1 class="mt-6 text-2xl font-bold text-stone-900">
          {p ? `My events — ${p.chef.name}` : "My events"}
        </h1>
        {data.notice && (
          <p
            role={data.notice.kind === "error" ? "alert" : "status"}
            data-notice={data.notice.kind}
            class={`mt-4 rounded-md p-4 ${
              data.notice.kind === "error"
                ? "bg-red-50 text-red-900"
                : "bg-green-50 text-green-900"
            }`}
          >
            {data.notice.text}
          </p>
        )}
        {p && (
          <>
            <p class="mt-1 text-stone-700">
              {p.chef.location.name} · times in {p.chef.location.timezone}{" "}
              · today is {p.chef.today} ·{" "}
              <a
                href={`/admin/me/prep?date=${p.chef.today}`}
                class="text-red-800 underline"
              >
                Today's prep list
              </a>
            </p>

            <section class={box} aria-labelledby="events-h">
              <h2 id="events-h" class="text-lg font-semibold">
                Upcoming events
              </h2>
              {byDate.size === 0 && (
                <p class="mt-2 text-sm text-stone-600" data-no-events>
                  No events assigned to you in the next 60 days.
                </p>
              )}
              {[...byDate].map(([date, events]) => (
                <div class="mt-4" data-event-date={date}>
                  <h3 class="font-semibold">
                    {date}{" "}
                    <a
                      href={`/admin/me/prep?date=${date}`}
                      class="ml-2 text-sm font-normal text-red-800 underline"
                    >
                      Prep list
                    </a>
                  </h3>
                  <ul>
                    {events.map((e) => <EventCard key={e.reference} e={e} />)}
                  </ul>
                </div>
              ))}
            </section>

            <section class={box} aria-labelledby="weekdays-h">
              <h2 id="weekdays-h" class="text-lg font-semibold">
                Working weekdays
              </h2>
              <form method="post" data-form="weekdays" class="mt-2">
                <input type="hidden" name={CSRF_FIELD} value={csrf} />
                <input type="hidden" name="_action" value="weekdays" />
                <fieldset class="flex flex-wrap gap-4">
                  <legend class="sr-only">Days you work</legend>
                  {WEEKDAYS.map((label, i) => (
                    <label class="flex items-center gap-1">
                      <input
                        type="checkbox"
                        name="weekday"
                        value={String(i + 1)}
                        checked={p.chef.weekdays.includes(i + 1)}
                      />
                      {label}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" class={`${button} mt-2`}>
                  Save weekdays
                </button>
              </form>
            </section>

            <section class={box} aria-labelledby="timeoff-h">
              <h2 id="timeoff-h" class="text-lg font-semibold">Time off</h2>
              {p.timeOff.length > 0 && (
                <ul class="mt-2 text-sm">
                  {p.timeOff.map((t) => (
                    <li data-time-off={t.status}>
                      {t.startsOn} – {t.endsOn}: {t.status}
                      {t.reason ? ` (${t.reason})` : ""}
                    </li>
                  ))}
                </ul>
              )}
              <form
                method="post"
                data-form="time_off"
                class="mt-2 flex flex-wrap items-end gap-2"
              >
                <input type="hidden" name={CSRF_FIELD} value={csrf} />
                <input type="hidden" name="_action" value="time_off" />
                <label class="flex flex-col text-sm">
                  From
                  <input
                    class={input}
                    type="date"
                    name="startsOn"
                    required
                    min={p.chef.today}
                  />
                </label>
                <label class="flex flex-col text-sm">
                  To (inclusive)
                  <input
                    class={input}
                    type="date"
                    name="endsOn"
                    min={p.chef.today}
                  />
                </label>
                <label class="flex flex-col text-sm">
                  Reason (optional)
                  <input class={input} name="reason" maxLength={500} />
                </label>
                <button type="submit" class={button}>Request time off</button>
              </form>
            </section>

            <section class={box} aria-labelledby="feed-h">
              <h2 id="feed-h" class="text-lg font-semibold">
                Calendar feed (.ics)
              </h2>
              <p class="mt-1 text-sm text-stone-700">
                Subscribe to your events from your phone's calendar. The URL is
                private: anyone who has it sees your events.
              </p>
              {data.newFeedUrl && (
                <p class="mt-2 break-all rounded bg-stone-100 p-2 font-mono text-sm">
                  <a href={data.newFeedUrl} data-feed-url>
                    {data.newFeedUrl}
                  </a>
                </p>
              )}
              <p
                class="mt-2 text-sm"
                data-feed-status={p.feed.active ? "active" : "none"}
              >
                {p.feed.active
                  ? `A feed URL is live (issued ${
                    p.feed.issuedAt?.slice(0, 10)
                  }).`
                  : "No live feed URL."}
              </p>
              <div class="mt-2 flex gap-2">
                <form method="post" data-form="feed_issue">
                  <input type="hidden" name={CSRF_FIELD} value={csrf} />
                  <input type="hidden" name="_action" value="feed_issue" />
                  <button type="submit" class={button}>
                    {p.feed.active ? "Issue a new URL" : "Create feed URL"}
                  </button>
                </form>
                {p.feed.active && (
                  <form method="post" data-form="feed_revoke">
                    <input type="hidden" name={CSRF_FIELD} value={csrf} />
                    <input type="hidden" name="_action" value="feed_revoke" />
                    <button
                      type="submit"
                      class="rounded border border-stone-300 px-3 py-1"
                    >
                      Revoke
                    </button>
                  </form>
                )}
              </div>
            </section>
          </>
        )}
      </AdminShell>
    </>
  );
}
