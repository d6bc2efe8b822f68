/**
 * Baseline for bench/ssr: the same component trees as the home page (the app
 * shell `routes/_app.tsx` around `routes/index.tsx`) and the booking
 * wizard's first step (`/book`: the shell around `routes/book/index.tsx`
 * with the data its GET handler gives a first visit, from the seed's
 * catalog) rendered by bare preact-render-to-string in a plain Deno.serve
 * handler: no framework, no router, no middleware, no islands, no styles.
 *
 *   deno run -A bench/ssr/baseline_server.tsx <port>
 *
 * @module
 */
import { renderToString } from "preact-render-to-string";
import type { PageProps } from "$fresh/server.ts";
import App from "../../routes/_app.tsx";
import Home from "../../routes/index.tsx";
import BookPage from "../../routes/book/index.tsx";
import type { BookStepData } from "../../components/booking/BookSteps.tsx";
import { partyMenuOf, readWizardState } from "../../lib/booking_form/mod.ts";
import { FALLBACK_CATALOG } from "../../lib/pricing/marketing.ts";

/** What `GET /book` renders for a first visit (routes/book/index.tsx `show`). */
function firstStepData(): BookStepData {
  const catalog = {
    settings: FALLBACK_CATALOG.pricing,
    menu: FALLBACK_CATALOG.menu,
  };
  const state = readWizardState(new URLSearchParams());
  state.gratuityPercent = catalog.settings.suggestedGratuityPercent;
  return {
    step: "party",
    state,
    errors: {},
    menu: partyMenuOf(catalog),
    settings: catalog.settings,
    quote: null,
    slots: null,
    cardPayments: false,
    focus: "none",
  };
}

/** Renders the booking wizard's first step the way a framework-less server would. */
export function renderBookBare(url: URL): string {
  const props = {
    url,
    params: {},
    data: firstStepData(),
    state: {},
    route: "/book",
    isPartial: false,
  } as unknown as PageProps<BookStepData>;
  const Component = () => <BookPage {...props} />;
  return "<!DOCTYPE html>" +
    renderToString(<App {...props} Component={Component} />);
}

/** Renders the home page markup the way a framework-less server would. */
export function renderHomeBare(url: URL): string {
  const props = {
    url,
    params: {},
    data: undefined,
    state: {},
    route: "/",
    isPartial: false,
  } as unknown as PageProps;
  const Component = () => <Home {...props} />;
  return "<!DOCTYPE html>" +
    renderToString(<App {...props} Component={Component} />);
}

if (import.meta.main) {
  const port = Number(Deno.args[0] ?? 8100);
  Deno.serve(
    { hostname: "127.0.0.1", port, onListen: () => {} },
    (req) => {
      const url = new URL(req.url);
      const html = url.pathname === "/book"
        ? renderBookBare(url)
        : renderHomeBare(url);
      return new Response(html, {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    },
  );
}
