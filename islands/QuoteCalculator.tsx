import { useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import type { QuoteAnswer } from "../lib/pricing/service.ts";
import { quoteBodyOf, type WizardState } from "../lib/booking_form/state.ts";
import { useParty } from "../components/booking/use_party.ts";
import { proteinStatus } from "../lib/booking_form/proteins.ts";
import { formatUsd } from "../lib/site/money.ts";
import { BOOKING_TEXT_LIMITS } from "../lib/schemas/limits.ts";
import { ErrorSummary, TextField } from "../components/booking/Field.tsx";
import { messagesByField } from "../lib/booking_form/messages.ts";
import { PartyFields } from "../components/booking/PartyFields.tsx";
import type { PartyMenu } from "../lib/booking_form/menu.ts";
import { QuoteTable } from "../components/booking/QuoteTable.tsx";

/** Props of {@link QuoteCalculator}: plain JSON from the page. */
export interface QuoteCalculatorProps {
  menu: PartyMenu;
  initial: WizardState;
  /** The server's quote for `initial`, when it could be priced. */
  initialQuote: QuoteAnswer | null;
  /** The server's validation issues for `initial` (already worded for people). */
  initialErrors: Record<string, string>;
}

interface ApiIssue {
  path: string;
  message: string;
}

const DEBOUNCE_MS = 350;

const LATER_CLASSES =
  "mb-6 mt-1 mt-2 mt-3 mt-4 rounded-lg rounded-xl border-2 border-red-700 border-stone-500 bg-red-50 p-3 p-4 pl-5 list-disc text-lg text-sm font-bold font-semibold text-red-800 text-red-900 underline w-full border-collapse text-left border-b border-b-2 border-t border-t-2 border-stone-200 border-stone-800 py-2 pr-4 text-right font-normal block text-stone-700 sr-only px-3 bg-white text-stone-900";

/**
 * The quote calculator. Without JavaScript it is a GET form the server prices;
 * hydrated, it asks `POST /api/quote` as you type (debounced) and shows the
 * server's lines, so the numbers are always the server's. "Book this party"
 * submits the same fields to the booking wizard.
 */
export default function QuoteCalculator(props: QuoteCalculatorProps) {
  const party = useParty(props.menu, props.initial);
  const state = party.state;
  const [quote, setQuote] = useState(props.initialQuote);
  const [errors, setErrors] = useState(props.initialErrors);
  const [busy, setBusy] = useState(false);
  // Live from the first browser render, as in PartyForm (ADR 0048).
  const live = typeof document !== "undefined";
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const limits = {
    maxPartySize: props.menu.maxPartySize,
    proteinsPerGuest: props.menu.proteinsPerGuest,
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  async function price(next: WizardState) {
    inflight.current?.abort();
    const ctrl = new AbortController();
    inflight.current = ctrl;
    setBusy(true);
    try {
      const res = await fetch("/api/quote", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(quoteBodyOf(next)),
        signal: ctrl.signal,
      });
      const body = await res.json();
      if (res.ok) {
        setQuote(body as QuoteAnswer);
        setErrors({});
      } else {
        setQuote(null);
        const issues: ApiIssue[] = body?.error?.issues ?? [];
        setErrors(
          issues.length
            ? messagesByField(issues, next, limits)
            : { "": body?.error?.message ?? "Could not price this party." },
        );
      }
    } catch (err) {
      if ((err as Error).name !== "AbortError") {
        setErrors({ "": "Could not reach the server; try again." });
      }
    } finally {
      if (inflight.current === ctrl) setBusy(false);
    }
  }

  /** A new state from the form: price it, or clear the price when it cannot be. */
  function update(next: WizardState) {
    // A new ZIP has its own nearest base.
    if (next.zip !== state.zip) next.location = "";
    clearTimeout(timer.current);
    const counts = [
      next.adults,
      next.children,
      next.under6,
      next.gratuityPercent,
    ]
      .concat(Object.values(next.proteins));
    const fed = next.adults + next.children;
    const chosen = Object.values(next.proteins).reduce((a, b) => a + b, 0);
    // Priced only once the proteins add up (the live status line says how
    // many are still to choose), so half-typed parties never show a price.
    const complete = /^\d{5}$/.test(next.zip) && fed >= 1 &&
      counts.every(Number.isFinite) &&
      chosen === fed * props.menu.proteinsPerGuest;
    if (!complete) {
      // Never leave a price on screen for numbers that are not priced.
      inflight.current?.abort();
      setBusy(false);
      setQuote(null);
      setErrors({});
      return;
    }
    // The shown price is for the old numbers: say it is being updated
    // rather than leave it on screen during the debounce.
    setBusy(true);
    timer.current = setTimeout(() => price(next), DEBOUNCE_MS);
  }

  const onInput = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    update(party.afterInput(event.currentTarget, event.target));
  };

  const onClick = (event: JSX.TargetedMouseEvent<HTMLFormElement>) => {
    const next = party.afterClick(event.currentTarget, event.target);
    if (next) update(next);
  };

  const onSubmit = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    // "Book this party" navigates to the wizard; "Update" is already live.
    const submitter = (event as unknown as SubmitEvent).submitter;
    if (submitter?.getAttribute("formaction") !== "/book") {
      event.preventDefault();
      clearTimeout(timer.current);
      price(party.afterInput(event.currentTarget, null));
    }
  };

  // Out of the service area: no price and no booking, a contact path instead.
  const priced = quote && quote.serviceable ? quote : null;
  const outOfArea = quote && !quote.serviceable ? quote : null;

  return (
    <form
      method="get"
      action="/quote"
      onInput={onInput}
      onClick={onClick}
      onSubmit={onSubmit}
      class="grid gap-8 lg:grid-cols-5"
      noValidate
    >
      <div class="lg:col-span-3">
        <ErrorSummary
          errors={errors}
          title="Check these before we can price it"
        />
        <PartyFields
          menu={props.menu}
          state={state}
          errors={errors}
          proteinStatus={proteinStatus(
            state.proteins,
            state.adults + state.children,
            props.menu.proteinsPerGuest,
          )}
          steppers={live ? "shown" : "hidden"}
        />
        <TextField
          class="mt-6"
          name="zip"
          label="Event ZIP code"
          hint="Travel is free for the first 30 miles."
          value={state.zip}
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={BOOKING_TEXT_LIMITS.zip}
          error={errors.zip}
        />
        {
          /* On a phone the quote is below a long form: its total stays in
            view at the bottom of the screen while the fields scroll. */
        }
        <div class="sticky bottom-0 z-10 -mx-4 mt-6 flex items-center justify-between gap-3 border-t-2 border-stone-200 bg-white px-4 py-3 lg:hidden">
          <p class="font-semibold text-stone-900" data-sticky-total>
            {priced
              ? `Total ${formatUsd(priced.totalCents)}`
              : outOfArea
              ? "Outside our area"
              : "No price yet"}
          </p>
          <a
            href="#quote-heading"
            class="font-semibold text-red-800 underline"
          >
            See the quote
          </a>
        </div>
      </div>
      <section
        aria-labelledby="quote-heading"
        class="rounded-xl bg-stone-100 p-5 lg:col-span-2"
      >
        <h2 id="quote-heading" class="text-xl font-bold text-stone-900">
          Your quote
        </h2>
        <p
          class="mt-2 text-lg font-semibold text-stone-900"
          aria-live="polite"
          id="quote-total"
        >
          {busy
            ? "Updating…"
            : priced
            ? `Total ${formatUsd(priced.totalCents)}, deposit ${
              formatUsd(priced.depositCents)
            }`
            : outOfArea
            ? "We cannot price this address online."
            : "Enter guests, proteins and your ZIP code to see the price."}
        </p>
        {priced && <BaseChoice quote={priced} />}
        {outOfArea && (
          <div
            role="alert"
            class="mt-3 rounded-lg bg-red-50 p-3 text-red-900"
            id="out-of-area"
          >
            <p class="font-semibold">
              ZIP {state.zip} is {outOfArea.travelMiles}{" "}
              miles from our nearest base, outside our service area.
            </p>
            <p class="mt-1">
              <a href="/contact" class="font-semibold underline">
                Contact us
              </a>{" "}
              and we will try to help.
            </p>
          </div>
        )}
        {priced && (
          <div class="mt-4">
            <QuoteTable quote={priced} />
          </div>
        )}
        <div class="mt-6 flex flex-col gap-3">
          <button
            type="submit"
            class="rounded-lg border-2 border-stone-800 bg-white px-5 py-3 font-semibold text-stone-900 hover:bg-stone-200"
          >
            Update quote
          </button>
          {!outOfArea && (
            <button
              type="submit"
              formAction="/book"
              class="rounded-lg bg-red-700 px-5 py-3 font-semibold text-white hover:bg-red-800"
            >
              Book this party
            </button>
          )}
        </div>
        {
          /* Classes this island may show later (errors, the quote, the
            out-of-area box), rendered once hidden so the server CSS has them. */
        }
        <div hidden>
          <div class={LATER_CLASSES} />
        </div>
      </section>
    </form>
  );
}

/** "Served from Sacramento", with a choice when several bases serve the ZIP. */
function BaseChoice({ quote }: { quote: QuoteAnswer }) {
  if (quote.locations.length < 2) {
    return (
      <p class="mt-2 text-stone-900" id="served-from">
        Served from {quote.location.name}
      </p>
    );
  }
  return (
    <div class="mt-3">
      <label for="f-location" class="block font-semibold text-stone-900">
        Served from
      </label>
      <select
        id="f-location"
        name="location"
        class="mt-1 block w-full rounded-lg border-2 border-stone-500 bg-white px-3 py-2 text-stone-900"
      >
        {quote.locations.map((l) => (
          <option
            key={l.slug}
            value={l.slug}
            selected={l.slug === quote.location.slug}
          >
            {l.name}{" "}
            ({l.travelMiles === 0 ? "in your ZIP" : `${l.travelMiles} miles`})
          </option>
        ))}
      </select>
    </div>
  );
}
