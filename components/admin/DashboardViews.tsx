/**
 * The dashboard's parts (key figures, event tables, feed lines), rendered
 * on the server and again in the browser by islands/admin/LiveDashboard.tsx
 * whenever a realtime change arrives. Focus outlines come from
 * static/staff.css (every staff page).
 *
 * @module
 */
import type { Dashboard, DashboardEvent } from "../../lib/staff/dashboard.ts";
import { type FeedItem, statusLabel } from "../../lib/staff/feed.ts";
import { formatUsd } from "../../lib/site/money.ts";

/** One key figure; `name` is its stable `data-kpi` hook. */
function Kpi(
  { label, value, name, href }: {
    label: string;
    value: string;
    name: string;
    href?: string;
  },
) {
  return (
    <div class="rounded-lg border border-stone-200 p-4">
      <dt class="text-sm text-stone-700">
        {href
          ? (
            <a
              href={href}
              class="underline"
            >
              {label}
            </a>
          )
          : label}
      </dt>
      <dd class="mt-1 text-2xl font-semibold text-stone-900" data-kpi={name}>
        {value}
      </dd>
    </div>
  );
}

/**
 * The key figures. Chefs see neither money (the ledger is not theirs to
 * read) nor unassigned work or cancellation requests (RLS shows them only
 * their own bookings, so those would always read 0).
 */
export function KpiList(
  { kpis, staffView }: { kpis: Dashboard["kpis"]; staffView: boolean },
) {
  return (
    <dl
      class="mt-4 grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6"
      aria-label="Key figures"
    >
      <Kpi
        label="Events today"
        name="events-today"
        value={String(kpis.eventsToday)}
      />
      <Kpi
        label="Bookings this week"
        name="bookings-this-week"
        value={String(kpis.bookingsThisWeek)}
      />
      {staffView && (
        <>
          <Kpi
            label={`Deposits due (${kpis.depositsDueCount})`}
            name="deposits-due"
            value={formatUsd(kpis.depositsDueCents)}
            href="/admin/bookings?status=pending_deposit"
          />
          <Kpi
            label="Unassigned"
            name="unassigned"
            value={String(kpis.unassigned)}
            href="/admin/bookings?chef=none"
          />
          <Kpi
            label="Revenue booked this week"
            name="revenue-booked-this-week"
            value={formatUsd(kpis.revenueBookedThisWeekCents)}
          />
          <Kpi
            label="Cancellation requests"
            name="cancellation-requests"
            value={String(kpis.cancellationRequests)}
            href="/admin/bookings?status=cancellation_requested"
          />
        </>
      )}
    </dl>
  );
}

/** Today's or the upcoming events; dates and times are location time. */
export function EventTable(
  { events, empty, caption, showMoney }: {
    events: DashboardEvent[];
    empty: string;
    caption: string;
    showMoney: boolean;
  },
) {
  if (events.length === 0) return <p class="mt-2 text-stone-600">{empty}</p>;
  return (
    <div class="mt-2 overflow-x-auto">
      <table class="min-w-full text-left text-sm">
        <caption class="sr-only">{caption}</caption>
        <thead class="border-b border-stone-200 text-stone-700">
          <tr>
            <th scope="col" class="py-2 pr-4">Date</th>
            <th scope="col" class="py-2 pr-4">Time</th>
            <th scope="col" class="py-2 pr-4">Reference</th>
            <th scope="col" class="py-2 pr-4">Customer</th>
            <th scope="col" class="py-2 pr-4">Guests</th>
            <th scope="col" class="py-2 pr-4">City</th>
            <th scope="col" class="py-2 pr-4">Location</th>
            <th scope="col" class="py-2 pr-4">Chef</th>
            <th scope="col" class="py-2 pr-4">Status</th>
            {showMoney && (
              <th scope="col" class="py-2 pr-4 text-right">
                Total
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr
              key={e.id}
              data-booking={e.reference}
              class="border-b border-stone-100"
            >
              <td class="py-2 pr-4 whitespace-nowrap">{e.eventDate}</td>
              <td class="py-2 pr-4">{e.slotTime}</td>
              <td class="py-2 pr-4 font-mono">
                <a
                  href={`/admin/bookings/${e.reference}`}
                  class="underline"
                >
                  {e.reference}
                </a>
              </td>
              <td class="py-2 pr-4">{e.customerName ?? "—"}</td>
              <td class="py-2 pr-4">{e.guests}</td>
              <td class="py-2 pr-4">{e.city}</td>
              <td class="py-2 pr-4">{e.locationName}</td>
              <td class="py-2 pr-4">{e.chefName ?? "Unassigned"}</td>
              <td class="py-2 pr-4">{statusLabel(e.status)}</td>
              {showMoney && (
                <td class="py-2 pr-4 text-right">{formatUsd(e.totalCents)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One feed line, linked to its booking, its time shown in `timeZone`. */
export function FeedLine(
  { item, href, timeZone }: {
    item: FeedItem;
    href: string | null;
    timeZone: string;
  },
) {
  const time = new Date(item.at).toLocaleTimeString("en-US", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
  return (
    <li data-feed-kind={item.kind} class="text-sm">
      <time class="mr-2 text-stone-600" dateTime={item.at}>{time}</time>
      {href
        ? (
          <a
            href={href}
            class="underline"
          >
            {item.text}
          </a>
        )
        : item.text}
    </li>
  );
}
