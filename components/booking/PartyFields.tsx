import { fieldId, type WizardState } from "../../lib/booking_form/state.ts";
import type { PartyMenu } from "../../lib/booking_form/menu.ts";
import { QUOTE_COUNT_LIMITS } from "../../lib/schemas/limits.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { CountField, FieldError, type FieldErrors } from "./Field.tsx";

/** Props of {@link PartyFields}. */
export interface PartyFieldsProps {
  menu: PartyMenu;
  state: WizardState;
  errors: FieldErrors;
  /** Live count of chosen protein servings (islands pass it; server pages omit it). */
  proteinStatus?: string;
  /**
   * −/+ buttons next to each protein: rendered hidden on the server (so their
   * styles exist) and shown by an island once it can handle them.
   */
  steppers?: "hidden" | "shown";
}

const STEP_BUTTON =
  "h-11 w-11 rounded-lg border-2 border-stone-800 bg-white text-xl font-bold text-stone-900";

/** "One fewer"/"One more" buttons for a count field (island-handled clicks). */
function Steppers(
  { name, label, shown }: { name: string; label: string; shown: boolean },
) {
  return (
    <div class="flex gap-1" hidden={!shown}>
      <button
        type="button"
        class={STEP_BUTTON}
        data-step={name}
        data-delta="-1"
        aria-label={`One fewer ${label}`}
      >
        −
      </button>
      <button
        type="button"
        class={STEP_BUTTON}
        data-step={name}
        data-delta="1"
        aria-label={`One more ${label}`}
      >
        +
      </button>
    </div>
  );
}

const FIELDSET = "mt-6 rounded-xl border border-stone-300 p-4";
const LEGEND = "px-1 text-lg font-bold text-stone-900";

/** Guests, proteins, extra servings, add-ons and gratuity: the first wizard step and the quote calculator. */
export function PartyFields(
  { menu, state, errors, proteinStatus, steppers }: PartyFieldsProps,
) {
  const fed = state.adults + state.children;
  const needed = menu.proteinsPerGuest * (Number.isFinite(fed) ? fed : 0);
  return (
    <>
      <fieldset class={FIELDSET}>
        <legend class={LEGEND}>Guests</legend>
        <p class="text-sm text-stone-700">
          Up to {menu.maxPartySize} guests in total.
        </p>
        <div class="mt-2 grid grid-cols-1 gap-4 sm:grid-cols-3">
          <CountField
            name="adults"
            label="Adults (13+)"
            value={state.adults}
            max={menu.maxPartySize}
            error={errors.adults}
          />
          <CountField
            name="children"
            label="Children (6–12)"
            value={state.children}
            max={menu.maxPartySize}
            error={errors.children}
          />
          <CountField
            name="under6"
            label="Under 6 (free)"
            value={state.under6}
            max={menu.maxPartySize}
            error={errors.under6}
          />
        </div>
      </fieldset>

      <fieldset
        id={fieldId("proteins")}
        class={FIELDSET}
        aria-describedby={`${fieldId("proteins")}-hint${
          errors.proteins ? ` ${fieldId("proteins")}-error` : ""
        }`}
      >
        <legend class={LEGEND}>Proteins</legend>
        <p id={`${fieldId("proteins")}-hint`} class="text-sm text-stone-700">
          {menu.proteinsPerGuest} servings per adult and child
          {needed > 0 ? `: choose ${needed} in total.` : "."}{" "}
          Premium choices add a surcharge per serving.
        </p>
        {proteinStatus && (
          <p class="mt-1 font-semibold text-stone-900" aria-live="polite">
            {proteinStatus}
          </p>
        )}
        <FieldError name="proteins" message={errors.proteins} />
        <div class="mt-2 grid grid-cols-2 gap-4 sm:grid-cols-3">
          {menu.proteins.map((p) => (
            <div key={p.code} class="flex items-end gap-2">
              <CountField
                class="flex-1"
                name={`proteins.${p.code}`}
                label={p.cents > 0
                  ? `${p.label} (+${formatUsd(p.cents)})`
                  : p.label}
                value={state.proteins[p.code]}
                max={menu.proteinsPerGuest * menu.maxPartySize}
                error={errors[`proteins.${p.code}`]}
              />
              {steppers && (
                <Steppers
                  name={`proteins.${p.code}`}
                  label={p.label}
                  shown={steppers === "shown"}
                />
              )}
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset class={FIELDSET}>
        <legend class={LEGEND}>Extra protein servings (optional)</legend>
        <p class="text-sm text-stone-700">
          {formatUsd(menu.extraProteinCents)}{" "}
          each, plus the surcharge for a premium protein.
        </p>
        <div class="mt-2 grid grid-cols-2 gap-4 sm:grid-cols-3">
          {menu.proteins.map((p) => (
            <CountField
              key={p.code}
              name={`extraProteins.${p.code}`}
              label={`Extra ${p.label.toLowerCase()}`}
              value={state.extraProteins[p.code]}
              max={QUOTE_COUNT_LIMITS.extraProteinServings}
              error={errors[`extraProteins.${p.code}`]}
            />
          ))}
        </div>
      </fieldset>

      <fieldset class={FIELDSET}>
        <legend class={LEGEND}>Add-ons (optional, per serving)</legend>
        <div class="mt-2 grid grid-cols-2 gap-4 sm:grid-cols-3">
          {menu.addons.map((a) => (
            <CountField
              key={a.code}
              name={`addons.${a.code}`}
              label={`${a.label} (${formatUsd(a.cents)})`}
              value={state.addons[a.code]}
              max={QUOTE_COUNT_LIMITS.addonServings}
              error={errors[`addons.${a.code}`]}
            />
          ))}
        </div>
      </fieldset>

      <fieldset class={FIELDSET}>
        <legend class={LEGEND}>Gratuity for your chef (optional)</legend>
        <CountField
          name="gratuityPercent"
          label={`Gratuity percent (0–${QUOTE_COUNT_LIMITS.gratuityPercent})`}
          hint={`${menu.suggestedGratuityPercent}% is typical; all of it goes to the chef.`}
          value={state.gratuityPercent}
          max={QUOTE_COUNT_LIMITS.gratuityPercent}
          error={errors.gratuityPercent}
        />
      </fieldset>
    </>
  );
}
