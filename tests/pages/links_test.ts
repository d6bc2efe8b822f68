/**
 * Public links work on whatever port the app listens on (issue 14): with no
 * `PUBLIC_URL`, the app served on a random port builds every link from the
 * origin it is listening on. The test books through the no-JS wizard over
 * real HTTP, then follows every link it is given: the confirmation page's,
 * the customer mail's (read from the dev mailbox over HTTP), the canonical
 * links, robots.txt and the sitemap.
 */
import assert from "node:assert/strict";
import { drainOutbox } from "../../lib/notifications/mod.ts";
import { listeningOrigin, PublicOrigin } from "../../lib/links/mod.ts";
import type { MailboxEntry } from "../../local/mail/mod.ts";
import type { TestApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import {
  hiddenFields,
  pagesApp,
  radioValues,
  stepForm,
  stepHeading,
} from "./support.ts";

Deno.test("PublicOrigin: PUBLIC_URL wins, else where the server listens", () => {
  const configured = new PublicOrigin("https://myhibachi.example/", 8000);
  configured.listening({ hostname: "127.0.0.1", port: 4321 });
  assert.equal(configured.origin, "https://myhibachi.example");
  assert.equal(
    configured.url("/manage/MH-1?token=a"),
    "https://myhibachi.example/manage/MH-1?token=a",
  );
  const open = new PublicOrigin(null, 8000);
  assert.equal(open.origin, "http://127.0.0.1:8000");
  open.listening({ hostname: "0.0.0.0", port: 41234 });
  assert.equal(open.origin, "http://127.0.0.1:41234");
  assert.equal(open.url("/faq/"), "http://127.0.0.1:41234/faq");
  assert.equal(
    listeningOrigin({ hostname: "::", port: 9 }),
    "http://[::1]:9",
  );
  assert.equal(
    listeningOrigin({ hostname: "192.0.2.7", port: 80 }),
    "http://192.0.2.7:80",
  );
});

const PARTY = {
  adults: "10",
  children: "0",
  "proteins.chicken": "10",
  "proteins.steak": "10",
};
const ADDRESS = {
  "address.line1": "100 Main St",
  "address.city": "Fremont",
  "address.state": "CA",
  zip: "94538",
};
const CONTACT = {
  "customer.name": "Ada Lovelace",
  "customer.email": "links@example.com",
  "customer.phone": "510 555 0100",
  paymentMethod: "zelle",
};

/** A real HTTP request to the served app (never in process). */
async function http(
  app: TestApp,
  path: string,
  init: RequestInit = {},
): Promise<{ res: Response; html: string }> {
  const url = /^https?:/.test(path) ? path : `${app.url}${path}`;
  const res = await fetch(url, { redirect: "manual", ...init });
  return { res, html: await res.text() };
}

async function submit(
  app: TestApp,
  html: string,
  answers: Record<string, string>,
) {
  const body = hiddenFields(stepForm(html));
  for (const [k, v] of Object.entries(answers)) body.set(k, v);
  const posted = await http(app, "/book", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  // Post/Redirect/Get: follow the 303 to the next step with its cookie.
  const location = posted.res.headers.get("location") ?? "";
  if (posted.res.status !== 303 || !location.startsWith("/book?step=")) {
    return posted;
  }
  const cookie = (posted.res.headers.get("set-cookie") ?? "").split(";")[0];
  return await http(app, location, { headers: { cookie } });
}

/** Every href of a page (entities decoded), without fragments-only links. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]+)"/g)]
    .map((m) => m[1].replace(/&amp;/g, "&"))
    .filter((h) => !h.startsWith("#"));
}

/** Opens every same-site link of `links` over HTTP; each must answer 200. */
async function followAll(app: TestApp, links: string[]): Promise<number> {
  let followed = 0;
  for (const link of new Set(links)) {
    if (/^(mailto|tel|sms):/.test(link)) continue;
    const url = new URL(link, app.url);
    // Every absolute link to this site names the real, listening origin.
    if (/^https?:/.test(link)) {
      if (url.hostname !== "127.0.0.1") continue; // another site
      assert.equal(url.origin, app.url, `wrong origin in ${link}`);
    }
    const { res } = await http(app, url.href);
    assert.equal(res.status, 200, `${link} → ${res.status}`);
    followed++;
  }
  return followed;
}

Deno.test({
  name: "links: served on a random port without PUBLIC_URL, every link works",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const now = testInstant("12:00");
    const app = await pagesApp({ serve: true, clock: fixedClock(now) });
    try {
      assert.equal(app.parts.config.publicUrl, null);
      assert.notEqual(new URL(app.url).port, "8000");
      assert.equal(app.parts.publicUrl, app.url);

      let confirmation = "";
      let manageUrl = "";
      await t.step("book through the wizard over HTTP", async () => {
        const first = await http(app, "/book");
        const address = await submit(app, first.html, PARTY);
        const slot = await submit(app, address.html, ADDRESS);
        assert.equal(stepHeading(slot.html), "Date and time");
        const contact = await submit(app, slot.html, {
          slot: radioValues(slot.html, "slot").at(-1)!,
        });
        const review = await submit(app, contact.html, CONTACT);
        assert.equal(stepHeading(review.html), "Review and book");
        const done = await submit(app, review.html, {});
        assert.equal(done.res.status, 303);
        confirmation = done.res.headers.get("location")!;
        assert.match(confirmation, /^\/book\/confirmation\//);
      });

      await t.step("the confirmation page's links all open", async () => {
        const page = await http(app, confirmation);
        assert.equal(page.res.status, 200);
        const manage = page.html.match(
          /href="([^"]+)"[^>]*data-manage-link/,
        )![1].replace(/&amp;/g, "&");
        // The link as the customer reads it carries the listening origin.
        assert.ok(
          page.html.includes(`${app.url}<!-- -->${manage}`) ||
            page.html.includes(`${app.url}${manage}`),
        );
        const n = await followAll(app, hrefs(page.html));
        assert.ok(n >= 5, `followed ${n} links`);
        const manager = await http(app, manage);
        assert.match(manager.html, /data-booking-status="pending_deposit"/);
      });

      await t.step("the mailed manage link opens the booking", async () => {
        const run = await drainOutbox(app.db, {
          mailer: app.parts.mailer,
          baseUrl: app.parts.publicUrl,
        });
        assert.ok(run.sent >= 1);
        const box = await http(
          app,
          `/_dev/mailbox.json?to=${
            encodeURIComponent(CONTACT["customer.email"])
          }`,
        );
        const mails = JSON.parse(box.html) as MailboxEntry[];
        assert.equal(mails.length, 1);
        const links = mails[0].links.filter((l) => /^https?:/.test(l));
        manageUrl = links.find((l) => l.includes("/manage/"))!;
        assert.ok(manageUrl, links.join());
        assert.ok(manageUrl.startsWith(`${app.url}/manage/`), manageUrl);
        await followAll(app, links);
        const page = await http(app, manageUrl);
        assert.match(page.html, /data-booking-status="pending_deposit"/);
      });

      await t.step(
        "canonical links, robots.txt and the sitemap name the listening origin",
        async () => {
          const home = await http(app, "/");
          const canonical =
            home.html.match(/rel="canonical" href="([^"]+)"/)![1];
          assert.equal(canonical, `${app.url}/`);
          const robots = await http(app, "/robots.txt");
          assert.match(
            robots.html,
            new RegExp(`Sitemap: ${app.url}/sitemap.xml`),
          );
          const sitemap = await http(app, "/sitemap.xml");
          const locs = [...sitemap.html.matchAll(/<loc>([^<]+)<\/loc>/g)].map(
            (m) => m[1].replace(/&amp;/g, "&"),
          );
          assert.ok(locs.length >= 10, `${locs.length} sitemap entries`);
          assert.equal(await followAll(app, locs), locs.length);
          // And every link on the home page opens.
          await followAll(app, hrefs(home.html));
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
