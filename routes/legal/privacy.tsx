import type { PageProps } from "$fresh/server.ts";
import { LegalPage, LegalSection } from "../../components/LegalPage.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import { BUSINESS, formatAddress } from "../../lib/site/business.ts";

/** Privacy policy (CCPA-aware, plain language). */
export default function PrivacyPage(_props: PageProps) {
  return (
    <>
      <SeoHead
        title="Privacy policy"
        description="What personal information MyHibachi collects when you get a quote or book a chef, why, who we share it with and your California privacy rights."
        path="/legal/privacy"
      />
      <LegalPage title="Privacy policy" updated="2025-01-15">
        <LegalSection heading="Who we are">
          <p>
            {BUSINESS.legalName} ("{BUSINESS.name}", "we"),{" "}
            {formatAddress()}, runs this website and the hibachi catering
            service booked through it.
          </p>
        </LegalSection>
        <LegalSection heading="What we collect">
          <ul class="list-disc space-y-2 pl-6">
            <li>
              Booking details: name, email, phone, event address, date, guest
              count, menu choices and notes.
            </li>
            <li>
              Payment records: amounts, dates and method. Card payments are
              processed by Stripe; we never see or store your card number.
            </li>
            <li>
              Messages you send us through the contact form, chat or email.
            </li>
            <li>
              Technical logs: IP address, browser type, pages requested and a
              request id, kept for security and troubleshooting.
            </li>
          </ul>
        </LegalSection>
        <LegalSection heading="How we use it">
          <p>
            To quote, book, staff and deliver your event; to send confirmations,
            reminders and receipts; to answer your questions; to keep the site
            secure; and to meet tax and accounting duties. We do not sell or
            share your personal information for cross-context behavioural
            advertising.
          </p>
        </LegalSection>
        <LegalSection heading="Who we share it with">
          <p>
            Your assigned chef (name, phone, address, time and menu), our
            payment processor (Stripe), our hosting and database providers, and
            our email provider, each only to provide the service. We disclose
            information if the law requires it.
          </p>
        </LegalSection>
        <LegalSection heading="How long we keep it">
          <p>
            Booking and payment records for seven years (tax law); contact
            messages for two years; technical logs for 90 days.
          </p>
        </LegalSection>
        <LegalSection heading="Cookies">
          <p>
            The public site uses no advertising or tracking cookies. Staff
            sign-in uses strictly necessary session cookies.
          </p>
        </LegalSection>
        <LegalSection heading="Your rights">
          <p>
            California residents may ask to know, correct or delete their
            personal information and will not be treated differently for asking.
            Email{" "}
            <a class="text-red-800 underline" href={`mailto:${BUSINESS.email}`}>
              {BUSINESS.email}
            </a>{" "}
            or call {BUSINESS.phoneDisplay}; we answer within 45 days.
          </p>
        </LegalSection>
        <LegalSection heading="Changes">
          <p>We will post any change here with a new date at the top.</p>
        </LegalSection>
      </LegalPage>
    </>
  );
}
