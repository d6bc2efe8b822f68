/**
 * FAQ search, kept apart from the FAQ content so the browser bundle of the
 * search island carries only this function.
 */

/** The fields the search looks at. */
export interface Searchable {
  question: string;
  answer: string;
}

/**
 * Entries whose question or answer contains every word of the query
 * (case-insensitive, order kept). An empty query keeps everything.
 */
export function filterFaq<T extends Searchable>(
  entries: readonly T[],
  query: string,
): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((entry) => {
    const haystack = `${entry.question} ${entry.answer}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
