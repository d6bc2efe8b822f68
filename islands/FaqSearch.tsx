import { useState } from "preact/hooks";
import type { JSX } from "preact";
import { filterFaq } from "../lib/site/faq_filter.ts";

/** One FAQ entry as the island receives it (plain JSON props). */
export interface FaqSearchEntry {
  id: string;
  category: string;
  question: string;
  answer: string;
}

/** Props of {@link FaqSearch}. */
export interface FaqSearchProps {
  entries: FaqSearchEntry[];
  /** `?q=` from the URL, so the no-JS form submit filters on the server. */
  initialQuery?: string;
}

/**
 * FAQ list with a search box. Without JavaScript it is a GET form that the
 * server answers with the filtered list; once hydrated it filters as you
 * type, with the same function, and announces the result count.
 */
export default function FaqSearch(
  { entries, initialQuery = "" }: FaqSearchProps,
) {
  const [query, setQuery] = useState(initialQuery);
  const visible = filterFaq(entries, query);

  const onInput = (event: JSX.TargetedEvent<HTMLInputElement>) => {
    setQuery(event.currentTarget.value);
  };
  const onSubmit = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    // Already filtered live; keep the page (and scroll position) in place.
    event.preventDefault();
  };

  return (
    <div>
      <form
        method="get"
        action="/faq"
        role="search"
        class="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={onSubmit}
      >
        <div class="flex-1">
          <label for="faq-query" class="block font-semibold text-stone-900">
            Search the FAQ
          </label>
          <input
            id="faq-query"
            name="q"
            type="search"
            value={query}
            onInput={onInput}
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. deposit, allergies, rain"
            class="mt-1 w-full rounded-lg border-2 border-stone-500 px-3 py-2 text-base text-stone-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700"
          />
        </div>
        <button
          type="submit"
          class="rounded-lg bg-red-700 px-5 py-2.5 font-semibold text-white hover:bg-red-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          Search
        </button>
      </form>
      <p class="mt-3 text-stone-700" aria-live="polite" id="faq-count">
        {query.trim() === ""
          ? `${entries.length} questions`
          : `${visible.length} of ${entries.length} questions match “${query.trim()}”`}
      </p>
      <div class="mt-6 space-y-6">
        {visible.map((entry) => (
          <article
            key={entry.id}
            id={entry.id}
            class="rounded-xl border border-stone-200 p-5"
            data-faq-entry
          >
            <p class="text-sm font-semibold uppercase tracking-wide text-red-800">
              {entry.category}
            </p>
            <h2 class="mt-1 text-xl font-semibold text-stone-900">
              {entry.question}
            </h2>
            <p class="mt-2 leading-relaxed text-stone-800">{entry.answer}</p>
          </article>
        ))}
        {visible.length === 0 && (
          <p class="rounded-xl bg-stone-100 p-5 text-stone-800">
            No questions match.{" "}
            <a class="font-semibold text-red-800 underline" href="/contact">
              Ask us directly
            </a>.
          </p>
        )}
      </div>
    </div>
  );
}
