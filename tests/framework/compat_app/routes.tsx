/** Route modules of the compat app (inline manifests import these). */
import type { Manifest } from "$fresh/server.ts";
import { SELF, useCSP } from "$fresh/runtime.ts";
import FormIsland from "./islands/FormIsland.tsx";

/** The compat app's manifest: a page of form controls inside an island. */
export const formManifest: Manifest = {
  baseUrl: new URL("./fresh.gen.ts", import.meta.url).href,
  islands: { "./islands/FormIsland.tsx": { default: FormIsland } },
  routes: {
    "./routes/form.tsx": {
      default: () => (
        <div id="wrap">
          <FormIsland>
            <input type="checkbox" name="a" checked />
            <input type="checkbox" name="b" />
            <input type="radio" name="r" value="1" />
            <input type="radio" name="r" value="2" checked />
            <select name="s">
              <option value="x">x</option>
              <option value="y" selected>y</option>
            </select>
            <input type="text" name="t" value="server" />
            <textarea name="ta">server text</textarea>
          </FormIsland>
          <p class="after">after</p>
        </div>
      ),
    },
  },
};

function Policy() {
  useCSP((csp) => {
    csp.directives.defaultSrc = [SELF];
    csp.directives.scriptSrc = [SELF];
  });
  return null;
}

/** A `csp: true` page with an inline script and an island. */
export const cspManifest: Manifest = {
  ...formManifest,
  routes: {
    "./routes/secure.tsx": {
      config: { csp: true },
      default: () => (
        <main id="wrap">
          <Policy />
          <script>window.inlineRan = true;</script>
          <FormIsland>
            <input type="checkbox" name="a" />
          </FormIsland>
        </main>
      ),
    },
  },
};
