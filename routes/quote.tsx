import type { Handlers, PageProps } from "$fresh/server.ts";
import { FOOD_ALT } from "../lib/site/illustrations.ts";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import QuoteCalculator from "../islands/QuoteCalculator.tsx";
import { partsOf } from "../lib/app/parts.ts";
import { catalogSource } from "../lib/http/route.ts";
import { BookingError, quote } from "../lib/bookings/mod.ts";
import type { QuoteAnswer } from "../lib/pricing/service.ts";
import {
  defaultProteins,
  errorsOf,
  loadPageCatalog,
  messageLimits,
  type PartyMenu,
  partyMenuOf,
  quoteBodyOf,
  readWizardState,
  type WizardState,
} from "../lib/booking_form/mod.ts";

interface Data {
  menu: PartyMenu;
  state: WizardState;
  quote: QuoteAnswer | null;
  errors: Record<string, string>;
}

export const handler: Handlers<Data> = {
  /** Prices the party in the query string (the no-JS form submit), if any. */
  async GET(req, ctx) {
    const app = partsOf(ctx);
    const { db } = app;
    const source = catalogSource(app);
    const catalog = await loadPageCatalog(db, source);
    const params = new URL(req.url).searchParams;
    const state = readWizardState(params);
    // Guests but no proteins yet: start from the default split.
    if (
      Object.keys(state.proteins).length === 0 &&
      state.adults + state.children >= 1
    ) {
      state.proteins = defaultProteins(
        state.adults,
        state.children,
        partyMenuOf(catalog),
      );
    }
    let priced: QuoteAnswer | null = null;
    let errors: Record<string, string> = {};
    if (params.size > 0) {
      try {
        priced = await quote(db, quoteBodyOf(state), source);
        partsOf(ctx).funnel.quote(priced.location.slug);
      } catch (err) {
        if (!(err instanceof BookingError)) throw err;
        errors = errorsOf(err, state, messageLimits(catalog));
        if (state.location && err.issues.some((i) => i.path === "location")) {
          // Price from the nearest base instead; the error says why.
          state.location = "";
          priced = await quote(db, quoteBodyOf(state), source).catch(() =>
            null
          );
        }
      }
    } else {
      state.gratuityPercent = catalog.settings.suggestedGratuityPercent;
    }
    return ctx.render({
      menu: partyMenuOf(catalog),
      state,
      quote: priced,
      errors,
    });
  },
};

/** The quote calculator: live with JavaScript, a plain form without. */
export default function QuotePage({ data }: PageProps<Data>) {
  return (
    <>
      <SeoHead
        title="Hibachi party quote calculator"
        description="Price your hibachi party in seconds: guests, proteins, add-ons, travel, tax and gratuity, line by line, then book online."
        path="/quote"
      />
      <PageHeader
        title="Get your quote"
        picture={{ name: "food", alt: FOOD_ALT }}
      >
        Tell us who is coming and what they would like. The price below is our
        real price, line by line.
      </PageHeader>
      <Container class="py-10">
        <QuoteCalculator
          menu={data.menu}
          initial={data.state}
          initialQuote={data.quote}
          initialErrors={data.errors}
        />
      </Container>
    </>
  );
}
