import { BUSINESS, formatAddress } from "../lib/site/business.ts";
import { LEGAL_NAV, PRIMARY_NAV } from "../lib/site/nav.ts";
import { Container } from "./Container.tsx";

const LINK =
  "text-stone-100 underline underline-offset-2 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-white";

/** Props of {@link Footer}. */
export interface FooterProps {
  /** The year of the copyright line. */
  year: number;
}

/** Site footer: contact details, navigation and legal links. */
export function Footer({ year }: FooterProps) {
  return (
    <footer class="mt-16 bg-stone-900 text-stone-200">
      <Container class="grid gap-8 py-10 md:grid-cols-3">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact" class="text-lg font-semibold text-white">
            {BUSINESS.name}
          </h2>
          <address class="mt-2 not-italic leading-relaxed">
            {formatAddress()}
            <br />
            <a class={LINK} href={`tel:${BUSINESS.phoneE164}`}>
              {BUSINESS.phoneDisplay}
            </a>
            <br />
            <a class={LINK} href={`mailto:${BUSINESS.email}`}>
              {BUSINESS.email}
            </a>
          </address>
          <p class="mt-2 text-sm">{BUSINESS.hoursDisplay}</p>
          <p class="mt-2">
            <a class={LINK} href="/chat">Ask our booking assistant</a>
          </p>
        </section>
        <nav aria-labelledby="footer-explore">
          <h2 id="footer-explore" class="text-lg font-semibold text-white">
            Explore
          </h2>
          <ul class="mt-2 space-y-1">
            {PRIMARY_NAV.map((link) => (
              <li key={link.href}>
                <a class={LINK} href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-labelledby="footer-legal">
          <h2 id="footer-legal" class="text-lg font-semibold text-white">
            Legal
          </h2>
          <ul class="mt-2 space-y-1">
            {LEGAL_NAV.map((link) => (
              <li key={link.href}>
                <a class={LINK} href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </Container>
      <Container class="border-t border-stone-700 py-4 text-sm">
        <p>
          © {year}{" "}
          {BUSINESS.legalName}. Licensed and insured caterer serving the Bay
          Area and Sacramento.
        </p>
      </Container>
    </footer>
  );
}
