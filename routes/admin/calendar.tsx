import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { partsOf } from "../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import { localDateOf } from "../../lib/booking_window/mod.ts";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import {
  calendarPageQuerySchema,
  type ViewRange,
  viewRange,
} from "../../lib/staff/calendar_view.ts";
import {
  forbidden,
  fromDbError,
  invalid,
  StaffError,
} from "../../lib/staff/errors.ts";
import {
  type Calendar,
  calendar,
  type CalendarLocation,
  calendarLocations,
  decideTimeOff,
} from "../../lib/staff/schedule.ts";
import {
  bulkAssignBodySchema,
  queryObject,
  timeOffDecisionSchema,
} from "../../lib/staff/schemas.ts";
import { bulkAssign } from "../../lib/staff/changes.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

interface CalendarData {
  cal: Calendar | null;
  range: ViewRange | null;
  locations: CalendarLocation[];
  today: string;
  notice?: { kind: "ok" | "error"; text: string };
}

function mapped(err: unknown): StaffError {
  const m = err instanceof StaffError ? err : fromDbError(err);
  if (!m) throw err;
  return m;
}

type Actor = {
  claims: AdminState["claims"];
  role: AdminState["staff"]["role"];
};

/** The calendar of a query (location, view, date), or the refusal. */
async function load(
  app: ReturnType<typeof partsOf>,
  actor: Actor,
  q: Record<string, string>,
): Promise<CalendarData & { status: number }> {
  try {
    if (actor.role === "chef") {
      throw forbidden("The calendar is for managers; see My events.");
    }
    const locations = await calendarLocations(app.db, actor);
    const parsed = calendarPageQuerySchema.safeParse(q);
    if (!parsed.success) throw invalid(parsed.error);
    const loc = parsed.data.location
      ? locations.find((l) =>
        l.slug === parsed.data.location || l.id === parsed.data.location
      )
      : locations[0];
    if (!loc) throw new StaffError(404, "NOT_FOUND", "No such location.");
    const today = localDateOf(app.clock(), loc.timezone);
    const range = viewRange(parsed.data.view, parsed.data.date ?? today);
    const cal = await calendar(app.db, actor, {
      location: loc.id,
      from: range.gridFrom,
      to: range.gridTo,
    });
    return { cal, range, locations, today, status: 200 };
  } catch (err) {
    const m = mapped(err);
    const detail = m.issues.length
      ? ` (${m.issues.map((i) => i.path || "query").join(", ")})`
      : "";
    return {
      cal: null,
      range: null,
      locations: [],
      today: "",
      notice: { kind: "error", text: `${m.message}${detail}` },
      status: m.status,
    };
  }
}

function viewQuery(source: URLSearchParams | FormData): Record<string, string> {
  const q: Record<string, string> = {};
  for (const k of ["location", "view", "date"]) {
    const v = source.get(k);
    if (typeof v === "string" && v.trim() !== "") q[k] = v.trim();
  }
  return q;
}

/**
 * `/admin/calendar?location&view=week|month&date`: slots (capacity,
 * reserved, available), bookings with their chef or "Unassigned", blackout
 * dates and time-off requests of one location, with approve/reject forms.
 * Managers and admins; state in the URL; unknown query keys are 422.
 */
export const handler: Handlers<CalendarData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const q = queryObject(ctx.url.searchParams);
    const notice = q.notice;
    delete q.notice;
    for (const [k, v] of Object.entries(q)) if (v === "") delete q[k];
    const { status, ...data } = await load(app, actor, q);
    if (notice && !data.notice) data.notice = { kind: "ok", text: notice };
    return ctx.render(data, { status });
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const actor = { claims: ctx.state.claims, role: ctx.state.staff.role };
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const q = viewQuery(form);
    try {
      let notice: string;
      if (form.get("_action") === "bulk_assign") {
        const input = bulkAssignBodySchema.safeParse({
          location: form.get("location"),
          date: form.get("day"),
        });
        if (!input.success) throw invalid(input.error);
        const out = await bulkAssign(app.db, actor, input.data);
        const done = out.assignments.filter((a) => a.chefId).length;
        notice =
          `Assigned chefs to ${done} of ${out.assignments.length} unassigned booking(s) on ${input.data.date}.`;
      } else {
        const input = timeOffDecisionSchema.safeParse({
          id: form.get("timeOffId"),
          decision: form.get("decision"),
        });
        if (!input.success) throw invalid(input.error);
        const out = await decideTimeOff(
          app.db,
          actor,
          input.data.id,
          input.data.decision,
        );
        notice = `Time off ${out.status}.`;
      }
      const back = new URLSearchParams({ ...q, notice });
      return new Response(null, {
        status: 303,
        headers: { location: `/admin/calendar?${back}` },
      });
    } catch (err) {
      const m = mapped(err);
      const { status: _ignored, ...data } = await load(app, actor, q);
      const detail = m.issues.length
        ? ` (${m.issues.map((i) => i.path || "form").join(", ")})`
        : "";
      return ctx.render({
        ...data,
        notice: { kind: "error", text: `${m.message}${detail}` },
      }, { status: m.status });
    }
  },
};

const STATUS_STYLE: Record<string, string> = {
  pending_deposit: "bg-amber-50 text-amber-900",
  confirmed: "bg-green-50 text-green-900",
  cancellation_requested: "bg-orange-50 text-orange-900",
  completed: "bg-stone-100 text-stone-700",
};

function href(
  range: ViewRange,
  loc: string,
  over: { view?: string; date?: string },
): string {
  const p = new URLSearchParams({
    location: loc,
    view: over.view ?? range.view,
    date: over.date ?? range.from,
  });
  return `/admin/calendar?${p}`;
}

function Day(
  { day, inPeriod, today, detailed, csrf, range, location }: {
    day: Calendar["dates"][number];
    inPeriod: boolean;
    today: string;
    detailed: boolean;
    csrf: string;
    range: ViewRange;
    location: string;
  },
) {
  const unassigned = day.slots.some((s) =>
    s.bookings.some((b) =>
      !b.chef && (b.status === "pending_deposit" || b.status === "confirmed")
    )
  );
  const weekday = new Date(`${day.date}T00:00:00Z`).toLocaleDateString(
    "en-US",
    { weekday: "short", timeZone: "UTC" },
  );
  return (
    <td
      class={`align-top border border-stone-200 p-1 ${
        inPeriod ? "" : "bg-stone-50 text-stone-400"
      } ${day.date === today ? "ring-2 ring-red-800" : ""}`}
      data-day={day.date}
    >
      <p class="text-xs font-semibold">
        {detailed ? `${weekday} ` : ""}
        {day.date.slice(8)}
        {day.date === today ? " · today" : ""}
      </p>
      {day.blackout && (
        <p class="text-xs font-semibold text-red-800" data-blackout>
          Closed: {day.blackout}
        </p>
      )}
      {day.slots.map((s) => (
        <div class="mt-1" data-slot={`${day.date} ${s.time}`}>
          <p class="text-xs text-stone-600">
            {s.time}{" "}
            <span
              title={`capacity ${s.capacity}, reserved ${s.reserved}, available ${s.available}`}
            >
              {s.reserved}/{s.capacity}
              {detailed ? ` reserved · ${s.available} free` : ""}
            </span>
          </p>
          <ul>
            {s.bookings.map((b) => (
              <li
                class={`rounded px-1 text-xs ${
                  STATUS_STYLE[b.status] ?? "text-stone-400 line-through"
                }`}
                data-cal-booking={b.reference}
                data-chef-status={b.chef ? "assigned" : "unassigned"}
              >
                <a
                  href={`/admin/bookings/${b.reference}`}
                  class="font-mono underline"
                >
                  {b.reference}
                </a>{" "}
                {b.guests}p · {b.chef
                  ? b.chef.name
                  : <strong class="text-red-800">Unassigned</strong>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {unassigned && day.date >= today && (
        <form method="post" data-form="bulk-assign" class="mt-1">
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <input type="hidden" name="_action" value="bulk_assign" />
          <input type="hidden" name="day" value={day.date} />
          <input type="hidden" name="location" value={location} />
          <input type="hidden" name="view" value={range.view} />
          <input type="hidden" name="date" value={range.from} />
          <button
            type="submit"
            class="rounded border border-stone-300 px-1 text-xs"
          >
            Assign chefs
          </button>
        </form>
      )}
    </td>
  );
}

export default function CalendarPage(
  { data, state }: PageProps<CalendarData, AdminState>,
) {
  const { cal, range } = data;
  const weeks: Calendar["dates"][] = [];
  if (cal) {
    for (let i = 0; i < cal.dates.length; i += 7) {
      weeks.push(cal.dates.slice(i, i + 7));
    }
  }
  const input = "rounded border border-stone-300 px-2 py-1";
  return (
    <>
      <SeoHead
        title="Calendar"
        description="MyHibachi calendar."
        path="/admin/calendar"
        noindex
      />
      <AdminShell
        staff={state.staff}
        csrf={state.csrf}
        path="/admin/calendar"
      >
        <h1 class="mt-6 text-2xl font-bold text-stone-900">
          Calendar{cal && range
            ? ` — ${cal.location.name}, ${range.title}`
            : ""}
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
        {cal && range && (
          <>
            <form
              method="get"
              class="mt-4 flex flex-wrap items-end gap-2"
              data-form="calendar-filter"
            >
              <label class="flex flex-col text-sm">
                Location
                <select class={input} name="location">
                  {data.locations.map((l) => (
                    <option value={l.slug} selected={l.id === cal.location.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
              <label class="flex flex-col text-sm">
                View
                <select class={input} name="view">
                  <option value="week" selected={range.view === "week"}>
                    Week
                  </option>
                  <option value="month" selected={range.view === "month"}>
                    Month
                  </option>
                </select>
              </label>
              <label class="flex flex-col text-sm">
                Date
                <input
                  class={input}
                  type="date"
                  name="date"
                  value={range.from}
                />
              </label>
              <button
                type="submit"
                class="rounded border border-stone-300 px-3 py-1"
              >
                Show
              </button>
            </form>
            <nav aria-label="Calendar periods" class="mt-3 flex gap-4 text-sm">
              <a
                class="text-red-800 underline"
                href={href(range, cal.location.slug, { date: range.prev })}
              >
                ← Previous {range.view}
              </a>
              <a
                class="text-red-800 underline"
                href={href(range, cal.location.slug, { date: data.today })}
              >
                Today
              </a>
              <a
                class="text-red-800 underline"
                href={href(range, cal.location.slug, { date: range.next })}
              >
                Next {range.view} →
              </a>
              <a
                class="text-red-800 underline"
                href={href(range, cal.location.slug, {
                  view: range.view === "week" ? "month" : "week",
                })}
              >
                {range.view === "week" ? "Month view" : "Week view"}
              </a>
            </nav>
            <p class="mt-2 text-xs text-stone-600">
              Times in{" "}
              {cal.location.timezone}. Each slot shows reserved / capacity
              (chefs working that day).
            </p>
            <div class="mt-2 overflow-x-auto">
              <table
                class="w-full table-fixed border-collapse"
                data-calendar-view={range.view}
              >
                <thead>
                  <tr>
                    {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((
                      d,
                    ) => (
                      <th scope="col" class="text-xs text-stone-600">{d}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => (
                    <tr>
                      {w.map((day) => (
                        <Day
                          day={day}
                          inPeriod={day.date >= range.from &&
                            day.date <= range.to}
                          today={data.today}
                          detailed={range.view === "week"}
                          csrf={state.csrf}
                          range={range}
                          location={cal.location.slug}
                        />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <section
              class="mt-6 rounded-lg border border-stone-200 p-4"
              aria-labelledby="timeoff-h"
            >
              <h2 id="timeoff-h" class="text-lg font-semibold">
                Time off in this period
              </h2>
              {cal.timeOff.length === 0 && (
                <p class="text-sm text-stone-600">None.</p>
              )}
              <ul class="mt-2 text-sm">
                {cal.timeOff.map((t) => (
                  <li
                    class="flex flex-wrap items-center gap-2 py-1"
                    data-time-off={t.id}
                    data-time-off-status={t.status}
                  >
                    <span>
                      {t.chefName}: {t.startsOn} – {t.endsOn} ({t.status})
                      {t.reason ? ` — ${t.reason}` : ""}
                    </span>
                    {t.status === "requested" &&
                      (["approved", "rejected"] as const).map((d) => (
                        <form method="post" data-form={`time-off-${d}`}>
                          <input
                            type="hidden"
                            name={CSRF_FIELD}
                            value={state.csrf}
                          />
                          <input type="hidden" name="timeOffId" value={t.id} />
                          <input type="hidden" name="decision" value={d} />
                          <input
                            type="hidden"
                            name="location"
                            value={cal.location.slug}
                          />
                          <input type="hidden" name="view" value={range.view} />
                          <input type="hidden" name="date" value={range.from} />
                          <button
                            type="submit"
                            class={d === "approved"
                              ? "rounded bg-red-800 px-2 py-0.5 text-white"
                              : "rounded border border-stone-300 px-2 py-0.5"}
                          >
                            {d === "approved" ? "Approve" : "Reject"}
                          </button>
                        </form>
                      ))}
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </AdminShell>
    </>
  );
}
