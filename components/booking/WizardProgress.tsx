import { type Step, STEP_TITLES, STEPS } from "../../lib/booking_form/steps.ts";

/** The numbered step list; the current step is marked for assistive tech. */
export function WizardProgress({ current }: { current: Step }) {
  const at = STEPS.indexOf(current);
  return (
    <nav aria-label="Booking steps">
      <ol class="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {STEPS.map((step, i) => (
          <li
            key={step}
            aria-current={step === current ? "step" : undefined}
            class={step === current
              ? "font-bold text-red-800"
              : i < at
              ? "text-stone-800"
              : "text-stone-600"}
          >
            {i + 1}. {STEP_TITLES[step]}
            {i < at && <span class="sr-only">(done)</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
