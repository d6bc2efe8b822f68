import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../../components/Button.tsx";
import { Container } from "../../components/Container.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import {
  CITIES,
  cityPath,
  LOCATION_NAMES,
  type ServedCity,
} from "../../lib/site/cities.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { useSite } from "../../components/SiteContext.ts";

/** Cities grouped by the base location that serves them, in display order. */
function byLocation(): Array<[ServedCity["locationSlug"], ServedCity[]]> {
  const groups = new Map<ServedCity["locationSlug"], ServedCity[]>();
  for (const city of CITIES) {
    groups.set(city.locationSlug, [
      ...(groups.get(city.locationSlug) ?? []),
      city,
    ]);
  }
  return [...groups.entries()];
}

/** Service area overview with a link to every city page. */
export default function ServiceAreaPage(_props: PageProps) {
  const p = useSite().catalog.pricing;
  return (
    <>
      <SeoHead
        title="Service area: Bay Area and Sacramento"
        description={`MyHibachi chefs cook across the San Francisco Bay Area and greater Sacramento. Free travel for the first ${p.freeTravelMiles} miles from Fremont or Sacramento.`}
        path="/service-area"
      />
      <PageHeader title="Where we cook">
        Our chefs work from two bases, Fremont and Sacramento. Travel is free
        for the first {p.freeTravelMiles} miles, then{" "}
        {formatUsd(p.travelFeePerMileCents)} per mile, up to {p.maxTravelMiles}
        {" "}
        miles away.
      </PageHeader>
      <Container class="py-12">
        <div class="grid gap-10 md:grid-cols-2">
          {byLocation().map(([location, cities]) => (
            <section key={location} aria-labelledby={`base-${location}`}>
              <h2
                id={`base-${location}`}
                class="text-2xl font-bold text-stone-900"
              >
                From our {LOCATION_NAMES[location]} base
              </h2>
              <ul class="mt-4 divide-y divide-stone-200 rounded-xl border border-stone-200">
                {cities.map((city) => (
                  <li key={city.slug}>
                    <a
                      href={cityPath(city)}
                      class="flex items-center justify-between gap-4 p-4 text-stone-900 hover:bg-stone-50"
                    >
                      <span>
                        <span class="font-semibold">{city.name}</span>
                        <span class="block text-sm text-stone-700">
                          {city.county}
                        </span>
                      </span>
                      <span aria-hidden="true" class="text-red-800">→</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
        <p class="mt-10 max-w-2xl text-stone-700">
          Not listed? We cook anywhere within {p.maxTravelMiles}{" "}
          miles of a base. Your quote shows the exact travel fee for your ZIP
          code.
        </p>
        <div class="mt-6">
          <ButtonLink href="/quote">Check my ZIP code</ButtonLink>
        </div>
      </Container>
    </>
  );
}
