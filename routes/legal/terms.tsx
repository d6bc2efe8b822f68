import type { PageProps } from "$fresh/server.ts";
import { LegalPage, LegalSection } from "../../components/LegalPage.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import { BUSINESS } from "../../lib/site/business.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { formatTaxRate } from "../../lib/pricing/marketing.ts";
import { useSite } from "../../components/SiteContext.ts";

/** Terms of service for bookings made on the site. */
export default function TermsPage(_props: PageProps) {
  const p = useSite().catalog.pricing;
  return (
    <>
      <SeoHead
        title="Terms of service"
        description="The terms for booking a MyHibachi private hibachi chef: quotes, deposits, payment, safety, the cooking space and liability."
        path="/legal/terms"
      />
      <LegalPage title="Terms of service" updated="2025-01-15">
        <LegalSection heading="The service">
          <p>
            {BUSINESS.legalName}{" "}
            provides a chef, a portable propane grill, food and cooking
            equipment for a private hibachi meal at the address you give us. You
            provide seating, tables, plates, cutlery and drinks.
          </p>
        </LegalSection>
        <LegalSection heading="Quotes and prices">
          <p>
            Online quotes use our current prices and are final for the details
            you enter. Sales tax (
            {formatTaxRate(p.salesTaxBps)}) applies to food. Travel beyond{" "}
            {p.freeTravelMiles} miles is {formatUsd(p.travelFeePerMileCents)}
            {" "}
            per mile, measured between ZIP codes. Gratuity is optional.
          </p>
        </LegalSection>
        <LegalSection heading="Booking and payment">
          <p>
            A booking is confirmed when we receive the{" "}
            {formatUsd(p.depositCents)}{" "}
            deposit. The balance is due at the end of the event by card, Zelle,
            Venmo or cash. Deposits, cancellations and changes follow our{" "}
            <a class="text-red-800 underline" href="/legal/cancellation-policy">
              cancellation policy
            </a>.
          </p>
        </LegalSection>
        <LegalSection heading="The cooking space">
          <p>
            The grill must stand outdoors or in a well-ventilated covered area
            on a level surface about 8 by 6 feet, away from anything flammable.
            The chef may refuse to cook in an unsafe spot; if no safe spot is
            available, the deposit is forfeited.
          </p>
        </LegalSection>
        <LegalSection heading="Allergies and food safety">
          <p>
            Tell us about allergies when booking. We take care to separate food,
            but our kitchen and grill handle soy, wheat, egg, dairy, fish and
            shellfish, and we cannot guarantee an allergen-free meal. Leftovers
            are at your own risk once the chef leaves.
          </p>
        </LegalSection>
        <LegalSection heading="Conduct and damage">
          <p>
            Guests must keep a safe distance from the grill, and children must
            be supervised. You are responsible for damage caused by your guests;
            we are responsible for damage caused by our staff and carry general
            liability insurance.
          </p>
        </LegalSection>
        <LegalSection heading="Liability">
          <p>
            Apart from what the law does not allow us to limit, our liability
            for any booking is limited to the amount you paid for it.
          </p>
        </LegalSection>
        <LegalSection heading="Governing law">
          <p>
            These terms are governed by the laws of California; disputes go to
            the courts of Alameda County.
          </p>
        </LegalSection>
      </LegalPage>
    </>
  );
}
