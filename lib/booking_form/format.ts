/**
 * Dates and times as the booking pages show them. Event dates and slot times
 * are wall-clock values of the location, so they are formatted as such (in
 * UTC, which adds no shift), never converted through the viewer's zone.
 *
 * @module
 */

const dateFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

const monthFormat = new Intl.DateTimeFormat("en-US", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2026-12-05" → "Saturday, December 5, 2026". */
export function dateLabel(isoDate: string): string {
  return dateFormat.format(new Date(`${isoDate}T00:00:00Z`));
}

/** "18:00" → "6:00 PM". */
export function timeLabel(time: string): string {
  const [h, m] = time.split(":").map(Number);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** "2026-12" → "December 2026". */
export function monthLabel(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

/** First and last date of a "YYYY-MM" month. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    from: `${month}-01`,
    to: `${month}-${String(last).padStart(2, "0")}`,
  };
}

/** The month `delta` months after "YYYY-MM". */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** True for a "YYYY-MM" month string. */
export function isMonth(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** An instant as a short local time of `timeZone` ("6:15 PM"). */
export function instantTimeLabel(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(new Date(iso));
}

/** How each deposit payment method is named to customers. */
export const PAYMENT_METHOD_LABELS: Readonly<Record<string, string>> = {
  zelle: "Zelle",
  venmo: "Venmo",
  card: "Card (Stripe)",
};

/** A payment method's label ("zelle" → "Zelle"); "" when none was chosen. */
export function paymentMethodLabel(method: string): string {
  return PAYMENT_METHOD_LABELS[method] ?? method;
}

/** A menu code as words when no label is known ("filet_mignon" → "Filet mignon"). */
function codeWords(code: string): string {
  const words = code.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Servings as a list in menu order: "12 × Chicken, 12 × Filet mignon";
 * "None" when empty. `labels` maps codes to menu labels, in menu order.
 */
export function servingsLabel(
  servings: Readonly<Record<string, number>>,
  labels: Readonly<Record<string, string>> = {},
): string {
  const order = Object.keys(labels);
  const codes = Object.keys(servings).filter((c) => servings[c] > 0).sort(
    (a, b) => {
      const ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) ||
        a.localeCompare(b);
    },
  );
  if (codes.length === 0) return "None";
  return codes.map((c) => `${servings[c]} × ${labels[c] ?? codeWords(c)}`)
    .join(", ");
}
