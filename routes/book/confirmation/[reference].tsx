import type { Handlers, PageProps } from "$fresh/server.ts";
import { PARTY_ALT } from "../../../lib/site/illustrations.ts";
import { Container } from "../../../components/Container.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { SeoHead } from "../../../components/SeoHead.tsx";
import {
  BookingSummary,
  PaymentBox,
} from "../../../components/booking/BookingDetails.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { catalogSource } from "../../../lib/http/route.ts";
import {
  BookingError,
  type CustomerBookingView,
  viewBooking,
} from "../../../lib/bookings/mod.ts";
import { useSite } from "../../../components/SiteContext.ts";
import { buttonClass } from "../../../components/Button.tsx";
import { manageActionPath, managePath } from "../../../lib/links/mod.ts";
import {
  loadPageCatalog,
  menuLabels,
  partyMenuOf,
} from "../../../lib/booking_form/mod.ts";
import { formatUsd } from "../../../lib/site/money.ts";

interface Data {
  view: CustomerBookingView;
  managePath: string;
  token: string;
  /** Card payments can be taken (Stripe or the dev checkout). */
  cardPayments: boolean;
  /** Menu code → label, in menu order. */
  labels: Record<string, string>;
}

export const handler: Handlers<Data> = {
  /** The booking behind the secret token; the same 404 for a wrong token as for an unknown reference. */
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    try {
      const app = partsOf(ctx);
      const view = await viewBooking(
        app.db,
        ctx.params.reference,
        token,
        app.clock(),
      );
      const res = await ctx.render({
        view,
        managePath: managePath(view.reference, token),
        token,
        cardPayments: app.payments !== null,
        labels: menuLabels(
          partyMenuOf(await loadPageCatalog(app.db, catalogSource(app))),
        ),
      });
      res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      if (err instanceof BookingError && err.status === 404) {
        return ctx.renderNotFound();
      }
      throw err;
    }
  },
};

/** "You're booked": reference, deposit instructions and the manage link. */
export default function ConfirmationPage({ data }: PageProps<Data>) {
  const { view, managePath } = data;
  const payByCard = data.cardPayments && view.paymentMethod === "card" &&
    view.status === "pending_deposit" && view.paidCents < view.depositCents;
  return (
    <>
      <SeoHead
        title="Booking received"
        description="Your hibachi party booking and how to pay the deposit."
        noindex
      />
      <PageHeader
        title="Thank you, your party is booked"
        picture={{ name: "party", alt: PARTY_ALT }}
      >
        We have reserved your chef. Your booking reference is{" "}
        <strong data-reference>{view.reference}</strong>.
      </PageHeader>
      <Container class="py-8" narrow>
        {view.payment && view.status === "pending_deposit" && (
          <PaymentBox
            payment={view.payment}
            reference={view.reference}
            cardButton={payByCard}
          />
        )}
        {payByCard && (
          <form
            method="post"
            action={manageActionPath(view.reference)}
            class="mt-4"
          >
            <input type="hidden" name="token" value={data.token} />
            <button
              type="submit"
              name="action"
              value="pay_deposit"
              class={buttonClass("primary")}
            >
              {`Pay deposit (${
                formatUsd(
                  Math.min(
                    view.depositCents - view.paidCents,
                    view.balanceDueCents,
                  ),
                )
              })`}
            </button>
          </form>
        )}
        <section
          aria-labelledby="manage-heading"
          class="mt-6 rounded-xl bg-stone-100 p-5"
        >
          <h2 id="manage-heading" class="text-xl font-bold text-stone-900">
            Your manage link
          </h2>
          <p class="mt-2 text-stone-800">
            Keep this private link: it lets you view, reschedule or cancel this
            booking. We also email it to {view.customer.email}.
          </p>
          <p class="mt-3">
            <a
              href={managePath}
              class="break-all font-semibold text-red-800 underline"
              data-manage-link
            >
              {useSite().origin}
              {managePath}
            </a>
          </p>
        </section>
        <BookingSummary view={view} labels={data.labels} />
      </Container>
    </>
  );
}
