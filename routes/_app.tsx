import { asset } from "$fresh/runtime.ts";
import { type PageProps, StaticMarkup } from "$fresh/server.ts";
import { Footer } from "../components/Footer.tsx";
import { Header } from "../components/Header.tsx";
import { SiteContext, siteInfo } from "../components/SiteContext.ts";
import { currentNavHref } from "../lib/site/nav.ts";
import type { AppState } from "../lib/app/parts.ts";

/**
 * The document shell for every page: head basics, skip link, header, footer.
 * The header (one per active nav entry) and the footer (one per year) are
 * the same on every page that shares those, so each is rendered once
 * (`StaticMarkup`, ADR 0054).
 */
export default function App(
  { Component, url, state }: PageProps<unknown, Partial<AppState>>,
) {
  const current = currentNavHref(url.pathname);
  const year = (state.app?.clock() ?? new Date()).getUTCFullYear();
  return (
    <SiteContext.Provider value={siteInfo(state.app, url)}>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="theme-color" content="#b91c1c" />
          <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
          <link rel="stylesheet" href={asset("/site.css")} />
        </head>
        <body class="flex min-h-screen flex-col bg-white font-sans text-stone-800 antialiased">
          <a href="#main" class="skip-link">Skip to main content</a>
          <StaticMarkup
            id={`header ${current ?? ""}`}
            render={() => <Header current={current} />}
          />
          <main id="main" tabIndex={-1} class="flex-1 focus:outline-none">
            <Component />
          </main>
          <StaticMarkup
            id={`footer ${year}`}
            render={() => <Footer year={year} />}
          />
        </body>
      </html>
    </SiteContext.Provider>
  );
}
