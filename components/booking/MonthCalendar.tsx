import type { DateAvailability } from "../../lib/availability/types.ts";
import { monthWeeks } from "../../lib/booking_form/calendar.ts";
import { dateLabel, monthLabel } from "../../lib/booking_form/format.ts";

/** Props of {@link MonthCalendar}. */
export interface MonthCalendarProps {
  month: string;
  /** Offered dates with their free times (none: fully booked). */
  dates: DateAvailability[];
  /** The chosen day, if any. */
  selected: string;
  /** The day that takes Tab (roving tabindex); the grid is live when set. */
  focus?: string;
  /** Hydrated: days are buttons in an ARIA grid. Else free days link to their times below. */
  live: boolean;
}

const WEEKDAYS = [
  ["Sun", "Sunday"],
  ["Mon", "Monday"],
  ["Tue", "Tuesday"],
  ["Wed", "Wednesday"],
  ["Thu", "Thursday"],
  ["Fri", "Friday"],
  ["Sat", "Saturday"],
];

/** "3 times free", "fully booked", "not available". */
function dayStatus(day: DateAvailability | undefined): string {
  if (!day) return "not available";
  const n = day.slots.length;
  if (n === 0) return "fully booked";
  return `${n} ${n === 1 ? "time" : "times"} free`;
}

const CELL =
  "flex h-12 w-full items-center justify-center rounded-lg text-base sm:h-16 sm:pb-4";

function cellClass(free: boolean, offered: boolean, selected: boolean): string {
  if (selected) return `${CELL} bg-red-700 font-bold text-white`;
  if (free) {
    return `${CELL} border-2 border-emerald-700 bg-emerald-50 font-bold text-stone-900 hover:bg-emerald-100`;
  }
  if (offered) return `${CELL} bg-stone-100 text-stone-600 line-through`;
  return `${CELL} text-stone-600`;
}

/**
 * A month of days, Sunday first, each saying whether it has free times,
 * is fully booked or is not offered. Hydrated it is an ARIA grid whose day
 * buttons the picker moves through with the keyboard (roving tabindex);
 * without JavaScript it is a table whose free days link to their times.
 */
export function MonthCalendar(props: MonthCalendarProps) {
  const byDate = new Map(props.dates.map((d) => [d.date, d]));
  const headingId = `cal-${props.month}`;
  return (
    <table
      role={props.live ? "grid" : undefined}
      aria-labelledby={headingId}
      class="mt-4 w-full table-fixed border-separate"
      style="border-spacing: 0.25rem"
      data-calendar={props.month}
    >
      <caption id={headingId} class="sr-only">
        {monthLabel(props.month)}: days with free times
      </caption>
      <thead>
        <tr>
          {WEEKDAYS.map(([short, long]) => (
            <th
              key={short}
              scope="col"
              abbr={long}
              class="pb-1 text-center text-sm font-semibold text-stone-700"
            >
              {short}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthWeeks(props.month).map((week, w) => (
          <tr key={w}>
            {week.map((date, i) => {
              if (!date) return <td key={`${w}-${i}`} />;
              const day = byDate.get(date);
              const free = (day?.slots.length ?? 0) > 0;
              const label = `${dateLabel(date)}, ${dayStatus(day)}`;
              const selected = date === props.selected;
              const cls = cellClass(free, !!day, selected);
              const number = Number(date.slice(8));
              // The hint sits over the cell but outside the button or link,
              // so the visible text inside it (the day number) is part of
              // its accessible name (WCAG 2.5.3), which says it in words.
              const hint = (
                <span
                  class={`pointer-events-none absolute inset-x-0 bottom-1 hidden text-center text-xs sm:block ${
                    selected ? "text-white" : "text-stone-700"
                  }`}
                  aria-hidden="true"
                >
                  {free ? `${day!.slots.length} free` : day ? "Full" : ""}
                </span>
              );
              if (props.live) {
                return (
                  <td
                    key={date}
                    class="relative"
                    aria-selected={selected ? "true" : "false"}
                  >
                    <button
                      type="button"
                      class={cls}
                      data-day={date}
                      aria-label={label}
                      aria-disabled={free ? undefined : "true"}
                      tabIndex={date === props.focus ? 0 : -1}
                    >
                      {number}
                    </button>
                    {hint}
                  </td>
                );
              }
              return (
                <td key={date} class="relative">
                  {free
                    ? (
                      <a href={`#day-${date}`} class={cls} aria-label={label}>
                        {number}
                      </a>
                    )
                    : (
                      <span class={cls}>
                        <span class="sr-only">{label}</span>
                        <span aria-hidden="true">{number}</span>
                      </span>
                    )}
                  {hint}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
