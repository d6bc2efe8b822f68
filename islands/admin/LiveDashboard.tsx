import { useEffect, useState } from "preact/hooks";
import { RealtimeClient } from "@supabase/realtime-js";
import {
  EventTable,
  FeedLine,
  KpiList,
} from "../../components/admin/DashboardViews.tsx";
import type { Dashboard } from "../../lib/staff/dashboard.ts";
import {
  FEED_STATUS_LABELS,
  type FeedChange,
  type FeedItem,
  feedItemFromChange,
  type FeedSignal,
  type FeedStatus,
  nextFeedStatus,
} from "../../lib/staff/feed.ts";
import { fetchAccessToken, tokenKeeper } from "../../lib/staff/token_keeper.ts";

/** Props of {@link LiveDashboard}: public values and the user's own data only. */
export interface LiveDashboardProps {
  /** The dashboard as the server rendered it. */
  initial: Dashboard;
  /** Managers and admins: money, unassigned work, cancellation requests. */
  staffView: boolean;
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token (RLS applies to what it receives). */
  accessToken: string;
  /** Same-origin URL answering `{accessToken}` with a fresh token. */
  tokenUrl: string;
  /** Same-origin Staff API URL of the changes after `?since=` (the gap refetch). */
  feedUrl?: string;
  /** Same-origin Staff API URL of the dashboard (reloaded on each change). */
  dashboardUrl?: string;
  /** Most lines kept on screen. */
  max?: number;
}

/**
 * The live dashboard: key figures, today, upcoming and the feed of new and
 * changed bookings and payments over Supabase Realtime (`postgres_changes`),
 * as the signed-in user so RLS filters every row. Each change also reloads
 * the figures and lists from the Staff API (`GET /api/staff/dashboard`):
 * they are sums and joins a single row change cannot update correctly.
 * Uses realtime-js, the Realtime client inside supabase-js, on its own:
 * the full supabase-js would more than triple the dashboard's script.
 */
export default function LiveDashboard(
  {
    initial,
    staffView,
    supabaseUrl,
    anonKey,
    accessToken,
    tokenUrl,
    feedUrl = "/api/staff/feed",
    dashboardUrl = "/api/staff/dashboard",
    max = 50,
  }: LiveDashboardProps,
) {
  const [dashboard, setDashboard] = useState<Dashboard>(initial);
  const [items, setItems] = useState<FeedItem[]>([]);
  const [status, setStatus] = useState<FeedStatus>("connecting");
  // Set once the feed was live and then lost its channel or database:
  // changes of that gap never arrive (NOTIFY is not queued).
  const [gap, setGap] = useState(false);

  useEffect(() => {
    const token = tokenKeeper(accessToken, () => fetchAccessToken(tokenUrl));
    const client = new RealtimeClient(
      `${supabaseUrl.replace(/^http/, "ws")}/realtime/v1`,
      { params: { apikey: anonKey }, accessToken: token },
    );
    // One reload at a time; changes arriving meanwhile ask for one more, so
    // the last answer always postdates the last change.
    let loading = false;
    let again = false;
    let closed = false;
    const reload = async () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      do {
        again = false;
        const res = await fetch(dashboardUrl, {
          headers: { authorization: `Bearer ${await token()}` },
        }).catch(() => null);
        if (res?.ok && !closed) setDashboard(await res.json() as Dashboard);
      } while (again && !closed);
      loading = false;
    };
    const push = (change: FeedChange) => {
      const item = feedItemFromChange(change);
      if (!item) return;
      void reload();
      setItems((prev) =>
        prev.some((p) => p.key === item.key)
          ? prev
          : [item, ...prev].slice(0, max)
      );
    };
    // When the channel drops, the changes after that moment are fetched
    // from the Staff API once it is back (NOTIFY is not queued).
    let lostAt: string | null = null;
    const refetch = async (since: string) => {
      const res = await fetch(
        `${feedUrl}?since=${encodeURIComponent(since)}`,
        { headers: { authorization: `Bearer ${await token()}` } },
      ).catch(() => null);
      if (!res?.ok) return; // the notice stays: reloading still works
      const body = await res.json() as { changes: FeedChange[] };
      for (const change of body.changes) push(change);
      void reload();
      if (lostAt === since) {
        lostAt = null;
        setGap(false);
      }
    };
    const signal = (s: FeedSignal) =>
      setStatus((prev) => {
        const next = nextFeedStatus(prev, s);
        if (prev === "live" && next === "reconnecting") {
          // A few seconds early: the browser's clock is not the database's.
          lostAt ??= new Date(Date.now() - 5_000).toISOString();
          setGap(true);
        }
        if (prev !== "live" && next === "live" && lostAt) void refetch(lostAt);
        return next;
      });
    const channel = client.channel("staff-dashboard")
      // Realtime says when its database connection drops and comes back.
      .on(
        "system",
        {},
        (p: { extension?: string; status?: string }) =>
          signal({ kind: "system", extension: p.extension, status: p.status }),
      )
      .on(
        "postgres_changes",
        { event: "*", schema: "public", table: "bookings" },
        (p) => push(p as unknown as FeedChange),
      )
      .on(
        "postgres_changes",
        { event: "INSERT", schema: "public", table: "payments" },
        (p) => push(p as unknown as FeedChange),
      );
    // Join only once the token is set: a join without one runs as anon and
    // RLS would hide every row.
    client.setAuth().then(() =>
      channel.subscribe((state) => {
        // After an error realtime-js rejoins by itself; SUBSCRIBED comes again.
        signal({ kind: "subscribe", state });
      })
    );
    return () => {
      closed = true;
      client.removeAllChannels();
      client.disconnect();
    };
  }, [supabaseUrl, anonKey, accessToken, tokenUrl, feedUrl, dashboardUrl, max]);

  // Payments carry only their booking's id: link them through what is known.
  const references = new Map<string, string>();
  for (const e of [...dashboard.today, ...dashboard.upcoming]) {
    references.set(e.id, e.reference);
  }
  for (const item of items) {
    if (item.reference) references.set(item.bookingId, item.reference);
  }
  const hrefOf = (item: FeedItem): string | null => {
    const ref = item.reference || references.get(item.bookingId);
    if (ref) return `/admin/bookings/${ref}`;
    return item.bookingId ? `/admin/bookings/${item.bookingId}` : null;
  };

  return (
    <>
      <KpiList kpis={dashboard.kpis} staffView={staffView} />
      <div class="mt-8 grid gap-8 lg:grid-cols-3">
        <div class="lg:col-span-2">
          {[
            {
              key: "today",
              title: "Today",
              events: dashboard.today,
              empty: "No events today.",
            },
            {
              key: "upcoming",
              title: "Upcoming",
              events: dashboard.upcoming,
              empty: "No upcoming events.",
            },
          ].map((part) => (
            <section
              key={part.key}
              aria-labelledby={`${part.key}-title`}
              class={part.key === "today" ? "" : "mt-8"}
            >
              <h2
                id={`${part.key}-title`}
                class="text-lg font-semibold text-stone-900"
              >
                {part.title}
              </h2>
              <EventTable
                events={part.events}
                empty={part.empty}
                caption={`${part.title} events`}
                showMoney={staffView}
              />
            </section>
          ))}
        </div>
        <section
          aria-labelledby="live-feed-title"
          class="rounded-lg border border-stone-200 p-4"
        >
          <div class="flex items-center justify-between">
            <h2
              id="live-feed-title"
              class="text-lg font-semibold text-stone-900"
            >
              Live feed
            </h2>
            <span
              data-feed-status={status}
              class={`text-sm ${
                status === "live" ? "text-green-700" : "text-stone-500"
              }`}
            >
              {FEED_STATUS_LABELS[status]}
            </span>
          </div>
          {gap && status === "live" && (
            <p class="mt-2 text-sm text-amber-800" data-feed-gap>
              The connection was interrupted: changes made meanwhile are not in
              this list. <a href="" class="underline">Reload</a> to see them.
            </p>
          )}
          <ul aria-live="polite" class="mt-3 space-y-2" data-live-feed>
            {items.length === 0 && (
              <li class="text-sm text-stone-500">
                New bookings and payments appear here as they happen.
              </li>
            )}
            {items.map((item) => (
              <FeedLine
                key={item.key}
                item={item}
                href={hrefOf(item)}
                timeZone={dashboard.timeZone}
              />
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
