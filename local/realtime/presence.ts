/**
 * Presence as Supabase Realtime serves it (Phoenix.Presence over a public
 * channel): each channel tracks at most one entry under its presence key
 * (`config.presence.key`, a random UUID when empty); `presence_state` lists
 * every entry of the topic grouped by key, `presence_diff` reports `joins`
 * and `leaves` in the same shape. Every meta carries its `phx_ref`; an
 * update is a join of the new meta (with `phx_ref_prev`) plus a leave of the
 * old one, as Phoenix.Tracker reports it.
 *
 * @module
 */
/** A tracked payload with its Phoenix ref. */
export interface Tracked {
  ref: string;
  payload: Record<string, unknown>;
}

/** One entry of a topic's presence: its key and what it tracks. */
export interface PresenceEntry {
  key: string;
  tracked: Tracked;
}

/** `{key: {metas: [...]}}`, the shape of presence_state and of diff halves. */
export type PresenceMap = Record<
  string,
  { metas: Array<Record<string, unknown>> }
>;

/** A `presence_diff` payload. */
export interface PresenceDiff {
  joins: PresenceMap;
  leaves: PresenceMap;
}

/** Realtime's defaults: 5 presence messages per 30 s per channel. */
export const CLIENT_PRESENCE_MAX_CALLS = 5;
export const CLIENT_PRESENCE_WINDOW_MS = 30_000;

/** A fresh Phoenix-style ref (base64 of 8 random bytes). */
export function newPresenceRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return btoa(String.fromCharCode(...bytes));
}

/** The meta Phoenix sends for a tracked payload. */
export function meta(
  tracked: Tracked,
  prevRef?: string,
): Record<string, unknown> {
  return {
    ...tracked.payload,
    phx_ref: tracked.ref,
    ...(prevRef === undefined ? {} : { phx_ref_prev: prevRef }),
  };
}

/** Group entries by key: the `presence_state` payload. */
export function presenceState(entries: Iterable<PresenceEntry>): PresenceMap {
  const state: PresenceMap = {};
  for (const e of entries) {
    (state[e.key] ??= { metas: [] }).metas.push(meta(e.tracked));
  }
  return state;
}

/** The diff for a first track. */
export function joinDiff(key: string, tracked: Tracked): PresenceDiff {
  return { joins: { [key]: { metas: [meta(tracked)] } }, leaves: {} };
}

/** The diff for an untrack or a channel that went away. */
export function leaveDiff(key: string, tracked: Tracked): PresenceDiff {
  return { joins: {}, leaves: { [key]: { metas: [meta(tracked)] } } };
}

/** The diff for a track that replaces an earlier payload. */
export function updateDiff(
  key: string,
  previous: Tracked,
  next: Tracked,
): PresenceDiff {
  return {
    joins: { [key]: { metas: [meta(next, previous.ref)] } },
    leaves: { [key]: { metas: [meta(previous)] } },
  };
}

/**
 * Realtime's presence key rule: a non-empty string, number or boolean is
 * used as given (as text on the wire); anything else gets a random UUID.
 */
export function presenceKey(raw: unknown): string {
  if (typeof raw === "string" && raw !== "") return raw;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  if (typeof raw === "boolean") return String(raw);
  return crypto.randomUUID();
}

/**
 * Whether a join asks for presence: a config without `presence` does
 * (Realtime's default); with `presence`, only `enabled: true` (or "true").
 */
export function presenceEnabled(config: Record<string, unknown>): boolean {
  const p = config.presence;
  if (p === undefined || p === null) return true;
  if (typeof p !== "object" || Array.isArray(p)) return true;
  const enabled = (p as Record<string, unknown>).enabled;
  return enabled === true || enabled === "true";
}

/** Deep equality of two JSON values (a re-track of the same payload is a no-op). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameJson(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
    )
  );
}
