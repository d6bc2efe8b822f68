import { useRef, useState } from "preact/hooks";
import type { PartyMenu } from "../../lib/booking_form/menu.ts";
import {
  rescaleProteins,
  stepProtein,
} from "../../lib/booking_form/proteins.ts";
import {
  readWizardState,
  type WizardState,
} from "../../lib/booking_form/state.ts";

/** What {@link useParty} gives an island. */
export interface Party {
  state: WizardState;
  /** The state after the customer typed into `form` (`target` is the field). */
  afterInput(form: HTMLFormElement, target: EventTarget | null): WizardState;
  /**
   * The state after a click on a `data-step` button (a protein moves a
   * serving, a guest count adds or removes one), or null if it was not one.
   */
  afterClick(form: HTMLFormElement, target: EventTarget | null):
    | WizardState
    | null;
}

/**
 * The party fields' live state in an island: a guest change rescales the
 * protein split the customer last chose (so typing "12" via "1" keeps it),
 * and the −/+ buttons move servings with {@link stepProtein}.
 */
export function useParty(menu: PartyMenu, initial: WizardState): Party {
  const [state, setState] = useState(initial);
  // The split the customer (or the default) last set: what guests rescale.
  const basis = useRef(initial.proteins);

  function commit(next: WizardState): WizardState {
    setState(next);
    return next;
  }

  return {
    state,
    afterInput(form, target) {
      const next = readWizardState(new FormData(form));
      const name = (target as HTMLInputElement | null)?.name ?? "";
      if (name.startsWith("proteins.")) basis.current = next.proteins;
      else if (
        next.adults !== state.adults || next.children !== state.children
      ) {
        next.proteins = rescaleProteins(
          basis.current,
          next.adults,
          next.children,
          menu,
        );
      }
      return commit(next);
    },
    afterClick(form, target) {
      const button = (target as HTMLElement).closest<HTMLButtonElement>(
        "button[data-step]",
      );
      if (!button) return null;
      const name = button.dataset.step ?? "";
      const delta = Number(button.dataset.delta) > 0 ? 1 : -1;
      if (!name.startsWith("proteins.")) {
        // A guest count: one more or fewer, then as if typed.
        const field = form.elements.namedItem(name) as HTMLInputElement | null;
        if (!field) return null;
        const now = Number(field.value || "0");
        const value = Math.max(0, (Number.isFinite(now) ? now : 0) + delta);
        field.value = value === 0 ? "" : String(value);
        return this.afterInput(form, field);
      }
      const next = readWizardState(new FormData(form));
      next.proteins = stepProtein(
        next.proteins,
        name.slice("proteins.".length),
        delta,
        next.adults + next.children,
        menu,
      );
      basis.current = next.proteins;
      return commit(next);
    },
  };
}
