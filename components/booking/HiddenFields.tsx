import {
  wizardFields,
  type WizardState,
} from "../../lib/booking_form/state.ts";
import { type Step, stepOfPath } from "../../lib/booking_form/steps.ts";

/**
 * The answers of every step except `visible` as hidden inputs, so the no-JS
 * wizard carries its state from page to page without a session.
 */
export function HiddenFields(
  { state, visible }: { state: WizardState; visible?: Step },
) {
  return (
    <>
      {wizardFields(state)
        .filter(([name]) => stepOfPath(name) !== visible)
        .map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
    </>
  );
}
