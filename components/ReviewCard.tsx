import type { ComponentChildren } from "preact";
import type { Review } from "../lib/site/reviews.ts";
import { Stars } from "./Stars.tsx";

/** Props of {@link ReviewCard}. */
export interface ReviewCardProps {
  review: Review;
  /** Card surface classes (background, border, shadow). */
  class: string;
  /** What follows the author in the caption; default: the city. */
  details?: ComponentChildren;
}

/** One customer review: stars, the quote and who said it. */
export function ReviewCard(
  { review, class: surface, details }: ReviewCardProps,
) {
  return (
    <figure class={`h-full rounded-xl p-6 ${surface}`}>
      <Stars rating={review.rating} />
      <blockquote class="mt-3 text-stone-800">“{review.body}”</blockquote>
      <figcaption class="mt-4 text-sm text-stone-700">
        <span class="font-semibold text-stone-900">{review.author}</span>
        {" · "}
        {details ?? review.city}
      </figcaption>
    </figure>
  );
}
