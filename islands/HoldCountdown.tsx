import { useEffect, useState } from "preact/hooks";

/** Props of {@link HoldCountdown}. */
export interface HoldCountdownProps {
  /** ISO instant the hold ends. */
  expiresAt: string;
}

function left(expiresAt: string): number {
  return Math.max(0, Date.parse(expiresAt) - Date.now());
}

/** "mm:ss" of a duration in milliseconds, rounded up to the second. */
function mmss(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${
    String(s % 60).padStart(2, "0")
  }`;
}

/**
 * The hold's remaining time as mm:ss. The ticking clock is a `timer` (not
 * announced every second); a polite live region speaks once a minute and when
 * the hold runs out.
 */
export default function HoldCountdown({ expiresAt }: HoldCountdownProps) {
  const [ms, setMs] = useState(() => left(expiresAt));
  useEffect(() => {
    setMs(left(expiresAt));
    const id = setInterval(() => setMs(left(expiresAt)), 1000);
    return () => clearInterval(id);
  }, [expiresAt]);
  if (!expiresAt) return null;
  const minutes = Math.ceil(ms / 60_000);
  return (
    <div class="mt-4 rounded-lg border-2 border-amber-600 bg-amber-50 p-3 text-stone-900">
      {ms > 0
        ? (
          <p>
            We are holding this time for you for{" "}
            <strong role="timer" aria-live="off" data-countdown>
              {mmss(ms)}
            </strong>.
          </p>
        )
        : (
          <p class="font-semibold text-red-900" data-countdown-expired>
            Your hold has expired.{" "}
            {/* The draft (party, address, contact) is kept: one click back. */}
            <a href="/book?step=slot" class="underline" data-hold-again>
              Choose a date and time again
            </a>
          </p>
        )}
      {/* Styles the expired message needs later (server CSS only). */}
      <span hidden class="underline" />
      <p class="sr-only" aria-live="polite">
        {ms > 0
          ? `${minutes} minute${minutes === 1 ? "" : "s"} left on your hold.`
          : "Your hold has expired."}
      </p>
    </div>
  );
}
