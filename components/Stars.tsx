/** Props of {@link Stars}. */
export interface StarsProps {
  rating: number;
}

/** A 1–5 star rating with a text alternative for screen readers. */
export function Stars({ rating }: StarsProps) {
  const full = Math.round(rating);
  return (
    <span
      role="img"
      aria-label={`${rating} out of 5 stars`}
      class="text-amber-700"
    >
      {"★".repeat(full)}
      <span class="text-stone-500">{"★".repeat(5 - full)}</span>
    </span>
  );
}
