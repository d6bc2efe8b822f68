import { useEffect, useState } from "preact/hooks";
import { RealtimeClient } from "@supabase/realtime-js";
import {
  FEED_STATUS_LABELS,
  type FeedChange,
  type FeedItem,
  feedItemFromChange,
  type FeedSignal,
  type FeedStatus,
  nextFeedStatus,
} from "../../lib/staff/feed.ts";
import { tokenKeeper } from "../../lib/staff/token_keeper.ts";

/** Props of {@link LiveFeed}: public values and the user's own token only. */
export interface LiveFeedProps {
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token (RLS applies to what it receives). */
  accessToken: string;
  /** Same-origin URL answering `{accessToken}` with a fresh token. */
  tokenUrl: string;
  /** Same-origin Staff API URL of the changes after `?since=` (the gap refetch). */
  feedUrl?: string;
  /** Most lines kept on screen. */
  max?: number;
}

async function fetchToken(url: string): Promise<string | null> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) return null;
  const body = await res.json();
  return typeof body.accessToken === "string" ? body.accessToken : null;
}

/**
 * Live feed of new and changed bookings and payments over Supabase
 * Realtime (`postgres_changes`), as the signed-in user so RLS filters every
 * row. Uses realtime-js, the Realtime client inside supabase-js, on its own:
 * the full supabase-js would more than triple the dashboard's script.
 */
export default function LiveFeed(
  {
    supabaseUrl,
    anonKey,
    accessToken,
    tokenUrl,
    feedUrl = "/api/staff/feed",
    max = 50,
  }: LiveFeedProps,
) {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [status, setStatus] = useState<FeedStatus>("connecting");
  // Set once the feed was live and then lost its channel or database:
  // changes of that gap never arrive (NOTIFY is not queued).
  const [gap, setGap] = useState(false);

  useEffect(() => {
    const token = tokenKeeper(accessToken, () => fetchToken(tokenUrl));
    const client = new RealtimeClient(
      `${supabaseUrl.replace(/^http/, "ws")}/realtime/v1`,
      { params: { apikey: anonKey }, accessToken: token },
    );
    const push = (change: FeedChange) => {
      const item = feedItemFromChange(change);
      if (!item) return;
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
      client.removeAllChannels();
      client.disconnect();
    };
  }, [supabaseUrl, anonKey, accessToken, tokenUrl, feedUrl, max]);

  return (
    <section
      aria-labelledby="live-feed-title"
      class="rounded-lg border border-stone-200 p-4"
    >
      <div class="flex items-center justify-between">
        <h2 id="live-feed-title" class="text-lg font-semibold text-stone-900">
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
          The connection was interrupted: changes made meanwhile are not in this
          list. <a href="" class="underline">Reload</a> to see them.
        </p>
      )}
      <ul aria-live="polite" class="mt-3 space-y-2" data-live-feed>
        {items.length === 0 && (
          <li class="text-sm text-stone-500">
            New bookings and payments appear here as they happen.
          </li>
        )}
        {items.map((item) => (
          <li key={item.key} data-feed-kind={item.kind} class="text-sm">
            <time class="mr-2 text-stone-500" dateTime={item.at}>
              {new Date(item.at).toLocaleTimeString([], {
                hour: "2-digit",
                minute: "2-digit",
              })}
            </time>
            {item.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
