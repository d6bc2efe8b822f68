import type { PageProps } from "$fresh/server.ts";
import { LegalPage, LegalSection } from "../../components/LegalPage.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import { BUSINESS } from "../../lib/site/business.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { useSite } from "../../components/SiteContext.ts";

/** Deposit, cancellation and change rules, with the SPEC §2 numbers. */
export default function CancellationPolicyPage(_props: PageProps) {
  const p = useSite().catalog.pricing;
  const days = p.freeCancellationHours / 24;
  return (
    <>
      <SeoHead
        title="Cancellation and rescheduling policy"
        description={`Cancel at least ${p.freeCancellationHours} hours before your hibachi party for a full deposit refund. One free reschedule up to ${p.freeRescheduleHours} hours before.`}
        path="/legal/cancellation-policy"
      />
      <LegalPage
        title="Cancellation and rescheduling policy"
        updated="2025-01-15"
      >
        <LegalSection heading="Deposit">
          <p>
            Every booking needs a {formatUsd(p.depositCents)}{" "}
            deposit (or the full total if the party costs less). The deposit is
            credited to your final bill. If it is not paid within{" "}
            {p.depositDueHours}{" "}
            hours of booking, the reservation expires and the time slot is
            released.
          </p>
        </LegalSection>
        <LegalSection heading="Cancelling">
          <ul class="list-disc space-y-2 pl-6">
            <li>
              <strong>
                {p.freeCancellationHours} hours ({days}{" "}
                days) or more before the event:
              </strong>{" "}
              we refund the deposit in full, to the original payment method.
            </li>
            <li>
              <strong>
                Less than {p.freeCancellationHours} hours before the event:
              </strong>{" "}
              the deposit is forfeited, because we have turned other parties
              away and bought food for yours.
            </li>
          </ul>
          <p>
            Request a cancellation from the manage link in your confirmation
            email. A manager confirms it by email; the time of your request is
            what counts for the deadline.
          </p>
        </LegalSection>
        <LegalSection heading="Rescheduling">
          <p>
            Your first reschedule is free if you make it at least{" "}
            {p.freeRescheduleHours}{" "}
            hours before the event. Later reschedules, and any further ones,
            cost {formatUsd(p.rescheduleFeeCents)}{" "}
            each. The new date must have a chef available.
          </p>
        </LegalSection>
        <LegalSection heading="Guest count and menu changes">
          <p>
            You can change the guest count until {p.guestCountFinalHours}{" "}
            hours before the event and the menu until {p.menuFinalHours}{" "}
            hours before. After that we bill for the confirmed count and menu.
          </p>
        </LegalSection>
        <LegalSection heading="If we have to cancel">
          <p>
            If severe weather, illness or an emergency on our side prevents the
            party, we refund everything you paid or move the party to a date of
            your choice at no charge.
          </p>
        </LegalSection>
        <LegalSection heading="Questions">
          <p>
            Call {BUSINESS.phoneDisplay} or email{" "}
            <a class="text-red-800 underline" href={`mailto:${BUSINESS.email}`}>
              {BUSINESS.email}
            </a>.
          </p>
        </LegalSection>
      </LegalPage>
    </>
  );
}
