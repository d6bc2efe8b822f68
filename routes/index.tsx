import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { Head } from "$fresh/runtime.ts";
import { FOOD_ALT, GRILL_ALT, PARTY_ALT } from "../lib/site/illustrations.ts";
import { Picture, PreloadPicture } from "../components/Picture.tsx";
import { Stars } from "../components/Stars.tsx";
import { ReviewCard } from "../components/ReviewCard.tsx";
import { BUSINESS } from "../lib/site/business.ts";
import { CITIES, cityPath } from "../lib/site/cities.ts";
import { formatUsd } from "../lib/site/money.ts";
import {
  adultsToReachMinimum,
  menuItemsOfKind,
} from "../lib/pricing/marketing.ts";
import { useSite } from "../components/SiteContext.ts";
import { aggregateRating } from "../lib/site/reviews.ts";
import { localBusinessJsonLd } from "../lib/site/seo.ts";

const STEPS = [
  {
    title: "Get a quote",
    body:
      "Enter your guest count, proteins and ZIP code and see the full price, tax and travel included.",
  },
  {
    title: "Pick a time",
    body:
      "Choose a date and one of four start times from our live calendar, then pay the deposit.",
  },
  {
    title: "We bring the grill",
    body:
      "Your chef arrives early with the grill, food, sauces and utensils. You set the tables and chairs.",
  },
  {
    title: "Enjoy the show",
    body:
      "Fried rice, vegetables, two proteins per guest and a lot of flying shrimp. We clean the grill area.",
  },
];

/** The hero illustration's rendered width: half the page column from `lg`. */
const HERO_SIZES = "(min-width: 1152px) 560px, (min-width: 1024px) 48vw, 100vw";

/** Home page: no islands, so it ships no JavaScript at all. */
export default function Home(_props: PageProps) {
  const { origin, catalog } = useSite();
  const p = catalog.pricing;
  const menu = catalog.menu;
  const premium = menuItemsOfKind(menu, "protein").filter((item) =>
    item.premiumSurchargeCents > 0
  );
  const base = menuItemsOfKind(menu, "protein").filter((item) =>
    item.premiumSurchargeCents === 0
  );
  const reviews = catalog.reviews;
  const rating = aggregateRating(reviews);
  return (
    <>
      <SeoHead
        fullTitle
        title="MyHibachi | Private hibachi chef catering in the Bay Area & Sacramento"
        description={`Book a private hibachi chef for your home or venue in the Bay Area and Sacramento. ${
          formatUsd(p.adultPriceCents)
        } per adult, live availability and instant online quotes.`}
        path="/"
        jsonLd={[localBusinessJsonLd(origin)]}
      />
      <Head>
        <PreloadPicture name="hero-grill" sizes={HERO_SIZES} />
      </Head>
      <section class="bg-stone-900 text-white">
        <Container class="grid items-center gap-10 py-12 sm:py-16 lg:grid-cols-2 lg:py-20">
          <div>
            <p class="text-sm font-semibold uppercase tracking-wider text-amber-300">
              Bay Area &amp; Sacramento hibachi catering
            </p>
            <h1 class="mt-3 max-w-3xl font-display text-4xl font-bold tracking-tight sm:text-5xl">
              A private hibachi chef, grilling at your party
            </h1>
            <p class="mt-5 max-w-2xl text-lg text-stone-200">
              We bring the teppanyaki grill, fresh food and the show to your
              backyard. {formatUsd(p.adultPriceCents)} per adult,{" "}
              {formatUsd(p.childPriceCents)} per child, kids under 6 eat free.
            </p>
            <div class="mt-8 flex flex-col gap-3 sm:flex-row">
              <ButtonLink href="/book">Book your date</ButtonLink>
              <ButtonLink href="/quote" variant="inverse">
                Get an instant quote
              </ButtonLink>
            </div>
          </div>
          <Picture
            name="hero-grill"
            alt={GRILL_ALT}
            sizes={HERO_SIZES}
            eager
            class="rounded-2xl shadow-2xl ring-1 ring-white/10"
          />
        </Container>
      </section>

      <section aria-labelledby="how-heading" class="py-16">
        <Container>
          <div class="grid items-center gap-10 lg:grid-cols-2">
            <div>
              <h2 id="how-heading" class="text-3xl font-bold text-stone-900">
                How it works
              </h2>
              <p class="mt-3 max-w-xl text-lg text-stone-700">
                Dinner and a show in your own backyard: your guests sit around
                the grill while the chef cooks, jokes and flips shrimp.
              </p>
            </div>
            <Picture
              name="party"
              alt={PARTY_ALT}
              sizes="(min-width: 1152px) 560px, (min-width: 1024px) 48vw, 100vw"
              class="rounded-2xl shadow-lg"
            />
          </div>
          <ol class="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            {STEPS.map((step, index) => (
              <li
                key={step.title}
                class="rounded-xl border border-stone-200 p-6"
              >
                <span class="flex h-10 w-10 items-center justify-center rounded-full bg-red-700 font-bold text-white">
                  {index + 1}
                </span>
                <h3 class="mt-4 text-lg font-semibold text-stone-900">
                  {step.title}
                </h3>
                <p class="mt-2 text-stone-700">{step.body}</p>
              </li>
            ))}
          </ol>
        </Container>
      </section>

      <section aria-labelledby="menu-heading" class="bg-stone-100 py-16">
        <Container>
          <div class="grid items-center gap-10 lg:grid-cols-2">
            <Picture
              name="food"
              alt={FOOD_ALT}
              sizes="(min-width: 1152px) 560px, (min-width: 1024px) 48vw, 100vw"
              class="rounded-2xl shadow-lg"
              frame="lg:order-2"
            />
            <div>
              <h2 id="menu-heading" class="text-3xl font-bold text-stone-900">
                Menu highlights
              </h2>
              <p class="mt-3 max-w-xl text-lg text-stone-700">
                Every guest gets hibachi fried rice, grilled vegetables, salad
                with ginger dressing and {p.proteinsPerGuest}{" "}
                proteins of their choice.
              </p>
            </div>
          </div>
          <div class="mt-8 grid gap-6 md:grid-cols-3">
            <div class="rounded-xl bg-white p-6 shadow-sm">
              <h3 class="text-lg font-semibold text-stone-900">Per guest</h3>
              <dl class="mt-3 space-y-2">
                <div class="flex justify-between gap-4">
                  <dt>Adults (13+)</dt>
                  <dd class="font-semibold">{formatUsd(p.adultPriceCents)}</dd>
                </div>
                <div class="flex justify-between gap-4">
                  <dt>Children (6–12)</dt>
                  <dd class="font-semibold">{formatUsd(p.childPriceCents)}</dd>
                </div>
                <div class="flex justify-between gap-4">
                  <dt>Under 6</dt>
                  <dd class="font-semibold">Free</dd>
                </div>
              </dl>
              <p class="mt-3 text-sm text-stone-700">
                Food minimum {formatUsd(p.minimumFoodCents)} (about{" "}
                {adultsToReachMinimum(p)} adults).
              </p>
            </div>
            <div class="rounded-xl bg-white p-6 shadow-sm">
              <h3 class="text-lg font-semibold text-stone-900">
                Included proteins
              </h3>
              <ul class="mt-3 list-disc space-y-1 pl-5">
                {base.map((item) => <li key={item.code}>{item.label}</li>)}
              </ul>
            </div>
            <div class="rounded-xl bg-white p-6 shadow-sm">
              <h3 class="text-lg font-semibold text-stone-900">
                Premium upgrades
              </h3>
              <ul class="mt-3 space-y-1">
                {premium.map((item) => (
                  <li key={item.code} class="flex justify-between gap-4">
                    <span>{item.label}</span>
                    <span class="font-semibold">
                      +{formatUsd(item.premiumSurchargeCents)}
                    </span>
                  </li>
                ))}
              </ul>
              <p class="mt-3 text-sm text-stone-700">
                Per serving, on top of the guest price.
              </p>
            </div>
          </div>
          <p class="mt-6">
            <a class="font-semibold text-red-800 underline" href="/menu">
              See the full menu
            </a>{" "}
            <span aria-hidden="true">·</span>{" "}
            <a class="font-semibold text-red-800 underline" href="/pricing">
              How pricing works
            </a>
          </p>
        </Container>
      </section>

      <section aria-labelledby="area-heading" class="py-16">
        <Container>
          <h2 id="area-heading" class="text-3xl font-bold text-stone-900">
            Where we cook
          </h2>
          <p class="mt-3 max-w-2xl text-stone-700">
            Chefs based in Fremont and Sacramento. The first {p.freeTravelMiles}
            {" "}
            miles are free; after that travel is{" "}
            {formatUsd(p.travelFeePerMileCents)} per mile.
          </p>
          <ul class="mt-6 flex flex-wrap gap-2">
            {CITIES.map((city) => (
              <li key={city.slug}>
                <a
                  href={cityPath(city)}
                  class="inline-block rounded-full border border-stone-300 px-4 py-2 text-stone-900 hover:border-red-700 hover:text-red-800"
                >
                  {city.name}
                </a>
              </li>
            ))}
          </ul>
          <p class="mt-6">
            <a
              class="font-semibold text-red-800 underline"
              href="/service-area"
            >
              Check your area
            </a>
          </p>
        </Container>
      </section>

      {reviews.length > 0 && (
        <section aria-labelledby="reviews-heading" class="bg-stone-100 py-16">
          <Container>
            <h2 id="reviews-heading" class="text-3xl font-bold text-stone-900">
              What hosts say
            </h2>
            <p class="mt-3 text-stone-700">
              <Stars rating={rating.average} /> {rating.average} average from
              {" "}
              {rating.count} reviews
            </p>
            <div class="mt-8 grid gap-6 md:grid-cols-3">
              {reviews.slice(0, 3).map((review) => (
                <ReviewCard
                  key={review.id}
                  review={review}
                  class="bg-white shadow-sm"
                />
              ))}
            </div>
            <p class="mt-6">
              <a class="font-semibold text-red-800 underline" href="/reviews">
                Read all reviews
              </a>
            </p>
          </Container>
        </section>
      )}

      <section aria-labelledby="cta-heading" class="bg-red-800 text-white">
        <Container class="flex flex-col items-start gap-6 py-14 md:flex-row md:items-center md:justify-between">
          <div>
            <h2 id="cta-heading" class="text-3xl font-bold">
              Ready to fire up the grill?
            </h2>
            <p class="mt-2 text-red-50">
              Weekend evenings book up weeks ahead. Questions? Call{" "}
              {BUSINESS.phoneDisplay}.
            </p>
          </div>
          <div class="flex flex-col gap-3 sm:flex-row">
            <ButtonLink href="/book" variant="inverse">
              Book your date
            </ButtonLink>
            <ButtonLink href="/quote" variant="inverse">Get a quote</ButtonLink>
          </div>
        </Container>
      </section>
    </>
  );
}
