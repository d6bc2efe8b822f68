import type { PageProps } from "$fresh/server.ts";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import FaqSearch from "../islands/FaqSearch.tsx";
import { BUSINESS } from "../lib/site/business.ts";
import { buildFaq } from "../lib/site/faq.ts";
import { useSite } from "../components/SiteContext.ts";
import { faqPageJsonLd } from "../lib/site/seo.ts";

/** Longest search accepted from the URL; longer input is cut, not rejected. */
const MAX_QUERY = 200;

/** FAQ page: every answer is in the server HTML; the island adds live search. */
export default function FaqPage({ url }: PageProps) {
  const query = (url.searchParams.get("q") ?? "").slice(0, MAX_QUERY);
  // Answers quote the current prices (the last read from the database).
  const faq = buildFaq(useSite().catalog.pricing);
  return (
    <>
      <SeoHead
        title="Hibachi catering FAQ"
        description="Answers about booking a private hibachi chef: prices, deposit, travel fees, space needed, allergies, rain plans and cancellations."
        path="/faq"
        jsonLd={[faqPageJsonLd(faq)]}
      />
      <PageHeader title="Frequently asked questions">
        Can't find your answer? Call {BUSINESS.phoneDisplay} or{" "}
        <a class="underline" href="/contact">send us a message</a>.
      </PageHeader>
      <Container class="py-12" narrow>
        <FaqSearch
          entries={faq.map((entry) => ({ ...entry }))}
          initialQuery={query}
        />
      </Container>
    </>
  );
}
