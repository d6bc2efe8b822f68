import { useEffect, useRef, useState } from "preact/hooks";
import type { DateAvailability } from "../lib/availability/types.ts";
import {
  dateLabel,
  monthRange,
  timeLabel,
} from "../lib/booking_form/format.ts";
import {
  CALENDAR_KEYS,
  type CalendarKey,
  freeTimes,
  moveInCalendar,
} from "../lib/booking_form/calendar.ts";
import { MonthNav, SlotList } from "../components/booking/SlotList.tsx";
import { MonthCalendar } from "../components/booking/MonthCalendar.tsx";
import HoldCountdown from "./HoldCountdown.tsx";

const LATER_CLASSES =
  "relative absolute inset-x-0 bottom-1 pointer-events-none text-xs sm:block sm:h-16 sm:pb-4 mt-1 mt-4 p-3 p-4 p-5 rounded-lg rounded-xl border border-2 border-dashed border-amber-600 border-stone-300 border-stone-500 border-emerald-700 bg-amber-50 bg-stone-50 bg-stone-100 bg-emerald-50 hover:bg-emerald-100 bg-red-700 text-white text-center text-sm text-stone-600 text-stone-700 text-stone-900 text-red-800 text-red-900 font-bold font-semibold line-through space-y-4 px-1 px-3 py-2 flex flex-wrap items-center gap-2 gap-3 h-5 w-5";

/** A hold as the wizard carries it. */
export interface SlotHold {
  id: string;
  expiresAt: string;
  /** "YYYY-MM-DD HH:MM" it reserves. */
  slot: string;
}

/** Props of {@link SlotPicker}. */
export interface SlotPickerProps {
  month: string;
  dates: DateAvailability[];
  selected: string;
  bounds: { first: string; last: string };
  hold: SlotHold | null;
  error?: string;
  /** id of the form the month buttons submit without JavaScript. */
  navForm: string;
  /** Slug of the base location whose slots these are. */
  location?: string;
  /** The earliest free time at the base (the "first available" shortcut). */
  first?: { date: string; time: string } | null;
}

/** The day a month opens on: the chosen one, else the first free one, else the 1st. */
function openingDay(
  month: string,
  dates: DateAvailability[],
  selected: string,
) {
  if (selected.startsWith(month)) return selected.slice(0, 10);
  return dates.find((d) => d.slots.length > 0)?.date ?? `${month}-01`;
}

/**
 * Date and time picker of the wizard. Server-rendered it is the no-JS form:
 * a month table whose free days link to their times in the radio list
 * below, and month buttons that submit the navigation form. Hydrated, the
 * table becomes a keyboard grid (arrows, Home/End, Page Up/Down) that loads
 * months from `GET /api/availability`; choosing a day shows its times, and
 * choosing a time holds it right away with `POST /api/holds`.
 */
export default function SlotPicker(props: SlotPickerProps) {
  const [month, setMonth] = useState(props.month);
  const [dates, setDates] = useState(props.dates);
  const [selected, setSelected] = useState(props.selected);
  const [day, setDay] = useState(
    openingDay(props.month, props.dates, props.selected),
  );
  const [focus, setFocus] = useState(day);
  const [hold, setHold] = useState(props.hold);
  const [error, setError] = useState(props.error);
  const [status, setStatus] = useState("");
  const [live, setLive] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // Set when a key moved focus, so the new day button takes it once drawn.
  const moveFocus = useRef(false);

  useEffect(() => setLive(true), []);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    root.current?.querySelector<HTMLElement>(`[data-day="${focus}"]`)
      ?.focus();
  }, [focus, dates]);

  async function load(next: string, target?: string): Promise<boolean> {
    if (next < props.bounds.first || next > props.bounds.last) return false;
    setStatus("Loading…");
    const { from, to } = monthRange(next);
    const where = props.location
      ? `&location=${encodeURIComponent(props.location)}`
      : "";
    const res = await fetch(
      `/api/availability?from=${from}&to=${to}${where}`,
    );
    if (!res.ok) {
      setStatus("Could not load that month; try again.");
      return false;
    }
    const body = await res.json() as { dates: DateAvailability[] };
    const loaded = freeTimes(body.dates);
    setMonth(next);
    setDates(loaded);
    const open = target ?? openingDay(next, loaded, selected);
    setFocus(open);
    setDay(open);
    const free = loaded.filter((d) => d.slots.length > 0).length;
    setStatus(
      `${free} ${free === 1 ? "day has" : "days have"} free times in ${next}.`,
    );
    return true;
  }

  async function choose(slot: string) {
    if (hold && hold.slot !== slot) {
      // Free the previous slot for others now rather than in 15 minutes,
      // before taking the next one (a client keeps at most 2 holds); a
      // failed release only means it expires on its own.
      setHold(null);
      await fetch(`/api/holds/${hold.id}`, {
        method: "DELETE",
        keepalive: true,
      })
        .catch(() => {});
    }
    setSelected(slot);
    setError(undefined);
    const [date, time] = slot.split(" ");
    setStatus("Holding that time…");
    const res = await fetch("/api/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        props.location ? { date, time, location: props.location } : {
          date,
          time,
        },
      ),
    });
    const body = await res.json();
    if (res.status === 201) {
      setHold({ id: body.holdId, expiresAt: body.expiresAt, slot });
      setStatus(`${dateLabel(date)} at ${timeLabel(time)} is held for you.`);
    } else {
      setHold(null);
      setSelected("");
      setStatus("");
      setError(
        res.status === 409
          ? "That time was just taken. Please pick another."
          : body?.error?.message ?? "Could not hold that time.",
      );
      if (res.status === 409) await load(month, day);
    }
  }

  function pickDay(date: string) {
    setFocus(date);
    setDay(date);
    const free = dates.find((d) => d.date === date)?.slots.length ?? 0;
    setStatus(
      free
        ? `${dateLabel(date)}: ${free} free ${
          free === 1 ? "time" : "times"
        } below.`
        : `${dateLabel(date)} has no free times.`,
    );
  }

  const onClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    const monthButton = target.closest<HTMLButtonElement>("button[name=month]");
    if (monthButton) {
      e.preventDefault();
      load(monthButton.value, monthButton.dataset.day);
      return;
    }
    const dayButton = target.closest<HTMLButtonElement>("button[data-day]");
    if (dayButton) pickDay(dayButton.dataset.day!);
  };
  const onChange = (e: Event) => {
    const input = e.target as HTMLInputElement;
    if (input.name === "slot") choose(input.value);
  };
  const onKeyDown = async (e: KeyboardEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>(
      "[data-calendar] [data-day]",
    );
    const from = cell?.dataset.day;
    if (!from || !CALENDAR_KEYS.includes(e.key as CalendarKey)) return;
    e.preventDefault();
    const to = moveInCalendar(from, e.key as CalendarKey);
    moveFocus.current = true;
    if (to.startsWith(month)) setFocus(to);
    else if (!(await load(to.slice(0, 7), to))) moveFocus.current = false;
  };

  const live_hold = hold && hold.slot === selected ? hold : null;
  // Class tokens this island may show later (countdown, errors, an empty or
  // full month) are rendered once, hidden, so the server CSS already has
  // them and the browser never needs the twind runtime (~19 kB gzipped).
  return (
    <div ref={root} onClick={onClick} onChange={onChange} onKeyDown={onKeyDown}>
      {
        /* The wrapper is what hides it: a display class ("flex") on the
          element itself would win over [hidden] and show an empty box. */
      }
      <div hidden>
        <div class={LATER_CLASSES} />
      </div>
      <MonthNav month={month} bounds={props.bounds} form={props.navForm} />
      <FirstAvailable
        first={props.first ?? null}
        month={month}
        form={props.navForm}
        live={live}
      />
      <MonthCalendar
        month={month}
        dates={dates}
        selected={live ? day : selected.slice(0, 10)}
        focus={focus}
        live={live}
      />
      <p class="sr-only" aria-live="polite">{status}</p>
      {live && !dates.some((d) =>
        d.date === day && d.slots.length > 0
      ) && (
        <p class="mt-4 rounded-xl border-2 border-dashed border-stone-300 bg-stone-50 p-5 text-center text-stone-900">
          No free times on {dateLabel(day)}. Choose a day with a green border.
        </p>
      )}
      <SlotList
        month={month}
        dates={dates}
        selected={selected}
        error={error}
        day={live ? day : undefined}
      />
      {live_hold && (
        <>
          <input type="hidden" name="holdId" value={live_hold.id} />
          <input
            type="hidden"
            name="holdExpiresAt"
            value={live_hold.expiresAt}
          />
          <input type="hidden" name="holdSlot" value={live_hold.slot} />
          <HoldCountdown expiresAt={live_hold.expiresAt} />
        </>
      )}
    </div>
  );
}

/**
 * "First available: Saturday, December 19, 2026 at 6:00 PM", with a button
 * (a month button, so it works with and without JavaScript) when it is in
 * another month than the one shown; with JavaScript the button is always
 * there and also opens that day.
 */
function FirstAvailable(
  { first, month, form, live }: {
    first: { date: string; time: string } | null;
    month: string;
    form: string;
    live: boolean;
  },
) {
  if (!first) {
    return (
      <p class="mt-3 text-stone-800" data-first-available="">
        No free times in the next months: please contact us.
      </p>
    );
  }
  const label = `${dateLabel(first.date)} at ${timeLabel(first.time)}`;
  const target = first.date.slice(0, 7);
  return (
    <p
      class="mt-3 flex flex-wrap items-center gap-2 text-stone-800"
      data-first-available={first.date}
    >
      <span>
        First available: <strong>{label}</strong>
      </span>
      {(live || target !== month) && (
        <button
          type="submit"
          name="month"
          form={form}
          value={target}
          data-day={live ? first.date : undefined}
          class="rounded-lg border-2 border-stone-800 bg-white px-3 py-2 font-semibold text-stone-900"
        >
          Show first available
        </button>
      )}
    </p>
  );
}
