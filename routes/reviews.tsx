import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { Stars } from "../components/Stars.tsx";
import { ReviewCard } from "../components/ReviewCard.tsx";
import { aggregateRating } from "../lib/site/reviews.ts";
import { reviewsJsonLd } from "../lib/site/seo.ts";
import { useSite } from "../components/SiteContext.ts";

const dateFormat = new Intl.DateTimeFormat("en-US", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/**
 * Approved customer reviews (ADR 0035), from the site catalog so the page
 * cache regenerates it when a review is approved or hidden. The JSON-LD
 * carries an AggregateRating only when there are reviews.
 */
export default function ReviewsPage(_props: PageProps) {
  const { origin, catalog } = useSite();
  const reviews = catalog.reviews;
  const rating = aggregateRating(reviews);
  return (
    <>
      <SeoHead
        title="Customer reviews"
        description={rating.count > 0
          ? `Rated ${rating.average} out of 5 by ${rating.count} hosts: read what Bay Area and Sacramento customers say about their MyHibachi parties.`
          : "Reviews from MyHibachi hosts in the Bay Area and Sacramento."}
        path="/reviews"
        jsonLd={[reviewsJsonLd(reviews, origin)]}
      />
      <PageHeader title="Reviews">
        {rating.count > 0
          ? (
            <>
              <Stars rating={rating.average} />{" "}
              <strong>{rating.average}</strong> out of 5 from {rating.count}
              {" "}
              {rating.count === 1 ? "review" : "reviews"}.
            </>
          )
          : "Reviews from our hosts appear here after their party."}
      </PageHeader>
      <Container class="py-12">
        {reviews.length === 0 && (
          <p data-no-reviews class="text-stone-700">
            No reviews yet. Every review here comes from a host whose party we
            cooked, after they used the link in their thank-you mail.
          </p>
        )}
        <ul class="grid gap-6 md:grid-cols-2">
          {reviews.map((review) => (
            <li key={review.id} data-review={review.id}>
              <ReviewCard
                review={review}
                class="border border-stone-200"
                details={
                  <>
                    {review.city}
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
