import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { Stars } from "../components/Stars.tsx";
import { ReviewCard } from "../components/ReviewCard.tsx";
import { findCity } from "../lib/site/cities.ts";
import { aggregateRating, REVIEWS } from "../lib/site/reviews.ts";
import { reviewsJsonLd } from "../lib/site/seo.ts";
import { useSite } from "../components/SiteContext.ts";

const dateFormat = new Intl.DateTimeFormat("en-US", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** Customer reviews with an AggregateRating in JSON-LD. */
export default function ReviewsPage(_props: PageProps) {
  const rating = aggregateRating(REVIEWS);
  return (
    <>
      <SeoHead
        title="Customer reviews"
        description={`Rated ${rating.average} out of 5 by ${rating.count} hosts: read what Bay Area and Sacramento customers say about their MyHibachi parties.`}
        path="/reviews"
        jsonLd={[reviewsJsonLd(REVIEWS, useSite().origin)]}
      />
      <PageHeader title="Reviews">
        <Stars rating={rating.average} /> <strong>{rating.average}</strong>{" "}
        out of 5 from {rating.count} reviews.
      </PageHeader>
      <Container class="py-12">
        <ul class="grid gap-6 md:grid-cols-2">
          {REVIEWS.map((review) => (
            <li key={review.id}>
              <ReviewCard
                review={review}
                class="border border-stone-200"
                details={
                  <>
                    {findCity(review.citySlug)?.name ?? ""} · {review.occasion}
                    {" · "}
                    <time dateTime={review.date}>
                      {dateFormat.format(new Date(`${review.date}T00:00:00Z`))}
                    </time>
                  </>
                }
              />
            </li>
          ))}
        </ul>
        <div class="mt-10">
          <ButtonLink href="/book">Book your own party</ButtonLink>
        </div>
      </Container>
    </>
  );
}
