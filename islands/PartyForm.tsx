import type { JSX } from "preact";
import type { PartyMenu } from "../lib/booking_form/menu.ts";
import type { WizardState } from "../lib/booking_form/state.ts";
import { GuestAndProteinFields } from "../components/booking/PartyFields.tsx";
import { useParty } from "../components/booking/use_party.ts";
import { proteinStatus } from "../lib/booking_form/proteins.ts";

/** Props of {@link PartyForm}. */
export interface PartyFormProps {
  menu: PartyMenu;
  initial: WizardState;
  errors: Record<string, string>;
}

/**
 * The wizard's party step: guests and proteins. Server-rendered they are plain
 * inputs (the no-JS form); hydrated, proteins follow the guests and get −/+
 * steppers that keep the split adding up, like the quote calculator. The
 * optional fields after them are server-rendered outside the island.
 */
export default function PartyForm(props: PartyFormProps) {
  const party = useParty(props.menu, props.initial);
  // The server renders the no-JS form; in the browser the first render is
  // already the live one. Islands boot with `render` over the server DOM
  // (not `hydrate`), which patches the differences (steppers unhidden, the
  // status line added) in the same pass: no second full render (ADR 0048).
  // `IS_BROWSER`, written out: importing `$fresh/runtime.ts` would add its
  // `Partial` and `asset` modules to the island's chunks.
  const live = typeof document !== "undefined";
  const form = (e: Event) => (e.currentTarget as HTMLElement).closest("form");

  const onInput = (e: JSX.TargetedEvent<HTMLDivElement>) => {
    const f = form(e);
    if (f) party.afterInput(f, e.target);
  };
  const onClick = (e: JSX.TargetedMouseEvent<HTMLDivElement>) => {
    const f = form(e);
    if (f) party.afterClick(f, e.target);
  };
  const { state } = party;
  const status = live
    ? proteinStatus(
      state.proteins,
      state.adults + state.children,
      props.menu.proteinsPerGuest,
    )
    : undefined;
  return (
    <div onInput={onInput} onClick={onClick}>
      <GuestAndProteinFields
        menu={props.menu}
        state={state}
        errors={props.errors}
        proteinStatus={status}
        steppers={live ? "shown" : "hidden"}
      />
    </div>
  );
}
