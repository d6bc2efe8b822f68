/**
 * Inline manifests of the partials app (partials_test.tsx,
 * partials_browser_test.ts): an `_app` with `<body f-client-nav>` and a
 * `body` partial, pages with islands, append/prepend lists, forms, and
 * pages that make client navigation fall back.
 */
import type { ComponentChildren } from "preact";
import type { Handlers, Manifest, PageProps } from "$fresh/server.ts";
import { Head, Partial } from "$fresh/runtime.ts";
import Clicker from "./islands/Clicker.tsx";
import PartialIsland from "./islands/PartialIsland.tsx";
import Spinner from "./islands/Spinner.tsx";
import { signal } from "@preact/signals";

function App({ Component }: PageProps) {
  return (
    <html>
      <head>
        <meta charset="utf-8" />
        <meta name="description" content="app" />
      </head>
      <body f-client-nav>
        <nav>
          <a class="to-a" href="/">A</a>
          <a class="to-b" href="/b">B</a>
          <a class="to-b-fast" href="/b" f-partial="/partials/b">B (fast)</a>
          <a class="to-b-full" href="/b" f-client-nav={false}>B (full)</a>
          <a class="to-missing" href="/missing">missing</a>
          <a class="to-foreign" href="/foreign">foreign</a>
          <a class="to-bad" href="/b" f-partial="http://[bad">bad</a>
          <a class="to-cross" href="/b" f-partial="http://example.com/b">
            cross
          </a>
          <a class="to-moved" href="/moved">moved</a>
          <a class="to-list" href="/list">list</a>
          <a class="to-forms" href="/forms">forms</a>
        </nav>
        <Partial name="body">
          <Component />
        </Partial>
      </body>
    </html>
  );
}

function Title(props: { children: string }) {
  return (
    <Head>
      <title>{props.children}</title>
      <meta name="description" content={props.children} />
    </Head>
  );
}

function PageB(props: { fast?: boolean }) {
  return (
    <section class="page-b">
      <Title>Page B</Title>
      <h1>Page B{props.fast ? " (fast)" : ""}</h1>
      <Clicker label="b" start={5} />
    </section>
  );
}

const noWrap = { skipAppWrapper: true, skipInheritedLayouts: true };

function Item(props: { id: string }) {
  return <li class="item">{props.id}</li>;
}

function List(props: { from: number; n: number }) {
  return (
    <>
      {Array.from(
        { length: props.n },
        (_, i) => (
          <Item key={String(props.from + i)} id={`item-${props.from + i}`} />
        ),
      )}
    </>
  );
}

function Shell(props: { children: ComponentChildren }) {
  return (
    <html>
      <body f-client-nav>{props.children}</body>
    </html>
  );
}

const results: string[] = [];

let gate = Promise.withResolvers<void>();
/** Let the pending `/partials/slow` request answer (the test's hand). */
export function releaseSlow(): void {
  gate.resolve();
  gate = Promise.withResolvers<void>();
}

/** The app under test; `dev` only changes client error reporting. */
export const partialsManifest: Manifest = {
  baseUrl: new URL("./fresh.gen.ts", import.meta.url).href,
  islands: {
    "./islands/Clicker.tsx": { default: Clicker },
    "./islands/Spinner.tsx": { default: Spinner },
  },
  routes: {
    "./routes/loading.tsx": {
      config: noWrap,
      default: () => {
        const loading = signal(false);
        return (
          <Shell>
            <a
              class="slow-link"
              href="/loading"
              f-partial="/partials/slow"
              f-loading={loading}
            >
              slow
            </a>
            <Spinner loading={loading} />
            <Partial name="load">
              <p class="load-state">start</p>
            </Partial>
          </Shell>
        );
      },
    },
    "./routes/partials/slow.tsx": {
      config: noWrap,
      handler: {
        async GET(_req, ctx) {
          await gate.promise;
          return ctx.render();
        },
      } satisfies Handlers,
      default: () => (
        <Partial name="load">
          <p class="load-state">done</p>
        </Partial>
      ),
    },
    "./routes/_app.tsx": { default: App },
    "./routes/index.tsx": {
      default: () => (
        <section class="page-a">
          <Title>Page A</Title>
          <h1>Page A</h1>
          <Clicker label="a" start={1} />
        </section>
      ),
    },
    "./routes/b.tsx": { default: () => <PageB /> },
    "./routes/partials/b.tsx": {
      config: noWrap,
      default: () => (
        <Partial name="body">
          <PageB fast />
        </Partial>
      ),
    },
    "./routes/foreign.tsx": {
      config: noWrap,
      default: () => (
        <Shell>
          <Partial name="elsewhere">
            <h1 class="foreign">Foreign page</h1>
          </Partial>
        </Shell>
      ),
    },
    "./routes/moved.ts": {
      handler: () =>
        new Response(null, { status: 303, headers: { location: "/b" } }),
    },
    "./routes/list.tsx": {
      default: () => (
        <section class="list">
          <Title>List</Title>
          <ul>
            <Partial name="prepended" mode="prepend">
              <Item id="first" />
            </Partial>
          </ul>
          <ul class="items">
            <Partial name="items" mode="append">
              <List from={0} n={2} />
            </Partial>
          </ul>
          <button type="button" class="more" f-partial="/partials/more?from=2">
            more
          </button>
          <button type="button" class="earlier" f-partial="/partials/earlier">
            earlier
          </button>
        </section>
      ),
    },
    "./routes/partials/more.tsx": {
      config: noWrap,
      default: ({ url }: PageProps) => {
        const from = Number(url.searchParams.get("from"));
        return (
          <Partial name="items" mode="append">
            <List from={from} n={2} />
            <Clicker label={`more-${from}`} start={0} />
          </Partial>
        );
      },
    },
    "./routes/partials/earlier.tsx": {
      config: noWrap,
      default: () => (
        <Partial name="prepended" mode="prepend">
          <Item id="earlier" />
        </Partial>
      ),
    },
    "./routes/forms.tsx": {
      handler: {
        GET: (_req, ctx) => ctx.render(),
        async POST(req) {
          const form = await req.formData();
          results.push(String(form.get("name")));
          return new Response(null, {
            status: 303,
            headers: { location: `/forms?saved=${results.length}` },
          });
        },
      } satisfies Handlers,
      default: ({ url, isPartial }: PageProps) => (
        <section class="forms">
          <Title>Forms</Title>
          <p class="query">{url.searchParams.get("q") ?? ""}</p>
          <p class="saved">{url.searchParams.get("saved") ?? ""}</p>
          <p class="was-partial">{String(isPartial)}</p>
          <form method="get" action="/forms" class="search">
            <input name="q" value="" />
            <button type="submit">search</button>
          </form>
          <form method="post" action="/forms" class="save">
            <input name="name" value="" />
            <button type="submit">save</button>
          </form>
        </section>
      ),
    },
    "./routes/_404.tsx": {
      default: () => <h1 class="not-found">Nothing here</h1>,
    },
  },
};

/** Pages that must fail to render (server-side errors of `<Partial>`). */
export const brokenManifest: Manifest = {
  baseUrl: partialsManifest.baseUrl,
  islands: {
    "./islands/Clicker.tsx": { default: Clicker },
    "./islands/PartialIsland.tsx": { default: PartialIsland },
  },
  routes: {
    "./routes/duplicate.tsx": {
      default: () => (
        <div>
          <Partial name="x">1</Partial>
          <Partial name="x">2</Partial>
        </div>
      ),
    },
    "./routes/bad-mode.tsx": {
      default: () => (
        // deno-lint-ignore no-explicit-any
        <Partial name="x" mode={"swap" as any}>1</Partial>
      ),
    },
    "./routes/in-island.tsx": { default: () => <PartialIsland /> },
    "./routes/plain.tsx": { default: () => <p>no partials, no islands</p> },
  },
};
