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
  "h-11 w-11 shrink-0 rounded-lg border-2 border-stone-800 bg-white text-xl font-bold text-stone-900 hover:bg-stone-100";

/** Props of {@link CountRow}. */
interface CountRowProps {
  name: string;
  label: string;
  /** A second line under the label ("+$5 per serving"). */
  detail?: string;
  value: number | undefined;
  max: number;
  error?: string;
  /** −/+ buttons (island-handled clicks): "hidden" renders them for their styles. */
  steppers?: "hidden" | "shown";
}

/**
 * One count as a row: the label on the left, the number (between "one
 * fewer"/"one more" buttons once an island handles them) on the right. Reads
 * well on a phone, where two columns of labelled boxes wrapped badly.
 */
function CountRow(props: CountRowProps) {
  const id = fieldId(props.name);
  const value = props.value === 0 || props.value === undefined
    ? ""
    : Number.isNaN(props.value)
    ? undefined
    : String(props.value);
  const shown = props.steppers === "shown";
  return (
    <div class="rounded-lg border border-stone-200 bg-white px-3 py-2">
      <div class="flex items-center justify-between gap-3">
        <label for={id} class="font-semibold text-stone-900">
          {props.label}
          {props.detail && (
            <span class="block text-sm font-normal text-stone-700">
              {props.detail}
            </span>
          )}
        </label>
        <div class="flex items-center gap-1">
          {props.steppers && (
            <button
              type="button"
              class={STEP_BUTTON}
              data-step={props.name}
              data-delta="-1"
              aria-label={`One fewer ${props.label}`}
              hidden={!shown}
            >
              −
            </button>
          )}
          <input
            id={id}
            name={props.name}
            type="number"
            // Spelled as the DOM attributes are (lower case, strings), so
            // booting the island finds them equal and writes nothing.
            inputmode="numeric"
            min="0"
            max={String(props.max)}
            value={value}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? `${id}-error` : undefined}
            class={`h-11 w-16 rounded-lg border-2 ${
              props.error ? "border-red-700" : "border-stone-500"
            } bg-white px-2 text-center text-base text-stone-900`}
          />
          {props.steppers && (
            <button
              type="button"
              class={STEP_BUTTON}
              data-step={props.name}
              data-delta="1"
              aria-label={`One more ${props.label}`}
              hidden={!shown}
            >
              +
            </button>
          )}
        </div>
      </div>
      <FieldError name={props.name} message={props.error} />
    </div>
  );
}

const FIELDSET = "mt-6 rounded-xl border border-stone-300 p-4";
const LEGEND = "px-1 text-lg font-bold text-stone-900";

/** Guests, proteins, extra servings, add-ons and gratuity: the first wizard step and the quote calculator. */
export function PartyFields(props: PartyFieldsProps) {
  return (
    <>
      <GuestAndProteinFields {...props} />
      <ExtrasFields {...props} />
    </>
  );
}

/**
 * Guests and proteins: the fields whose live status and −/+ steppers need an
 * island. The wizard's party island renders only these, so booting it does
 * not walk the optional fields below (ADR 0048).
 */
export function GuestAndProteinFields(
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
        <div class="mt-3 grid grid-cols-1 gap-2 md:grid-cols-2">
          <CountRow
            name="adults"
            label="Adults"
            detail="13 and over"
            value={state.adults}
            max={menu.maxPartySize}
            error={errors.adults}
            steppers={steppers}
          />
          <CountRow
            name="children"
            label="Children"
            detail="6 to 12"
            value={state.children}
            max={menu.maxPartySize}
            error={errors.children}
            steppers={steppers}
          />
          <CountRow
            name="under6"
            label="Under 6"
            detail="Eat free"
            value={state.under6}
            max={menu.maxPartySize}
            error={errors.under6}
            steppers={steppers}
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
        <div class="mt-3 grid grid-cols-1 gap-2 md:grid-cols-2">
          {menu.proteins.map((p) => (
            <CountRow
              key={p.code}
              name={`proteins.${p.code}`}
              label={p.label}
              detail={p.cents > 0
                ? `Premium, +${formatUsd(p.cents)} per serving`
                : undefined}
              value={state.proteins[p.code]}
              max={menu.proteinsPerGuest * menu.maxPartySize}
              error={errors[`proteins.${p.code}`]}
              steppers={steppers}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}

/** Extra protein servings, add-ons and gratuity: plain inputs, no island needed. */
export function ExtrasFields(
  { menu, state, errors }: Pick<PartyFieldsProps, "menu" | "state" | "errors">,
) {
  return (
    <>
      <fieldset class={FIELDSET}>
        <legend class={LEGEND}>Extra protein servings (optional)</legend>
        <p class="text-sm text-stone-700">
          {formatUsd(menu.extraProteinCents)}{" "}
          each, plus the surcharge for a premium protein.
        </p>
        <div class="mt-3 grid grid-cols-1 gap-2 md:grid-cols-2">
          {menu.proteins.map((p) => (
            <CountRow
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
        <div class="mt-3 grid grid-cols-1 gap-2 md:grid-cols-2">
          {menu.addons.map((a) => (
            <CountRow
              key={a.code}
              name={`addons.${a.code}`}
              label={a.label}
              detail={`${formatUsd(a.cents)} per serving`}
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
