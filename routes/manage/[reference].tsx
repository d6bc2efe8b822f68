import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { buttonClass } from "../../components/Button.tsx";
import { Container } from "../../components/Container.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import {
  BookingSummary,
  PaymentBox,
} from "../../components/booking/BookingDetails.tsx";
import { ErrorSummary, inputClass } from "../../components/booking/Field.tsx";
import { MonthNav, SlotList } from "../../components/booking/SlotList.tsx";
import type { DateAvailability } from "../../lib/availability/mod.ts";
import type { Db } from "../../lib/db/mod.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { catalogSource } from "../../lib/http/route.ts";
import {
  BookingError,
  type CancellationTerms,
  cancellationTerms,
  changeParty,
  type CustomerBookingView,
  type PartyChangePreview,
  previewCancellation,
  requestCancellation,
  rescheduleBooking,
  viewBooking,
} from "../../lib/bookings/mod.ts";
import {
  bookableDates,
  isMonth,
  loadPageCatalog,
  menuLabels,
  monthBounds,
  openingMonth,
  type PartyMenu,
  partyMenuOf,
  readWizardState,
} from "../../lib/booking_form/mod.ts";
import {
  canChangeGuestCount,
  canChangeMenu,
} from "../../lib/booking_window/mod.ts";
import { CountField } from "../../components/booking/Field.tsx";
import { formatUsd } from "../../lib/site/money.ts";
import { managePath } from "../../lib/links/mod.ts";
import { startCheckout } from "../../lib/payments/checkout.ts";

interface Data {
  view: CustomerBookingView;
  token: string;
  month: string;
  dates: DateAvailability[];
  bounds: { first: string; last: string };
  errors: Record<string, string>;
  notice: string;
  /** Card payments through Stripe are configured. */
  cardPayments: boolean;
  /** Menu code → label, in menu order. */
  labels: Record<string, string>;
  /** What a cancellation requested now would refund (when one is allowed). */
  cancelTerms: CancellationTerms | null;
  /** Set on the confirmation step of a cancellation: the reason typed so far. */
  confirmCancel: { reason: string } | null;
  menu: PartyMenu;
  /** The party shown in the change form: the booking's, or what was submitted. */
  party: PartyInput;
  /** What may still change now (SPEC cutoffs: guests 24 h, menu 12 h). */
  partyWindow: { guests: boolean; menu: boolean };
  /** Set on the confirmation step of a guest/menu change. */
  partyPreview: PartyChangePreview | null;
}

interface PartyInput {
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
}

/** The party fields of a submitted form (names as in the booking wizard). */
function partyOfForm(form: FormData): PartyInput {
  const s = readWizardState(form);
  return {
    adults: s.adults,
    children: s.children,
    under6: s.under6,
    proteins: s.proteins,
    extraProteins: s.extraProteins,
    addons: s.addons,
  };
}

type Ctx = FreshContext<Record<string, unknown>, Data>;

const NOTICES: Record<string, string> = {
  cancel:
    "We received your cancellation request. A manager will confirm it shortly.",
  reschedule: "Your booking has been moved to the new date and time.",
  party:
    "Your guests and menu have been updated; the price below is the new one.",
  "checkout:success":
    "Thank you! Stripe received your card payment; this page shows it as soon as Stripe confirms it to us.",
  "checkout:cancelled": "Card payment cancelled; nothing was charged.",
};

async function show(
  ctx: Ctx,
  db: Db,
  token: string,
  opts: {
    month?: string;
    errors?: Record<string, string>;
    notice?: string;
    confirmCancel?: { reason: string };
    party?: PartyInput;
    partyPreview?: PartyChangePreview;
  },
): Promise<Response> {
  const now = partsOf(ctx).clock();
  let view: CustomerBookingView;
  try {
    view = await viewBooking(db, ctx.params.reference, token, now);
  } catch (err) {
    if (err instanceof BookingError && err.status === 404) {
      return ctx.renderNotFound();
    }
    throw err;
  }
  const catalog = await loadPageCatalog(db, catalogSource(partsOf(ctx)));
  const { settings } = catalog;
  const month = opts.month ?? openingMonth("", now, settings.minLeadHours);
  const errors = opts.errors ?? {};
  const res = await ctx.render({
    view,
    token,
    month,
    // The booking's own base: its chefs and free times.
    dates: view.policy.canReschedule
      ? await bookableDates(db, month, now, view.location.slug)
      : [],
    labels: menuLabels(partyMenuOf(catalog)),
    bounds: monthBounds(now, settings.maxLeadDays),
    errors,
    notice: opts.notice ?? "",
    cardPayments: partsOf(ctx).payments !== null,
    cancelTerms: view.policy.canRequestCancellation
      ? cancellationTerms(view, settings, now)
      : null,
    confirmCancel: opts.confirmCancel ?? null,
    menu: partyMenuOf(catalog),
    party: opts.party ?? {
      adults: view.party.adults,
      children: view.party.children,
      under6: view.party.under6,
      proteins: view.proteins,
      extraProteins: view.extraProteins,
      addons: view.addons,
    },
    partyWindow: view.policy.canReschedule
      ? {
        guests: canChangeGuestCount(new Date(view.startsAt), now, settings),
        menu: canChangeMenu(new Date(view.startsAt), now, settings),
      }
      : { guests: false, menu: false },
    partyPreview: opts.partyPreview ?? null,
  }, { status: Object.keys(errors).length ? 422 : 200 });
  // The page is reachable only with the secret token: never cache or leak it.
  res.headers.set("cache-control", "no-store");
  res.headers.set("referrer-policy", "no-referrer");
  return res;
}

export const handler: Handlers<Data> = {
  async GET(req, ctx) {
    const params = new URL(req.url).searchParams;
    const month = params.get("month");
    return await show(ctx, partsOf(ctx).db, params.get("token") ?? "", {
      month: isMonth(month) ? month : undefined,
      notice: NOTICES[params.get("done") ?? ""] ??
        NOTICES[`checkout:${params.get("checkout") ?? ""}`],
    });
  },

  /**
   * `action=cancel` shows the confirmation step (what will be refunded);
   * only `action=confirm_cancel` requests the cancellation.
   * `action=reschedule` moves the booking. The token is a hidden field.
   */
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const db = app.db;
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const token = String(form.get("token") ?? "");
    const action = form.get("action");
    const now = app.clock();
    if (action === "pay_deposit" || action === "pay_balance") {
      const started = await startCheckout(
        app,
        ctx.params.reference,
        token,
        action === "pay_deposit" ? "deposit" : "balance",
      );
      if (started.ok) {
        return new Response(null, {
          status: 303,
          headers: { location: started.url, "cache-control": "no-store" },
        });
      }
      if (started.status === 404) return ctx.renderNotFound();
      return await show(ctx, db, token, { errors: { "": started.message } });
    }
    if (action === "preview_party" || action === "change_party") {
      const party = partyOfForm(form);
      try {
        const priced = await changeParty(
          db,
          ctx.params.reference,
          { token, ...party },
          now,
          { commit: action === "change_party" },
        );
        if (action === "preview_party") {
          return await show(ctx, db, token, { party, partyPreview: priced });
        }
      } catch (err) {
        if (!(err instanceof BookingError)) throw err;
        if (err.status === 404) return ctx.renderNotFound();
        const errors: Record<string, string> = {};
        for (const issue of err.issues) {
          errors[issue.path || ""] ??= issue.message;
        }
        if (Object.keys(errors).length === 0) errors[""] = err.message;
        return await show(ctx, db, token, { errors, party });
      }
      return new Response(null, {
        status: 303,
        headers: {
          location: `${managePath(ctx.params.reference, token)}&done=party`,
          "cache-control": "no-store",
        },
      });
    }
    try {
      if (action === "cancel") {
        // Step one changes nothing: it states the terms and asks to confirm.
        await previewCancellation(db, ctx.params.reference, token, now);
        return await show(ctx, db, token, {
          confirmCancel: {
            reason: String(form.get("reason") ?? "").slice(0, 2000),
          },
        });
      } else if (action === "confirm_cancel") {
        const reason = String(form.get("reason") ?? "").trim();
        await requestCancellation(
          db,
          ctx.params.reference,
          reason ? { token, reason } : { token },
          now,
          app.availabilityCache,
        );
      } else if (action === "reschedule") {
        const [date = "", time = ""] = String(form.get("slot") ?? "").split(
          " ",
        );
        if (!date) {
          return await show(ctx, db, token, {
            errors: { date: "Choose a new date and time." },
          });
        }
        await rescheduleBooking(
          db,
          ctx.params.reference,
          {
            token,
            date,
            time,
          },
          now,
          app.availabilityCache,
        );
      } else {
        return await show(ctx, db, token, {});
      }
    } catch (err) {
      if (!(err instanceof BookingError)) throw err;
      if (err.status === 404) return ctx.renderNotFound();
      const errors: Record<string, string> = {};
      for (const issue of err.issues) errors[issue.path] ??= issue.message;
      if (Object.keys(errors).length === 0) errors[""] = err.message;
      if (err.code === "SLOT_FULL") {
        errors.date = "That date and time was just taken. Please pick another.";
        delete errors[""];
      }
      return await show(ctx, db, token, { errors });
    }
    const done = action === "confirm_cancel" ? "cancel" : action;
    const to = `${managePath(ctx.params.reference, token)}&done=${done}`;
    return new Response(null, {
      status: 303,
      headers: { location: to, "cache-control": "no-store" },
    });
  },
};

/** "If you cancel now": the refund under the policy, in plain words. */
function CancelTermsText({ terms }: { terms: CancellationTerms }) {
  const hours = terms.freeCancellationHours;
  let text: string;
  if (terms.paidCents <= 0) {
    text =
      `You have paid nothing yet: cancelling now costs nothing and there is nothing to refund.`;
  } else if (terms.inTime) {
    text =
      `You are more than ${hours} hours before the party: if you cancel now, your deposit is refunded and you get back ${
        formatUsd(terms.refundCents)
      }, everything paid so far.`;
  } else {
    text =
      `Your party is less than ${hours} hours away: cancelling now forfeits the deposit (${
        formatUsd(terms.keptCents)
      } kept)${
        terms.refundCents > 0
          ? ` and you get back the ${
            formatUsd(terms.refundCents)
          } paid beyond it.`
          : "; nothing is refunded."
      }`;
  }
  return <p class="mt-2 text-stone-800" data-cancel-outcome>{text}</p>;
}

function CancelSection({ data }: { data: Data }) {
  if (!data.cancelTerms) return null;
  return (
    <section
      aria-labelledby="cancel-heading"
      class="mt-8 rounded-xl border border-stone-300 p-5"
    >
      <h2 id="cancel-heading" class="text-xl font-bold text-stone-900">
        Cancel this booking
      </h2>
      <CancelTermsText terms={data.cancelTerms} />
      <form method="post" class="mt-4">
        <input type="hidden" name="token" value={data.token} />
        <label for="cancel-reason" class="block font-semibold text-stone-900">
          Reason (optional)
        </label>
        <textarea
          id="cancel-reason"
          name="reason"
          rows={2}
          maxLength={2000}
          class={inputClass(false)}
        />
        <button
          type="submit"
          name="action"
          value="cancel"
          class={buttonClass("secondary", "mt-4")}
        >
          Cancel booking…
        </button>
      </form>
    </section>
  );
}

/** Step two of a cancellation: the terms, then "yes" or "keep my booking". */
function ConfirmCancelSection(
  { data, reason }: { data: Data; reason: string },
) {
  const terms = data.cancelTerms;
  if (!terms) return null;
  return (
    <section
      aria-labelledby="confirm-cancel-heading"
      class="mt-8 rounded-xl border-2 border-red-700 bg-red-50 p-5"
      data-confirm-cancel
    >
      <h2
        id="confirm-cancel-heading"
        class="text-xl font-bold text-stone-900"
        tabIndex={-1}
        autofocus
      >
        Are you sure you want to cancel?
      </h2>
      <CancelTermsText terms={terms} />
      <p class="mt-2 text-stone-800">
        Refund if a manager approves:{" "}
        <strong data-refund-cents={terms.refundCents}>
          {formatUsd(terms.refundCents)}
        </strong>
        . A manager reviews your request and we email you the outcome; any
        refund goes back the way you paid.
      </p>
      {reason && (
        <p class="mt-2 text-stone-800">
          Your reason: <q>{reason}</q>
        </p>
      )}
      <form method="post" class="mt-4 flex flex-wrap items-center gap-3">
        <input type="hidden" name="token" value={data.token} />
        <input type="hidden" name="reason" value={reason} />
        <button
          type="submit"
          name="action"
          value="confirm_cancel"
          class={buttonClass("primary")}
        >
          Yes, request cancellation
        </button>
        <a
          href={managePath(data.view.reference, data.token)}
          class={buttonClass("secondary")}
        >
          No, keep my booking
        </a>
      </form>
    </section>
  );
}

function RescheduleSection({ data }: { data: Data }) {
  const fee = data.view.policy.rescheduleFeeCents;
  return (
    <section
      aria-labelledby="reschedule-heading"
      class="mt-8 rounded-xl border border-stone-300 p-5"
    >
      <h2 id="reschedule-heading" class="text-xl font-bold text-stone-900">
        Reschedule
      </h2>
      <p class="mt-2 text-stone-800" data-reschedule-fee={fee}>
        {fee === 0
          ? "Your first reschedule, at least 24 hours ahead, is free."
          : `Rescheduling now adds a ${formatUsd(fee)} fee to your bill.`}
      </p>
      <form method="get" class="mt-4">
        <input type="hidden" name="token" value={data.token} />
        <MonthNav month={data.month} bounds={data.bounds} />
      </form>
      <form method="post">
        <input type="hidden" name="token" value={data.token} />
        <SlotList
          month={data.month}
          dates={data.dates}
          selected=""
          error={data.errors.date ?? data.errors.time}
        />
        <button
          type="submit"
          name="action"
          value="reschedule"
          class={buttonClass("primary", "mt-4")}
        >
          Move my booking{fee > 0 ? ` (${formatUsd(fee)} fee)` : ""}
        </button>
      </form>
    </section>
  );
}

/** The party fields as hidden inputs (the confirm step resubmits them). */
function PartyHidden({ party }: { party: PartyInput }) {
  const fields: [string, number][] = [
    ["adults", party.adults],
    ["children", party.children],
    ["under6", party.under6],
  ];
  for (const map of ["proteins", "extraProteins", "addons"] as const) {
    for (const [code, n] of Object.entries(party[map])) {
      fields.push([`${map}.${code}`, n]);
    }
  }
  return (
    <>
      {fields.map(([name, n]) => (
        <input type="hidden" name={name} value={String(n)} />
      ))}
    </>
  );
}

/** "Change guests or menu": counts until the SPEC cutoffs, then a notice. */
function PartySection({ data }: { data: Data }) {
  const { menu, party, partyWindow, errors } = data;
  const s = data.view;
  if (!["pending_deposit", "confirmed"].includes(s.status)) return null;
  const max = menu.maxPartySize;
  return (
    <section
      aria-labelledby="party-heading"
      class="mt-8 rounded-xl border border-stone-300 p-5"
    >
      <h2 id="party-heading" class="text-xl font-bold text-stone-900">
        Change guests or menu
      </h2>
      {!partyWindow.guests && !partyWindow.menu
        ? (
          <p class="mt-2 text-stone-800" data-party-final>
            Your guest count and menu are final this close to the party. Please
            contact us for any late change.
          </p>
        )
        : (
          <>
            <p class="mt-2 text-stone-800">
              {partyWindow.guests
                ? "You can change the guest count until 24 hours before the party and the menu until 12 hours before. You see the new price before anything changes."
                : "The guest count is final now (24 hours before the party); the menu can still change until 12 hours before. You see the new price before anything changes."}
            </p>
            <form method="post" class="mt-4">
              <input type="hidden" name="token" value={data.token} />
              <fieldset class="mt-2">
                <legend class="font-semibold text-stone-900">Guests</legend>
                <CountField
                  name="adults"
                  label="Adults"
                  value={party.adults}
                  max={max}
                  error={errors.adults}
                />
                <CountField
                  name="children"
                  label="Children 6–12"
                  value={party.children}
                  max={max}
                  error={errors.children}
                />
                <CountField
                  name="under6"
                  label="Under 6 (free)"
                  value={party.under6}
                  max={max}
                  error={errors.under6}
                />
              </fieldset>
              <fieldset class="mt-4">
                <legend class="font-semibold text-stone-900">
                  Proteins ({menu.proteinsPerGuest} per guest)
                </legend>
                {menu.proteins.map((m) => (
                  <CountField
                    name={`proteins.${m.code}`}
                    label={m.label}
                    value={party.proteins[m.code] ?? 0}
                    max={max * menu.proteinsPerGuest}
                    error={errors[`proteins.${m.code}`]}
                  />
                ))}
              </fieldset>
              <fieldset class="mt-4">
                <legend class="font-semibold text-stone-900">
                  Extra protein servings
                </legend>
                {menu.proteins.map((m) => (
                  <CountField
                    name={`extraProteins.${m.code}`}
                    label={m.label}
                    value={party.extraProteins[m.code] ?? 0}
                    max={max * menu.proteinsPerGuest}
                    error={errors[`extraProteins.${m.code}`]}
                  />
                ))}
              </fieldset>
              <fieldset class="mt-4">
                <legend class="font-semibold text-stone-900">Add-ons</legend>
                {menu.addons.map((m) => (
                  <CountField
                    name={`addons.${m.code}`}
                    label={m.label}
                    value={party.addons[m.code] ?? 0}
                    max={max * menu.proteinsPerGuest}
                    error={errors[`addons.${m.code}`]}
                  />
                ))}
              </fieldset>
              <button
                type="submit"
                name="action"
                value="preview_party"
                class={buttonClass("primary", "mt-4")}
              >
                See the new price
              </button>
            </form>
          </>
        )}
    </section>
  );
}

/** Step two of a guest/menu change: the new price and the difference. */
function PartyPreviewSection(
  { data, preview }: { data: Data; preview: PartyChangePreview },
) {
  const more = preview.changeCents >= 0;
  return (
    <section
      aria-labelledby="party-preview-heading"
      class="mt-8 rounded-xl border-2 border-stone-800 bg-amber-50 p-5"
      data-party-preview
    >
      <h2
        id="party-preview-heading"
        class="text-xl font-bold text-stone-900"
        tabIndex={-1}
        autofocus
      >
        Your new price
      </h2>
      <p class="mt-2 text-stone-800">
        New total{" "}
        <strong data-new-total={preview.totalCents}>
          {formatUsd(preview.totalCents)}
        </strong>{" "}
        (was {formatUsd(preview.previousTotalCents)}):{" "}
        <span data-change-cents={preview.changeCents}>
          {more
            ? `${formatUsd(preview.changeCents)} more`
            : `${formatUsd(-preview.changeCents)} less`}
        </span>
        . Paid so far: {formatUsd(preview.paidCents)}.
      </p>
      <p class="mt-2 font-semibold text-stone-900">
        {preview.refundCents > 0
          ? (
            <span data-refund-cents={preview.refundCents}>
              {`You have paid ${
                formatUsd(preview.refundCents)
              } more than the new total: we refund it to you.`}
            </span>
          )
          : (
            <span data-to-pay-cents={preview.toPayCents}>
              {`Still to pay after the change: ${
                formatUsd(preview.toPayCents)
              }.`}
            </span>
          )}
      </p>
      <form method="post" class="mt-4 flex flex-wrap items-center gap-3">
        <input type="hidden" name="token" value={data.token} />
        <PartyHidden party={data.party} />
        <button
          type="submit"
          name="action"
          value="change_party"
          class={buttonClass("primary")}
        >
          Confirm the change
        </button>
        <a
          href={managePath(data.view.reference, data.token)}
          class={buttonClass("secondary")}
        >
          Keep my party as it is
        </a>
      </form>
    </section>
  );
}

/** "Pay deposit" / "Pay balance" by card (Stripe Checkout), when due. */
function PaySection({ data }: { data: Data }) {
  const { view } = data;
  const deposit = view.status === "pending_deposit" &&
    view.paidCents < view.depositCents;
  const balance = ["pending_deposit", "confirmed", "completed"].includes(
    view.status,
  ) && view.balanceDueCents > 0;
  if (!deposit && !balance) return null;
  const depositDue = Math.min(
    view.depositCents - view.paidCents,
    view.balanceDueCents,
  );
  return (
    <section
      aria-labelledby="card-pay-heading"
      class="mt-8 rounded-xl border border-stone-300 p-5"
    >
      <h2 id="card-pay-heading" class="text-xl font-bold text-stone-900">
        Pay by card
      </h2>
      <p class="mt-2 text-stone-800">
        You pay on Stripe's secure page; your booking updates once Stripe
        confirms the payment.
      </p>
      <form method="post" class="mt-4 flex flex-wrap gap-3">
        <input type="hidden" name="token" value={data.token} />
        {deposit && (
          <button
            type="submit"
            name="action"
            value="pay_deposit"
            class={buttonClass("primary")}
          >
            {`Pay deposit (${formatUsd(depositDue)})`}
          </button>
        )}
        {balance && (
          <button
            type="submit"
            name="action"
            value="pay_balance"
            class={buttonClass(deposit ? "secondary" : "primary")}
          >
            {`Pay balance (${formatUsd(view.balanceDueCents)})`}
          </button>
        )}
      </form>
    </section>
  );
}

/** The customer's own booking, from the secret manage link. */
export default function ManagePage({ data }: PageProps<Data>) {
  const { view } = data;
  const { date: _d, time: _t, ...otherErrors } = data.errors;
  return (
    <>
      <SeoHead
        title={`Booking ${view.reference}`}
        description="View, reschedule or cancel your hibachi party booking."
        noindex
      />
      <PageHeader title="Manage your booking" />
      <Container class="py-8" narrow>
        {data.notice && (
          <p
            role="status"
            class="rounded-xl border-2 border-green-700 bg-green-50 p-4 font-semibold text-green-900"
          >
            {data.notice}
          </p>
        )}
        <ErrorSummary errors={otherErrors} autofocus />
        {data.partyPreview && (
          <PartyPreviewSection data={data} preview={data.partyPreview} />
        )}
        {data.confirmCancel && (
          <ConfirmCancelSection
            data={data}
            reason={data.confirmCancel.reason}
          />
        )}
        <BookingSummary view={view} labels={data.labels} />
        {view.payment && view.status === "pending_deposit" && (
          <PaymentBox
            payment={view.payment}
            reference={view.reference}
            cardButton={data.cardPayments}
          />
        )}
        {data.cardPayments && <PaySection data={data} />}
        {!data.confirmCancel && !data.partyPreview && (
          <PartySection data={data} />
        )}
        {!data.confirmCancel && view.policy.canReschedule && (
          <RescheduleSection data={data} />
        )}
        {!data.confirmCancel && <CancelSection data={data} />}
      </Container>
    </>
  );
}
