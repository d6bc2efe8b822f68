import type { ComponentChildren } from "preact";
import type { DateAvailability } from "../../lib/availability/mod.ts";
import { menuLabels, type PartyMenu } from "../../lib/booking_form/menu.ts";
import {
  dateLabel,
  paymentMethodLabel,
  servingsLabel,
  timeLabel,
} from "../../lib/booking_form/format.ts";
import { fieldId, type WizardState } from "../../lib/booking_form/state.ts";
import { type Step, STEP_TITLES } from "../../lib/booking_form/steps.ts";
import type { PricingSettings } from "../../lib/pricing/types.ts";
import type { QuoteAnswer } from "../../lib/pricing/service.ts";
import { BOOKING_TEXT_LIMITS } from "../../lib/schemas/limits.ts";
import { formatUsd } from "../../lib/site/money.ts";
import HoldCountdown from "../../islands/HoldCountdown.tsx";
import SlotPicker from "../../islands/SlotPicker.tsx";
import PartyForm from "../../islands/PartyForm.tsx";
import { ExtrasFields } from "./PartyFields.tsx";
import { buttonClass } from "../Button.tsx";
import { ErrorSummary, FieldError, inputClass, TextField } from "./Field.tsx";
import { HiddenFields } from "./HiddenFields.tsx";
import { QuoteTable } from "./QuoteTable.tsx";

/** Everything one wizard page renders. */
export interface BookStepData {
  step: Step;
  state: WizardState;
  errors: Record<string, string>;
  menu: PartyMenu;
  settings: PricingSettings;
  /** The server quote of the state (and its base location), once it has a ZIP. */
  quote: QuoteAnswer | null;
  /** The month of slots shown on the date step. */
  slots: {
    month: string;
    dates: DateAvailability[];
    bounds: { first: string; last: string };
    /** The earliest free time at the base, if any. */
    first?: { date: string; time: string } | null;
  } | null;
  /** Card payments can be taken (else the card option is not offered). */
  cardPayments?: boolean;
  /** SMS can be sent (else the SMS opt-in is not offered). */
  smsEnabled?: boolean;
  /** Where focus lands after the page loads (no script needed: autofocus). */
  focus: "errors" | "step" | "none";
}

const NAV_FORM_ID = "slot-month-nav";

function StepForm(
  { step, state, children }: {
    step: Step;
    state: WizardState;
    children: ComponentChildren;
  },
) {
  return (
    <form method="post" action="/book" noValidate class="mt-6">
      <input type="hidden" name="step" value={step} />
      <HiddenFields state={state} visible={step} />
      {children}
    </form>
  );
}

/** Continue first in the markup so Enter submits forward; shown after Back. */
function StepButtons(
  { step, submit = "Continue" }: { step: Step; submit?: string },
) {
  return (
    <div class="mt-8 flex flex-col gap-3 sm:flex-row-reverse sm:justify-start">
      <button type="submit" class={buttonClass("primary")}>{submit}</button>
      {step !== "party" && (
        <button
          type="submit"
          name="action"
          value="back"
          class={buttonClass("secondary")}
        >
          Back
        </button>
      )}
    </div>
  );
}

function QuoteSummary({ quote }: { quote: QuoteAnswer | null }) {
  if (!quote) return null;
  return (
    <p class="mt-4 rounded-lg bg-stone-100 p-3 text-stone-900">
      Served from <strong>{quote.location.name}</strong>. Total so far{" "}
      <strong>{formatUsd(quote.totalCents)}</strong>
      {quote.travelFeeCents > 0
        ? `, including ${
          formatUsd(quote.travelFeeCents)
        } travel (${quote.travelMiles} miles)`
        : ` (travel free: ${quote.travelMiles} miles)`}. Deposit{" "}
      {formatUsd(quote.depositCents)}.
    </p>
  );
}

function Party({ data }: { data: BookStepData }) {
  return (
    <StepForm step="party" state={data.state}>
      <PartyForm menu={data.menu} initial={data.state} errors={data.errors} />
      <ExtrasFields menu={data.menu} state={data.state} errors={data.errors} />
      <StepButtons step="party" />
    </StepForm>
  );
}

function Address({ data }: { data: BookStepData }) {
  const { state, errors } = data;
  return (
    <StepForm step="address" state={state}>
      {state.location && (
        <input type="hidden" name="location" value={state.location} />
      )}
      <p class="text-stone-800">
        Where will the chef cook? Travel is free for the first{" "}
        {data.settings.freeTravelMiles} miles, then{" "}
        {formatUsd(data.settings.travelFeePerMileCents)} per mile.
      </p>
      <div class="mt-4 grid gap-4">
        <TextField
          name="address.line1"
          label="Street address"
          value={state.address.line1}
          autoComplete="address-line1"
          maxLength={BOOKING_TEXT_LIMITS.addressLine}
          error={errors["address.line1"]}
        />
        <TextField
          name="address.line2"
          label="Apartment, suite (optional)"
          value={state.address.line2}
          autoComplete="address-line2"
          maxLength={BOOKING_TEXT_LIMITS.addressLine}
          error={errors["address.line2"]}
        />
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <TextField
            name="address.city"
            label="City"
            value={state.address.city}
            autoComplete="address-level2"
            maxLength={BOOKING_TEXT_LIMITS.city}
            error={errors["address.city"]}
          />
          <TextField
            name="address.state"
            label="State"
            hint="2 letters, e.g. CA"
            value={state.address.state}
            autoComplete="address-level1"
            maxLength={BOOKING_TEXT_LIMITS.state}
            error={errors["address.state"]}
          />
          <TextField
            name="zip"
            label="ZIP code"
            value={state.zip}
            autoComplete="postal-code"
            inputMode="numeric"
            maxLength={BOOKING_TEXT_LIMITS.zip}
            error={errors.zip}
          />
        </div>
      </div>
      <QuoteSummary quote={data.quote} />
      <StepButtons step="address" />
    </StepForm>
  );
}

const LOCATION_FORM_ID = "slot-location";

/**
 * "Served from Sacramento", and when several bases serve the ZIP a form to
 * pick another one (its own travel fee and free times).
 */
function BaseChoice({ data }: { data: BookStepData }) {
  const q = data.quote;
  if (!q) return null;
  const error = data.errors.location;
  if (q.locations.length < 2) {
    return (
      <div class="mb-4" id={fieldId("location")} tabIndex={-1}>
        <p class="text-stone-800" id="served-from">
          Your chef comes from our <strong>{q.location.name}</strong> base
          {q.location.travelMiles > 0
            ? ` (${q.location.travelMiles} miles away).`
            : "."}
        </p>
        <FieldError name="location" message={error} />
      </div>
    );
  }
  return (
    <form
      id={LOCATION_FORM_ID}
      method="post"
      action="/book"
      noValidate
      class="mb-4"
    >
      <input type="hidden" name="step" value="slot" />
      <HiddenFields
        state={{
          ...data.state,
          location: "",
          date: "",
          time: "",
          holdId: "",
          holdExpiresAt: "",
          holdSlot: "",
        }}
      />
      <fieldset
        id={fieldId("location")}
        class="rounded-xl border border-stone-300 p-4"
        aria-describedby={error ? `${fieldId("location")}-error` : undefined}
      >
        <legend class="px-1 text-lg font-bold text-stone-900">
          Served from <span id="served-from">{q.location.name}</span>
        </legend>
        <p class="text-sm text-stone-700">
          More than one of our bases serves ZIP{" "}
          {data.state.zip}. Each has its own chefs and free times; travel is
          measured from the one you pick.
        </p>
        <FieldError name="location" message={error} />
        <div class="mt-2 grid gap-2">
          {q.locations.map((l) => (
            <label key={l.slug} class="flex items-center gap-3">
              <input
                type="radio"
                name="location"
                value={l.slug}
                checked={l.slug === q.location.slug}
                class="h-5 w-5"
              />
              {l.name} ({l.travelMiles === 0
                ? "in your ZIP"
                : `${l.travelMiles} miles away`})
            </label>
          ))}
        </div>
        <button
          type="submit"
          name="action"
          value="relocate"
          class={`mt-3 ${buttonClass("secondary")}`}
        >
          Show times from this base
        </button>
      </fieldset>
    </form>
  );
}

function Slot({ data }: { data: BookStepData }) {
  const { state } = data;
  const slots = data.slots!;
  const hold = state.holdId
    ? { id: state.holdId, expiresAt: state.holdExpiresAt, slot: state.holdSlot }
    : null;
  return (
    <>
      {/* The month buttons submit this form, so the state survives paging. */}
      <BaseChoice data={data} />
      <form id={NAV_FORM_ID} method="post" action="/book" noValidate>
        <input type="hidden" name="step" value="slot" />
        <HiddenFields state={state} />
      </form>
      <StepForm step="slot" state={state}>
        {state.location && (
          <input type="hidden" name="location" value={state.location} />
        )}
        <p class="text-stone-800">
          Only times a chef is free are listed. Choosing one holds it for{" "}
          {data.settings.holdMinutes} minutes while you finish.
        </p>
        <div class="mt-4">
          <SlotPicker
            month={slots.month}
            dates={slots.dates}
            selected={state.date && state.time
              ? `${state.date} ${state.time}`
              : ""}
            bounds={slots.bounds}
            hold={hold}
            error={data.errors.date ?? data.errors.time ?? data.errors.holdId}
            navForm={NAV_FORM_ID}
            location={data.quote?.location.slug ?? state.location}
            first={slots.first ?? null}
          />
        </div>
        <QuoteSummary quote={data.quote} />
        <StepButtons step="slot" />
      </StepForm>
    </>
  );
}

const METHODS: Array<[string, string]> = [
  ["zelle", "Zelle"],
  ["venmo", "Venmo"],
  ["card", "Card (pay securely with Stripe after booking)"],
];

function Contact({ data }: { data: BookStepData }) {
  const { state, errors } = data;
  return (
    <StepForm step="contact" state={state}>
      {state.holdExpiresAt && <HoldCountdown expiresAt={state.holdExpiresAt} />}
      <div class="mt-4 grid gap-4">
        <TextField
          name="customer.name"
          label="Your name"
          value={state.customer.name}
          autoComplete="name"
          maxLength={BOOKING_TEXT_LIMITS.customerName}
          error={errors["customer.name"]}
        />
        <TextField
          name="customer.email"
          label="Email"
          hint="We send your confirmation and manage link here."
          type="email"
          value={state.customer.email}
          autoComplete="email"
          maxLength={BOOKING_TEXT_LIMITS.customerEmail}
          error={errors["customer.email"]}
        />
        <TextField
          name="customer.phone"
          label="Mobile phone"
          type="tel"
          value={state.customer.phone}
          autoComplete="tel"
          maxLength={BOOKING_TEXT_LIMITS.customerPhone}
          error={errors["customer.phone"]}
        />
        {data.smsEnabled && (
          <label class="flex items-start gap-3" id={fieldId("smsOptIn")}>
            <input
              type="checkbox"
              name="smsOptIn"
              checked={state.smsOptIn}
              class="mt-1"
            />
            <span>
              Also text me when my booking is confirmed, two days before the
              party and if it is cancelled. Reply STOP at any time to opt out.
            </span>
          </label>
        )}
        <FieldError name="smsOptIn" message={errors.smsOptIn} />
      </div>
      <fieldset
        id={fieldId("paymentMethod")}
        class="mt-6 rounded-xl border border-stone-300 p-4"
        aria-describedby={errors.paymentMethod
          ? `${fieldId("paymentMethod")}-error`
          : undefined}
      >
        <legend class="px-1 text-lg font-bold text-stone-900">
          How will you pay the {formatUsd(data.settings.depositCents)} deposit?
        </legend>
        <FieldError name="paymentMethod" message={errors.paymentMethod} />
        <div class="mt-2 grid gap-2">
          {METHODS.filter(([value]) =>
            value !== "card" || data.cardPayments !== false
          ).map(([value, label]) => (
            <label key={value} class="flex items-center gap-3">
              <input
                type="radio"
                name="paymentMethod"
                value={value}
                checked={state.paymentMethod === value}
                class="h-5 w-5"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="mt-6">
        <label
          for={fieldId("notes")}
          class="block font-semibold text-stone-900"
        >
          Notes for the chef (optional)
        </label>
        <textarea
          id={fieldId("notes")}
          name="notes"
          rows={3}
          maxLength={BOOKING_TEXT_LIMITS.notes}
          class={inputClass(Boolean(errors.notes))}
        >
          {state.notes}
        </textarea>
        <FieldError name="notes" message={errors.notes} />
      </div>
      <StepButtons step="contact" />
    </StepForm>
  );
}

function Dl({ rows }: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-3">
      {rows.map(([term, value]) => (
        <>
          <dt key={`t-${term}`} class="font-semibold text-stone-900">{term}</dt>
          <dd key={`d-${term}`} class="text-stone-800 sm:col-span-2">
            {value}
          </dd>
        </>
      ))}
    </dl>
  );
}

function ChangeButton({ step, label }: { step: Step; label: string }) {
  return (
    <button
      type="submit"
      name="action"
      value={step}
      class="mt-2 font-semibold text-red-800 underline"
    >
      Change {label}
    </button>
  );
}

/** The cancellation, reschedule and deposit rules in plain words, with the live numbers. */
export function PolicyList({ settings }: { settings: PricingSettings }) {
  return (
    <ul class="list-disc space-y-1 pl-5 text-stone-800">
      <li>
        A {formatUsd(settings.depositCents)}{" "}
        deposit (or the total, if smaller) reserves your chef; it is credited to
        your bill. Unpaid after {settings.depositDueHours}{" "}
        hours, the booking expires.
      </li>
      <li>
        Cancel at least {settings.freeCancellationHours}{" "}
        hours before the party for a full deposit refund; later cancellations
        forfeit the deposit.
      </li>
      <li>
        One free reschedule up to {settings.freeRescheduleHours}{" "}
        hours before the party; later or further reschedules cost{" "}
        {formatUsd(settings.rescheduleFeeCents)}.
      </li>
      <li>
        Guest count is final {settings.guestCountFinalHours}{" "}
        hours before, the menu {settings.menuFinalHours} hours before.
      </li>
    </ul>
  );
}

function Review({ data }: { data: BookStepData }) {
  const { state } = data;
  const a = state.address;
  const labels = menuLabels(data.menu);
  return (
    <StepForm step="review" state={state}>
      {state.holdExpiresAt && <HoldCountdown expiresAt={state.holdExpiresAt} />}
      <section aria-labelledby="review-when" class="mt-6">
        <h3 id="review-when" class="text-lg font-bold">When and where</h3>
        <Dl
          rows={[
            ["Date", state.date ? dateLabel(state.date) : ""],
            ["Start time", state.time ? timeLabel(state.time) : ""],
            ["Served from", data.quote?.location.name ?? ""],
            [
              "Address",
              `${a.line1}${
                a.line2 ? `, ${a.line2}` : ""
              }, ${a.city}, ${a.state} ${state.zip}`,
            ],
          ]}
        />
        <div class="flex flex-wrap gap-x-4">
          <ChangeButton step="address" label="address" />
          <ChangeButton step="slot" label="date and time" />
        </div>
      </section>
      <section aria-labelledby="review-party" class="mt-6">
        <h3 id="review-party" class="text-lg font-bold">Party and menu</h3>
        <Dl
          rows={[
            [
              "Guests",
              `${state.adults} adults, ${state.children} children, ${state.under6} under 6`,
            ],
            ["Proteins", servingsLabel(state.proteins, labels)],
            ["Extra proteins", servingsLabel(state.extraProteins, labels)],
            ["Add-ons", servingsLabel(state.addons, labels)],
            ["Gratuity", `${state.gratuityPercent}%`],
          ]}
        />
        <ChangeButton step="party" label="party and menu" />
      </section>
      <section aria-labelledby="review-contact" class="mt-6">
        <h3 id="review-contact" class="text-lg font-bold">
          Contact and deposit
        </h3>
        <Dl
          rows={[
            ["Name", state.customer.name],
            ["Email", state.customer.email],
            ["Phone", state.customer.phone],
            ["Deposit by", paymentMethodLabel(state.paymentMethod)],
            ["Notes for the chef", state.notes || "None"],
          ]}
        />
        <ChangeButton step="contact" label="contact details" />
      </section>
      <section aria-labelledby="review-quote" class="mt-6">
        <h3 id="review-quote" class="text-lg font-bold">Your quote</h3>
        {data.quote && <QuoteTable quote={data.quote} />}
      </section>
      <section aria-labelledby="review-policies" class="mt-6">
        <h3 id="review-policies" class="text-lg font-bold">Policies</h3>
        <PolicyList settings={data.settings} />
      </section>
      <StepButtons step="review" submit="Book now" />
    </StepForm>
  );
}

/** The current wizard step: heading (focused after a step change), errors, and its form. */
export function BookSteps(data: BookStepData) {
  const body = {
    party: Party,
    address: Address,
    slot: Slot,
    contact: Contact,
    review: Review,
  }[data.step];
  const Body = body;
  return (
    <section aria-labelledby="step-heading" class="mt-6">
      <h2
        id="step-heading"
        tabIndex={-1}
        autofocus={data.focus === "step"}
        class="text-2xl font-bold text-stone-900 focus:outline-none"
      >
        {STEP_TITLES[data.step]}
      </h2>
      <div class="mt-4">
        <ErrorSummary
          errors={data.errors}
          autofocus={data.focus === "errors"}
        />
      </div>
      <Body data={data} />
    </section>
  );
}
