/**
 * CSP as in Fresh 1.7: a `csp: true` route gets a Content-Security-Policy
 * shaped by `useCSP`, with a per-render nonce added to script-src and
 * style-src and put on the page's scripts and styles; other routes get none.
 * The boot script stays external by default (ADR 0001) and is inline with
 * `bootScript: "inline"`.
 */
import assert from "node:assert/strict";
import { createHandler, type FreshConfig } from "$fresh/server.ts";
import { SELF, UNSAFE_INLINE, useCSP } from "$fresh/runtime.ts";
import { formManifest } from "./compat_app/routes.tsx";
import FormIsland from "./compat_app/islands/FormIsland.tsx";

function Policy(props: { reportOnly?: boolean }) {
  useCSP((csp) => {
    csp.directives.defaultSrc = [SELF];
    csp.directives.scriptSrc = [SELF];
    csp.directives.imgSrc = [SELF, "https://img.example"];
    if (props.reportOnly) csp.reportOnly = true;
  });
  return null;
}

const manifest = {
  ...formManifest,
  routes: {
    "./routes/secure.tsx": {
      config: { csp: true },
      default: ({ url }: { url: URL }) => (
        <main>
          <Policy reportOnly={url.searchParams.has("report")} />
          <script>window.inlineRan = true;</script>
          <style>{"p{color:red}"}</style>
          <FormIsland>
            <input type="checkbox" name="a" />
          </FormIsland>
        </main>
      ),
    },
    "./routes/plain.tsx": {
      default: () => (
        <main>
          <Policy />
          <script>1</script>
        </main>
      ),
    },
  },
};

async function get(path: string, config?: FreshConfig) {
  const handler = await createHandler(manifest, {
    plugins: [{
      name: "style",
      render(ctx) {
        ctx.render();
        return { styles: [{ cssText: "a{}", id: "plugin-style" }] };
      },
    }],
    ...config,
  });
  const res = await handler(new Request(`http://localhost${path}`));
  return { res, body: await res.text() };
}

Deno.test("csp routes send a policy with a fresh nonce on every script and style", async () => {
  const { res, body } = await get("/secure");
  const header = res.headers.get("content-security-policy")!;
  const nonce = /'nonce-([0-9a-f]{32})'/.exec(header)?.[1];
  assert.ok(nonce, header);
  assert.equal(
    header,
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; img-src 'self' https://img.example; style-src 'nonce-${nonce}'`,
  );
  const tags = [...body.matchAll(/<(script|style)\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(tags.length, 5, tags.join("\n"));
  for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  // default boot stays external (ADR 0001)
  assert.match(body, /<script type="module" src="[^"]+boot\.js" nonce="/);
  const again = await get("/secure");
  assert.notEqual(
    again.res.headers.get("content-security-policy"),
    header,
    "a new nonce per render",
  );
});

Deno.test("reportOnly switches the header; routes without csp get no policy or nonce", async () => {
  const report = await get("/secure?report");
  assert.equal(report.res.headers.get("content-security-policy"), null);
  assert.match(
    report.res.headers.get("content-security-policy-report-only")!,
    /^default-src 'self'/,
  );
  const plain = await get("/plain");
  assert.equal(plain.res.headers.get("content-security-policy"), null);
  assert.doesNotMatch(plain.body, /nonce=/);
  assert.equal(UNSAFE_INLINE, "'unsafe-inline'");
});

Deno.test('bootScript: "inline" boots islands from an inline module carrying the nonce', async () => {
  const { res, body } = await get("/secure", { bootScript: "inline" });
  const nonce = /'nonce-([0-9a-f]{32})'/.exec(
    res.headers.get("content-security-policy")!,
  )![1];
  assert.match(
    body,
    new RegExp(
      `<script type="module" nonce="${nonce}" data-fresh="[^"]+">import "/_frsh/js/[0-9a-f]+/boot\\.js";</script></body>`,
    ),
  );
  assert.doesNotMatch(body, /src="[^"]+boot\.js"/);
});
