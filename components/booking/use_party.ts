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
  /** The state after a click on a `data-step` button, or null if it was not one. */
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
      const next = readWizardState(new FormData(form));
      const code = (button.dataset.step ?? "").replace(/^proteins\./, "");
      next.proteins = stepProtein(
        next.proteins,
        code,
        Number(button.dataset.delta) > 0 ? 1 : -1,
        next.adults + next.children,
        menu,
      );
      basis.current = next.proteins;
      return commit(next);
    },
  };
}
