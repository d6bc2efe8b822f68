/**
 * Post/Redirect/Get in the no-JS wizard (issue 14): every step's post
 * answers 303 to `GET /book?step=…` with the draft in a cookie, so Back,
 * Forward and reload only ever GET a step; the draft survives a reload;
 * a stale or tampered draft never produces a 500.
 */
import assert from "node:assert/strict";
import { decodeDraft, encodeDraft } from "../../lib/booking_form/draft.ts";
import { emptyWizardState } from "../../lib/booking_form/state.ts";
import type { TestApp } from "../support/app.ts";
import {
  hiddenFields,
  pagesApp,
  radioValues,
  stepForm,
  stepHeading,
} from "./support.ts";

Deno.test("draft cookie: round trip, size limit, garbage", () => {
  const state = emptyWizardState();
  state.adults = 10;
  state.proteins = { chicken: 10, steak: 10 };
  state.customer.name = 'Zoë O\'Neil; "quoted"';
  state.notes = "Gate ✓ 1234";
  const value = encodeDraft({
    step: "contact",
    state,
    errors: { "customer.email": "Enter your email address." },
    month: "2027-01",
  })!;
  assert.match(value, /^[A-Za-z0-9_-]+$/);
  const back = decodeDraft(value)!;
  assert.equal(back.step, "contact");
  assert.deepEqual(back.state, state);
  assert.deepEqual(back.errors, {
    "customer.email": "Enter your email address.",
  });
  assert.equal(back.month, "2027-01");
  state.notes = "x".repeat(4000);
  assert.equal(encodeDraft({ step: "contact", state, errors: {} }), null);
  for (const bad of ["", "%%%", "eyJ9", btoa('{"s":"nope","f":[]}')]) {
    assert.equal(decodeDraft(bad), null, bad);
  }
});

/** A browser without JavaScript: posts a form, follows the 303 with its cookie. */
class NoJsBrowser {
  cookie = "";
  constructor(private app: TestApp) {}

  async get(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.app.fetch(path, {
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    return { res, html: await res.text() };
  }

  async post(
    html: string,
    answers: Record<string, string>,
  ): Promise<{ posted: Response; res: Response; html: string; url: string }> {
    const body = hiddenFields(stepForm(html));
    for (const [k, v] of Object.entries(answers)) body.set(k, v);
    const posted = await this.app.fetch("/book", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body.toString(),
    });
    await posted.body?.cancel();
    const set = posted.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0];
    const url = posted.headers.get("location") ?? "";
    if (posted.status !== 303 || !url.startsWith("/book?step=")) {
      return { posted, res: posted, html: "", url };
    }
    const page = await this.get(url);
    return { posted, ...page, url };
  }
}

Deno.test({
  name: "wizard: Post/Redirect/Get, reload, back and forward",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await pagesApp();
    try {
      const browser = new NoJsBrowser(app);
      const first = await browser.get("/book");
      const address = await browser.post(first.html, {
        adults: "10",
        "proteins.chicken": "10",
        "proteins.steak": "10",
        "addons.gyoza": "2",
      });

      await t.step("a post answers 303 to a GET of the next step", () => {
        assert.equal(address.posted.status, 303);
        assert.equal(address.url, "/book?step=address");
        const setCookie = address.posted.headers.get("set-cookie")!;
        assert.match(setCookie, /^mh_book_draft=[A-Za-z0-9_-]+;/);
        assert.match(setCookie, /Path=\/book/);
        assert.match(setCookie, /HttpOnly/);
        assert.match(setCookie, /SameSite=Lax/);
        assert.equal(address.res.status, 200);
        assert.equal(stepHeading(address.html), "Address");
      });

      const slot = await browser.post(address.html, {
        "address.line1": "100 Main St",
        "address.city": "Fremont",
        "address.state": "CA",
        zip: "94538",
      });
      assert.equal(slot.url, "/book?step=slot");

      await t.step("reload shows the same step with the draft", async () => {
        const again = await browser.get(slot.url);
        assert.equal(again.res.status, 200);
        assert.equal(stepHeading(again.html), "Date and time");
        assert.equal(hiddenFields(stepForm(again.html)).get("zip"), "94538");
      });

      await t.step("back and forward are GETs of kept answers", async () => {
        const back = await browser.get("/book?step=address");
        assert.equal(stepHeading(back.html), "Address");
        assert.match(back.html, /name="address.line1"[^>]*value="100 Main St"/);
        const party = await browser.get("/book?step=party");
        assert.equal(stepHeading(party.html), "Party and menu");
        assert.match(party.html, /name="addons.gyoza"[^>]*value="2"/);
        const forward = await browser.get("/book?step=slot");
        assert.equal(stepHeading(forward.html), "Date and time");
      });

      await t.step(
        "a step whose answers are missing shows the first one needed",
        async () => {
          const review = await browser.get("/book?step=review");
          // No date chosen yet: the date step is the first one needed.
          assert.equal(stepHeading(review.html), "Date and time");
        },
      );

      await t.step(
        "errors are shown after the redirect, next to the field",
        async () => {
          const contact = await browser.post(slot.html, {
            slot: radioValues(slot.html, "slot").at(-1)!,
          });
          assert.equal(contact.url, "/book?step=contact");
          const wrong = await browser.post(contact.html, {
            "customer.name": "Ada",
            "customer.email": "nope",
            "customer.phone": "510 555 0100",
            paymentMethod: "zelle",
          });
          assert.equal(wrong.posted.status, 303);
          assert.equal(wrong.res.status, 422);
          assert.match(wrong.html, /id="f-customer-email-error"/);
          const review = await browser.post(wrong.html, {
            "customer.name": "Ada",
            "customer.email": "ada@example.com",
            "customer.phone": "510 555 0100",
            paymentMethod: "zelle",
          });
          assert.equal(stepHeading(review.html), "Review and book");
          // Hold expired? One click goes back to the date step, party kept.
          const again = await browser.get("/book?step=slot");
          assert.equal(stepHeading(again.html), "Date and time");
          assert.equal(hiddenFields(stepForm(again.html)).get("adults"), "10");
          const done = await browser.post(review.html, {});
          assert.equal(done.posted.status, 303);
          assert.match(done.url, /^\/book\/confirmation\//);
          assert.match(
            done.posted.headers.get("set-cookie") ?? "",
            /mh_book_draft=;.*Max-Age=0/,
          );
        },
      );

      await t.step(
        "no draft, or a tampered one: the first step, never a 500",
        async () => {
          const none = await app.fetch("/book?step=review");
          assert.equal(none.status, 200);
          assert.equal(stepHeading(await none.text()), "Party and menu");
          const bad = await app.fetch("/book?step=contact", {
            headers: { cookie: "mh_book_draft=!!!garbage" },
          });
          assert.equal(bad.status, 200);
          assert.equal(stepHeading(await bad.text()), "Party and menu");
          const tampered = encodeDraft({
            step: "review",
            state: { ...emptyWizardState(), adults: 999, zip: "x" },
            errors: { "": "<script>alert(1)</script>" },
          });
          const odd = await app.fetch("/book?step=review", {
            headers: { cookie: `mh_book_draft=${tampered}` },
          });
          const html = await odd.text();
          assert.ok(odd.status < 500);
          assert.equal(stepHeading(html), "Party and menu");
          assert.doesNotMatch(html, /<script>alert/);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
