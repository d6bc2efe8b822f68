import { useState } from "preact/hooks";
import type { DateAvailability } from "../lib/availability/types.ts";
import {
  dateLabel,
  monthRange,
  timeLabel,
} from "../lib/booking_form/format.ts";
import { MonthNav, SlotList } from "../components/booking/SlotList.tsx";
import HoldCountdown from "./HoldCountdown.tsx";

const LATER_CLASSES =
  "mt-1 mt-4 p-3 p-4 rounded-lg rounded-xl border border-2 border-amber-600 border-stone-300 border-stone-500 bg-amber-50 bg-stone-100 text-sm text-stone-900 text-red-800 text-red-900 font-semibold space-y-4 px-1 px-3 py-2 flex flex-wrap items-center gap-2 gap-3 h-5 w-5";

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

/**
 * Date and time picker of the wizard. Server-rendered it is the no-JS list
 * (month buttons submit the navigation form). Hydrated, it loads months from
 * `GET /api/availability` and holds the chosen slot right away with
 * `POST /api/holds`, showing the hold's countdown.
 */
export default function SlotPicker(props: SlotPickerProps) {
  const [month, setMonth] = useState(props.month);
  const [dates, setDates] = useState(props.dates);
  const [selected, setSelected] = useState(props.selected);
  const [hold, setHold] = useState(props.hold);
  const [error, setError] = useState(props.error);
  const [status, setStatus] = useState("");

  async function load(next: string) {
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
      return;
    }
    const body = await res.json() as { dates: DateAvailability[] };
    setMonth(next);
    setDates(
      body.dates
        .map((d) => ({ ...d, slots: d.slots.filter((s) => s.available > 0) }))
        .filter((d) => d.slots.length > 0),
    );
    setStatus(`Showing open times for ${next}.`);
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
      setStatus("Time held.");
    } else {
      setHold(null);
      setSelected("");
      setStatus("");
      setError(
        res.status === 409
          ? "That time was just taken. Please pick another."
          : body?.error?.message ?? "Could not hold that time.",
      );
      if (res.status === 409) await load(month);
    }
  }

  const onClick = (e: MouseEvent) => {
    const button = (e.target as HTMLElement).closest("button[name=month]");
    if (button) {
      e.preventDefault();
      load((button as HTMLButtonElement).value);
    }
  };
  const onChange = (e: Event) => {
    const input = e.target as HTMLInputElement;
    if (input.name === "slot") choose(input.value);
  };

  const live = hold && hold.slot === selected ? hold : null;
  // Class tokens this island may show later (countdown, errors, an empty or
  // full month) are rendered once, hidden, so the server CSS already has
  // them and the browser never needs the twind runtime (~19 kB gzipped).
  return (
    <div onClick={onClick} onChange={onChange}>
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
      />
      <p class="sr-only" aria-live="polite">{status}</p>
      <SlotList month={month} dates={dates} selected={selected} error={error} />
      {live && (
        <>
          <input type="hidden" name="holdId" value={live.id} />
          <input type="hidden" name="holdExpiresAt" value={live.expiresAt} />
          <input type="hidden" name="holdSlot" value={live.slot} />
          <HoldCountdown expiresAt={live.expiresAt} />
        </>
      )}
    </div>
  );
}

/**
 * "First available: Saturday, December 19, 2026 at 6:00 PM", with a button
 * (a month button, so it works with and without JavaScript) when it is in
 * another month than the one shown.
 */
function FirstAvailable(
  { first, month, form }: {
    first: { date: string; time: string } | null;
    month: string;
    form: string;
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
      {target !== month && (
        <button
          type="submit"
          name="month"
          form={form}
          value={target}
          class="rounded-lg border-2 border-stone-800 bg-white px-3 py-2 font-semibold text-stone-900"
        >
          Show first available
        </button>
      )}
    </p>
  );
}
