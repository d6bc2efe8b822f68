import type { DateAvailability } from "../../lib/availability/mod.ts";
import {
  addMonths,
  dateLabel,
  monthLabel,
  timeLabel,
} from "../../lib/booking_form/format.ts";
import { FieldError } from "./Field.tsx";

/** Props of {@link MonthNav}. */
export interface MonthNavProps {
  month: string;
  /** Earliest and latest month the visitor may move to. */
  bounds: { first: string; last: string };
  /** id of the form the buttons submit (they sit outside it). */
  form?: string;
}

const NAV_BUTTON =
  "rounded-lg border-2 border-stone-800 bg-white px-3 py-2 font-semibold text-stone-900 disabled:opacity-40";

/**
 * Previous/next month as submit buttons named `month`. Put it in its own form
 * (carrying the state), so Enter in the slot form never means "next month".
 */
export function MonthNav({ month, bounds, form }: MonthNavProps) {
  const prev = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <div class="flex items-center justify-between gap-2">
      <button
        type="submit"
        name="month"
        form={form}
        value={prev}
        disabled={prev < bounds.first}
        class={NAV_BUTTON}
      >
        <span aria-hidden="true">←</span>
        <span class="sr-only">Show</span> {monthLabel(prev)}
      </button>
      <h3 class="text-lg font-bold text-stone-900">{monthLabel(month)}</h3>
      <button
        type="submit"
        name="month"
        form={form}
        value={next}
        disabled={next > bounds.last}
        class={NAV_BUTTON}
      >
        <span class="sr-only">Show</span> {monthLabel(next)}{" "}
        <span aria-hidden="true">→</span>
      </button>
    </div>
  );
}

/** Props of {@link SlotList}. */
export interface SlotListProps {
  month: string;
  dates: DateAvailability[];
  /** "YYYY-MM-DD HH:MM" currently chosen. */
  selected: string;
  error?: string;
  /** Show only this day's times (the calendar chose it). */
  day?: string;
}

/**
 * A month of bookable slots as radio buttons named `slot` ("YYYY-MM-DD HH:MM"),
 * one group per date. Works without JavaScript.
 */
export function SlotList(
  { month, dates, selected, error, day }: SlotListProps,
) {
  const open = dates.filter((d) =>
    d.slots.length > 0 && (!day || d.date === day)
  );
  return (
    <div>
      <FieldError name="date" message={error} />
      {open.length === 0 && !day && (
        <div class="mt-4 rounded-xl border-2 border-dashed border-stone-300 bg-stone-50 p-5 text-center">
          <p class="font-semibold text-stone-900">
            Every chef is booked in {monthLabel(month)}.
          </p>
          <p class="mt-1 text-stone-700">
            Try the next month, or jump to the first available date.
          </p>
        </div>
      )}
      <div class="mt-4 space-y-4" id="f-date">
        {open.map((d) => (
          <fieldset
            key={d.date}
            id={`day-${d.date}`}
            class="rounded-xl border border-stone-300 p-3"
          >
            <legend class="px-1 font-semibold text-stone-900">
              {dateLabel(d.date)}
            </legend>
            <div class="flex flex-wrap gap-3">
              {d.slots.map((s) => {
                const value = `${d.date} ${s.time}`;
                return (
                  <label
                    key={value}
                    class="flex items-center gap-2 rounded-lg border-2 border-stone-500 px-3 py-2"
                  >
                    <input
                      type="radio"
                      name="slot"
                      value={value}
                      checked={value === selected}
                      class="h-5 w-5"
                    />
                    {timeLabel(s.time)}
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))}
      </div>
    </div>
  );
}
