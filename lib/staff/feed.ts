/**
 * Turning realtime `postgres_changes` on bookings and payments into the
 * lines of the dashboard's live feed. Pure, so the island and the tests use
 * the same code.
 *
 * @module
 */
import type { BookingStatus } from "../booking_status/mod.ts";
import { formatUsd } from "../site/money.ts";

/** The part of a supabase-js change payload the feed reads. */
export interface FeedChange {
  eventType: "INSERT" | "UPDATE" | "DELETE" | string;
  table: string;
  commit_timestamp: string;
  new: Record<string, unknown>;
  old: Record<string, unknown>;
}

/** One line of the live feed. */
export interface FeedItem {
  /** Stable key: table, row id and commit time. */
  key: string;
  kind: "booking_new" | "booking_changed" | "payment";
  /** Booking reference when known (payments carry only the booking id). */
  reference: string | null;
  /** Id of the booking the line is about (links resolve it when needed). */
  bookingId: string;
  text: string;
  at: string;
}

const STATUS_LABELS: Readonly<Record<BookingStatus, string>> = {
  pending_deposit: "awaiting deposit",
  confirmed: "confirmed",
  completed: "completed",
  cancellation_requested: "cancellation requested",
  cancelled: "cancelled",
  expired: "expired",
  no_show: "no-show",
};

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
}

/** Label of a booking status for people. */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status as BookingStatus] ?? status;
}

/** The feed line for a change, or null for changes the feed ignores. */
export function feedItemFromChange(change: FeedChange): FeedItem | null {
  const row = change.new ?? {};
  const key = `${change.table}:${str(row.id)}:${change.commit_timestamp}`;
  if (change.table === "bookings" && change.eventType === "INSERT") {
    const guests = num(row.adults) + num(row.children) + num(row.under6);
    return {
      key,
      kind: "booking_new",
      reference: str(row.reference),
      bookingId: str(row.id),
      text: `New booking ${str(row.reference)}: ${guests} guests on ${
        str(row.event_date)
      } at ${str(row.slot_time)} in ${str(row.city)} (${
        statusLabel(str(row.status))
      })`,
      at: change.commit_timestamp,
    };
  }
  if (change.table === "bookings" && change.eventType === "UPDATE") {
    const before = str(change.old?.status);
    const after = str(row.status);
    const what = before && before !== after
      ? `${statusLabel(before)} → ${statusLabel(after)}`
      : `updated (${statusLabel(after)})`;
    return {
      key,
      kind: "booking_changed",
      reference: str(row.reference),
      bookingId: str(row.id),
      text: `Booking ${str(row.reference)} ${what}`,
      at: change.commit_timestamp,
    };
  }
  if (change.table === "payments" && change.eventType === "INSERT") {
    const amount = num(row.amount_cents);
    const kind = str(row.kind);
    return {
      key,
      kind: "payment",
      reference: null,
      bookingId: str(row.booking_id),
      text: `${kind === "refund" ? "Refund" : "Payment"} ${
        formatUsd(amount)
      } (${kind}, ${str(row.method)})`,
      at: change.commit_timestamp,
    };
  }
  return null;
}

/**
 * What the live feed's badge says: `connecting` before the first join,
 * `live` while the channel is joined and changes flow, `reconnecting` while
 * it is not (a dropped socket, a refused rejoin, or the Realtime server's
 * word that its database connection is down), `offline` once the channel
 * is closed for good (signed out, session gone).
 */
export type FeedStatus = "connecting" | "live" | "reconnecting" | "offline";

/** What the island hears from realtime-js that can change the badge. */
export type FeedSignal =
  | { kind: "subscribe"; state: string }
  | { kind: "system"; extension?: string; status?: string };

/** The badge after `signal` (pure, so the island and its tests agree). */
export function nextFeedStatus(
  prev: FeedStatus,
  signal: FeedSignal,
): FeedStatus {
  if (signal.kind === "subscribe") {
    switch (signal.state) {
      case "SUBSCRIBED":
        return "live";
      case "CLOSED":
        return "offline";
      default: // CHANNEL_ERROR, TIMED_OUT: realtime-js rejoins by itself
        return prev === "offline" ? prev : "reconnecting";
    }
  }
  if (signal.extension !== "postgres_changes" || prev === "offline") {
    return prev;
  }
  if (signal.status === "error") return "reconnecting";
  if (signal.status === "ok") return "live";
  return prev;
}

/** The badge's words. */
export const FEED_STATUS_LABELS: Readonly<Record<FeedStatus, string>> = {
  connecting: "Connecting…",
  live: "● Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};
