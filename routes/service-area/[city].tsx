import type { Handlers, PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../../components/Button.tsx";
import { Container } from "../../components/Container.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import { ReviewCard } from "../../components/ReviewCard.tsx";
import {
  findCity,
  LOCATION_NAMES,
  type ServedCity,
} from "../../lib/site/cities.ts";
import { type CityTravel, cityTravel } from "../../lib/site/city_travel.ts";
import { formatUsd } from "../../lib/site/money.ts";
import type { PricingSettings } from "../../lib/pricing/marketing.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { useSite } from "../../components/SiteContext.ts";
import type { Review } from "../../lib/site/reviews.ts";
import { breadcrumbJsonLd, cityServiceJsonLd } from "../../lib/site/seo.ts";

/** What the city page renders. */
interface CityPageData {
  city: ServedCity;
  travel: CityTravel | null;
  reviews: Review[];
}

export const handler: Handlers<CityPageData> = {
  GET(_req, ctx) {
    const city = findCity(ctx.params.city);
    if (!city) return ctx.renderNotFound();
    const catalog = partsOf(ctx).catalog.current();
    return ctx.render({
      city,
      travel: cityTravel(city, catalog.pricing),
      reviews: catalog.reviews.filter((review) => review.city === city.name),
    });
  },
};

function travelSentence(
  city: ServedCity,
  travel: CityTravel | null,
  p: Readonly<PricingSettings>,
): string {
  if (!travel) {
    return "Your quote shows the exact travel fee for your ZIP code.";
  }
  if (travel.feeCents === 0) {
    return `Central ${city.name} (ZIP ${city.zip}) is about ${travel.miles} miles from our ${
      LOCATION_NAMES[city.locationSlug]
    } base, inside the ${p.freeTravelMiles}-mile free travel radius.`;
  }
  return `Central ${city.name} (ZIP ${city.zip}) is about ${travel.miles} miles from our ${
    LOCATION_NAMES[city.locationSlug]
  } base: a travel fee of about ${formatUsd(travel.feeCents ?? 0)} applies.`;
}

/** One served city's landing page, generated from lib/site/cities.ts. */
export default function CityPage({ data }: PageProps<CityPageData>) {
  const { city, travel, reviews } = data;
  const { origin, catalog } = useSite();
  const p = catalog.pricing;
  const path = `/service-area/${city.slug}`;
  return (
    <>
      <SeoHead
        title={`Hibachi catering in ${city.name}, CA`}
        description={`Private hibachi chef for parties in ${city.name} and ${
          city.neighborhoods.slice(0, 3).join(", ")
        }. ${
          formatUsd(p.adultPriceCents)
        } per adult; we bring the grill, food and show.`}
        path={path}
        jsonLd={[
          cityServiceJsonLd(city, origin),
          breadcrumbJsonLd([["Home", "/"], ["Service area", "/service-area"], [
            city.name,
            path,
          ]], origin),
        ]}
      />
      <PageHeader title={`Hibachi catering in ${city.name}`}>
        {city.intro}
      </PageHeader>
      <Container class="py-12">
        <nav aria-label="Breadcrumb" class="text-sm text-stone-700">
          <ol class="flex flex-wrap gap-2">
            <li>
              <a class="underline" href="/">Home</a>{" "}
              <span aria-hidden="true">/</span>
            </li>
            <li>
              <a class="underline" href="/service-area">Service area</a>{" "}
              <span aria-hidden="true">/</span>
            </li>
            <li aria-current="page">{city.name}</li>
          </ol>
        </nav>
        <div class="mt-8 grid gap-10 lg:grid-cols-3">
          <div class="lg:col-span-2">
            <h2 class="text-2xl font-bold text-stone-900">
              Travel to {city.name}
            </h2>
            <p class="mt-3 text-stone-800">{travelSentence(city, travel, p)}</p>
            <h2 class="mt-8 text-2xl font-bold text-stone-900">
              Neighborhoods we cook in
            </h2>
            <ul class="mt-3 flex flex-wrap gap-2">
              {city.neighborhoods.map((name) => (
                <li
                  key={name}
                  class="rounded-full bg-stone-100 px-3 py-1 text-stone-800"
                >
                  {name}
                </li>
              ))}
            </ul>
            <h2 class="mt-8 text-2xl font-bold text-stone-900">
              What's included
            </h2>
            <p class="mt-3 text-stone-800">
              Your chef brings the propane teppanyaki grill, fresh proteins,
              fried rice, vegetables, salad and sauces, cooks in front of your
              guests for 90 to 120 minutes and cleans the cooking area. Adults
              {" "}
              {formatUsd(p.adultPriceCents)}, children{" "}
              {formatUsd(p.childPriceCents)}, under 6 free; food minimum{" "}
              {formatUsd(p.minimumFoodCents)}.
            </p>
          </div>
          <aside
            class="rounded-xl border border-stone-200 p-6"
            aria-labelledby="city-book"
          >
            <h2 id="city-book" class="text-xl font-bold text-stone-900">
              Book in {city.name}
            </h2>
            <p class="mt-2 text-stone-700">
              Pick a date from the live calendar and hold it with a{" "}
              {formatUsd(p.depositCents)} deposit.
            </p>
            <div class="mt-4 flex flex-col gap-3">
              <ButtonLink href="/book">Check availability</ButtonLink>
              <ButtonLink href="/quote" variant="secondary">
                Get a quote
              </ButtonLink>
            </div>
          </aside>
        </div>
        {reviews.length > 0 && (
          <section aria-labelledby="city-reviews" class="mt-12">
            <h2 id="city-reviews" class="text-2xl font-bold text-stone-900">
              Reviews from {city.name}
            </h2>
            <div class="mt-4 grid gap-6 md:grid-cols-2">
              {reviews.map((review) => (
                <ReviewCard
                  key={review.id}
                  review={review}
                  class="bg-stone-100"
                />
              ))}
            </div>
          </section>
        )}
      </Container>
    </>
  );
}
