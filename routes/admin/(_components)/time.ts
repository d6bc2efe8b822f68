/** Staff pages show instants in the business's time zone, never the server's. */
const FORMAT = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Los_Angeles",
  dateStyle: "medium",
  timeStyle: "short",
});

/** "Dec 2, 2026, 10:00 AM" in Los Angeles. */
export function staffTime(iso: string): string {
  return FORMAT.format(new Date(iso));
}
