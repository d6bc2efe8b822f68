import { useEffect, useState } from "preact/hooks";
import { RealtimeClient } from "@supabase/realtime-js";
import { fetchAccessToken, tokenKeeper } from "../../lib/staff/token_keeper.ts";

/** Props of {@link InboxBadge}: public values and the user's own token only. */
export interface InboxBadgeProps {
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token (RLS applies to what it receives). */
  accessToken: string;
  /** Same-origin URL answering `{accessToken}` with a fresh token. */
  tokenUrl: string;
  /** Open messages when the page was rendered. */
  initialCount: number;
  /** Staff API URL whose `openCount` is the current count. */
  countUrl?: string;
}

/**
 * The open-inbox count next to the Inbox link, kept live: any change of
 * `contact_messages` the user may see (a new message, one handled or
 * reopened) arrives over Supabase Realtime (`postgres_changes`, RLS
 * applied) and the count is read again from the Staff API, so it is always
 * the database's number rather than a client-side tally.
 */
export default function InboxBadge(
  {
    supabaseUrl,
    anonKey,
    accessToken,
    tokenUrl,
    initialCount,
    countUrl = "/api/staff/inbox?view=open&limit=1",
  }: InboxBadgeProps,
) {
  const [count, setCount] = useState(initialCount);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const token = tokenKeeper(accessToken, () => fetchAccessToken(tokenUrl));
    const client = new RealtimeClient(
      `${supabaseUrl.replace(/^http/, "ws")}/realtime/v1`,
      { params: { apikey: anonKey }, accessToken: token },
    );
    let seq = 0;
    const refresh = async () => {
      const mine = ++seq;
      const res = await fetch(countUrl, {
        headers: { authorization: `Bearer ${await token()}` },
      }).catch(() => null);
      if (!res?.ok) return;
      const body = await res.json() as { openCount?: number };
      // Only the newest answer counts: answers may arrive out of order.
      if (mine === seq && typeof body.openCount === "number") {
        setCount(body.openCount);
      }
    };
    const channel = client.channel("staff-inbox-badge").on(
      "postgres_changes",
      { event: "*", schema: "public", table: "contact_messages" },
      () => void refresh(),
    );
    // Join only once the token is set: as anon RLS would hide every row.
    client.setAuth().then(() =>
      channel.subscribe((state) => {
        setLive(state === "SUBSCRIBED");
        // Catch up on anything that changed before the channel was joined.
        if (state === "SUBSCRIBED") void refresh();
      })
    );
    return () => {
      client.removeAllChannels();
      client.disconnect();
    };
  }, [supabaseUrl, anonKey, accessToken, tokenUrl, countUrl]);

  return (
    <span
      data-inbox-badge={count}
      data-live={String(live)}
      class={`ml-1 rounded-full px-2 text-xs font-semibold ${
        count > 0 ? "bg-red-800 text-white" : "bg-stone-200 text-stone-700"
      }`}
    >
      {count}
      {/* The space keeps screen readers from reading "3open". */}
      <span class="sr-only">&nbsp;open</span>
    </span>
  );
}
