/** The live feed's badge (islands/admin/LiveDashboard.tsx) as a pure reducer. */
import assert from "node:assert/strict";
import {
  FEED_STATUS_LABELS,
  type FeedSignal,
  type FeedStatus,
  nextFeedStatus,
} from "../../lib/staff/feed.ts";

function run(signals: FeedSignal[]): FeedStatus[] {
  const out: FeedStatus[] = [];
  let s: FeedStatus = "connecting";
  for (const signal of signals) out.push(s = nextFeedStatus(s, signal));
  return out;
}

const pgError = {
  kind: "system",
  extension: "postgres_changes",
  status: "error",
} as const;
const pgOk = {
  kind: "system",
  extension: "postgres_changes",
  status: "ok",
} as const;

Deno.test("feed badge: joined is live; a database outage reads reconnecting until Realtime says ok", () => {
  assert.deepEqual(
    run([{ kind: "subscribe", state: "SUBSCRIBED" }, pgOk, pgError, pgOk]),
    ["live", "live", "reconnecting", "live"],
  );
});

Deno.test("feed badge: a dropped socket or refused rejoin reads reconnecting until joined again", () => {
  assert.deepEqual(
    run([
      { kind: "subscribe", state: "SUBSCRIBED" },
      { kind: "subscribe", state: "CHANNEL_ERROR" },
      { kind: "subscribe", state: "TIMED_OUT" },
      { kind: "subscribe", state: "SUBSCRIBED" },
    ]),
    ["live", "reconnecting", "reconnecting", "live"],
  );
  // A first join that fails is reconnecting too (realtime-js retries).
  assert.deepEqual(run([{ kind: "subscribe", state: "CHANNEL_ERROR" }]), [
    "reconnecting",
  ]);
});

Deno.test("feed badge: a closed channel is offline and stays so", () => {
  assert.deepEqual(
    run([
      { kind: "subscribe", state: "SUBSCRIBED" },
      { kind: "system", extension: "system", status: "error" },
      { kind: "subscribe", state: "CLOSED" },
      pgOk,
      { kind: "subscribe", state: "CHANNEL_ERROR" },
    ]),
    ["live", "live", "offline", "offline", "offline"],
  );
  assert.equal(FEED_STATUS_LABELS.reconnecting, "Reconnecting…");
});
