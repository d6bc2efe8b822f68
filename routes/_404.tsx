import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { Picture } from "../components/Picture.tsx";
import { EMPTY_PLATE_ALT } from "../lib/site/illustrations.ts";
import { CITIES, cityPath } from "../lib/site/cities.ts";

/** Not-found page: helpful links instead of a dead end. */
export default function NotFoundPage(_props: PageProps) {
  return (
    <>
      <SeoHead
        title="Page not found"
        description="The page you were looking for does not exist. Browse our hibachi menu, prices and service area instead."
        noindex
      />
      <Container class="grid items-center gap-10 py-12 sm:py-20 md:grid-cols-5">
        <div class="md:col-span-3">
          <p class="font-semibold text-red-800">Error 404</p>
          <h1 class="mt-2 font-display text-4xl font-bold text-stone-900">
            We couldn't find that page
          </h1>
          <p class="mt-4 text-lg text-stone-700">
            The link may be old or mistyped. Here are some places to start:
          </p>
          <div class="mt-8 flex flex-col gap-3 sm:flex-row">
            <ButtonLink href="/">Home page</ButtonLink>
            <ButtonLink href="/book" variant="secondary">
              Book a chef
            </ButtonLink>
            <ButtonLink href="/faq" variant="secondary">FAQ</ButtonLink>
          </div>
          <h2 class="mt-12 text-xl font-bold text-stone-900">
            Cities we serve
          </h2>
          <ul class="mt-3 flex flex-wrap gap-x-4 gap-y-2">
            {CITIES.map((city) => (
              <li key={city.slug}>
                <a class="text-red-800 underline" href={cityPath(city)}>
                  {city.name}
                </a>
              </li>
            ))}
          </ul>
        </div>
        <Picture
          name="empty-plate"
          alt={EMPTY_PLATE_ALT}
          sizes="(min-width: 768px) 40vw, 50vw"
          eager
          class="rounded-2xl shadow-lg"
          frame="order-first mx-auto w-1/2 md:order-none md:col-span-2 md:w-full"
        />
      </Container>
    </>
  );
}
