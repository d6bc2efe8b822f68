/**
 * The application's Prometheus metrics (served by `GET /metrics`): HTTP
 * requests by route and status, bookings and holds created, job runs.
 * Process-local: each instance exposes its own.
 *
 * @module
 */
import { Counter, Histogram } from "./registry.ts";

export { Counter, Histogram } from "./registry.ts";

/** HTTP requests handled, by method, route pattern and status. */
export const httpRequests = new Counter(
  "http_requests_total",
  "HTTP requests handled, by method, route pattern and status.",
);

/** HTTP request durations in seconds, by method, route pattern and status. */
export const httpDuration = new Histogram(
  "http_request_duration_seconds",
  "HTTP request duration in seconds, by method, route pattern and status.",
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);

/** Bookings created through the customer API, by location slug and payment method. */
export const bookingsCreated = new Counter(
  "bookings_created_total",
  "Bookings created through the customer API.",
);

/** Booking attempts refused because the slot was full. */
export const slotFullRefusals = new Counter(
  "booking_slot_full_total",
  "Holds and bookings refused with SLOT_FULL.",
);

/** Holds created through the customer API. */
export const holdsCreated = new Counter(
  "holds_created_total",
  "Slot holds created through the customer API.",
);

/** Bookings expired by the unpaid-deposit job. */
export const bookingsExpired = new Counter(
  "bookings_expired_total",
  "Unpaid bookings expired by the deposit job.",
);

/** Background job runs, by `job_name` (not `job`, which Prometheus sets itself) and outcome. */
export const jobRuns = new Counter(
  "job_runs_total",
  "Background job runs by job and outcome.",
);

/** Records one handled HTTP request. `route` is the route pattern, never the raw path. */
export function recordHttpRequest(
  method: string,
  route: string,
  status: number,
  seconds: number,
): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
}

/** Every metric in Prometheus text format. */
export function renderMetrics(): string {
  return [
    httpRequests,
    httpDuration,
    bookingsCreated,
    slotFullRefusals,
    holdsCreated,
    bookingsExpired,
    jobRuns,
  ].map((m) => m.render()).join("\n") + "\n";
}
