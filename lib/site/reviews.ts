/**
 * Seeded sample reviews shown on /reviews and the home teaser.
 * TODO(lead): replace with verified reviews from the database once customers
 * can leave them after a completed booking.
 */

/** One customer review. */
export interface Review {
  id: string;
  author: string;
  /** City slug from lib/site/cities.ts. */
  citySlug: string;
  /** 1–5 stars. */
  rating: number;
  /** ISO date (YYYY-MM-DD) of the event. */
  date: string;
  occasion: string;
  body: string;
}

/** Sample reviews, newest first. */
export const REVIEWS: readonly Review[] = [
  {
    id: "r-2024-10-fremont",
    author: "Priya S.",
    citySlug: "fremont",
    rating: 5,
    date: "2024-10-12",
    occasion: "40th birthday, 22 guests",
    body:
      "Chef Ken kept 22 people laughing for two hours and nobody waited for food. The filet upgrade was worth every penny, and the patio was cleaner when he left than when he arrived.",
  },
  {
    id: "r-2024-09-san-jose",
    author: "Marcus T.",
    citySlug: "san-jose",
    rating: 5,
    date: "2024-09-28",
    occasion: "Team dinner, 16 guests",
    body:
      "Booked online in five minutes, paid the deposit by card, and got a reminder the day before. Our engineers are still talking about the onion volcano.",
  },
  {
    id: "r-2024-09-sacramento",
    author: "Dana L.",
    citySlug: "sacramento",
    rating: 5,
    date: "2024-09-14",
    occasion: "Graduation party, 30 guests",
    body:
      "Two chefs for thirty guests, perfectly timed. They handled two vegetarian guests and a shellfish allergy without any fuss.",
  },
  {
    id: "r-2024-08-oakland",
    author: "Jordan W.",
    citySlug: "oakland",
    rating: 4,
    date: "2024-08-31",
    occasion: "Anniversary, 10 guests",
    body:
      "Great food and a fun show. Our street parking is tricky and the chef arrived ten minutes late, but he called ahead and still started on time.",
  },
  {
    id: "r-2024-08-pleasanton",
    author: "Emily R.",
    citySlug: "pleasanton",
    rating: 5,
    date: "2024-08-17",
    occasion: "Kids' birthday, 12 kids and 8 adults",
    body:
      "The kids' price made it affordable, and the chef caught shrimp tails in his hat for every single child. Highly recommend.",
  },
  {
    id: "r-2024-07-palo-alto",
    author: "Wei C.",
    citySlug: "palo-alto",
    rating: 5,
    date: "2024-07-20",
    occasion: "Family reunion, 25 guests",
    body:
      "Lobster tail and scallops were cooked perfectly. Clear pricing: the final bill matched the online quote to the cent.",
  },
  {
    id: "r-2024-07-roseville",
    author: "Alicia M.",
    citySlug: "roseville",
    rating: 4,
    date: "2024-07-06",
    occasion: "Fourth of July, 18 guests",
    body:
      "Delicious and entertaining. I wish the yakisoba portion were a bit bigger, but we'll definitely book again.",
  },
  {
    id: "r-2024-06-walnut-creek",
    author: "Tom & Grace H.",
    citySlug: "walnut-creek",
    rating: 5,
    date: "2024-06-22",
    occasion: "Retirement party, 14 guests",
    body:
      "Professional from the first email to the last plate. We rescheduled once because of the weather and it cost us nothing.",
  },
];

/** Count and average (rounded to one decimal) of a list of reviews. */
export function aggregateRating(
  reviews: readonly Review[] = REVIEWS,
): { count: number; average: number } {
  if (reviews.length === 0) return { count: 0, average: 0 };
  const sum = reviews.reduce((total, review) => total + review.rating, 0);
  return {
    count: reviews.length,
    average: Math.round((sum / reviews.length) * 10) / 10,
  };
}
