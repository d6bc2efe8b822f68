/** Site content and SEO helpers: data integrity and escaping. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { CITIES, findCity, LOCATION_ZIPS } from "../../lib/site/cities.ts";
import { cityTravel } from "../../lib/site/city_travel.ts";
import { buildFaq, FAQ, formatSlotTime } from "../../lib/site/faq.ts";
import { filterFaq } from "../../lib/site/faq_filter.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { formatTaxRate, travelFeeCents } from "../../lib/pricing/marketing.ts";
import { DEFAULT_PRICING } from "../../lib/pricing/types.ts";
import { aggregateRating } from "../../lib/site/reviews.ts";
import {
  absoluteUrl,
  faqPageJsonLd,
  localBusinessJsonLd,
  serializeJsonLd,
} from "../../lib/site/seo.ts";
import { renderSitemapXml, sitemapEntries } from "../../lib/site/sitemap.ts";
import { parseContactForm } from "../../lib/contact/mod.ts";
import { zipInfo } from "../../lib/geo/zip.ts";

Deno.test("cities: unique slugs, real ZIPs, within the service area of their base", () => {
  const slugs = new Set(CITIES.map((c) => c.slug));
  assert.equal(slugs.size, CITIES.length);
  assert.ok(CITIES.length >= 10);
  for (const city of CITIES) {
    assert.match(city.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const info = zipInfo(city.zip);
    assert.ok(info, `${city.name}: ZIP ${city.zip} unknown`);
    assert.equal(info.state, "CA");
    assert.ok(LOCATION_ZIPS[city.locationSlug]);
    const travel = cityTravel(city, DEFAULT_PRICING);
    assert.ok(
      travel && travel.feeCents !== null,
      `${city.name} outside service area`,
    );
  }
  assert.equal(findCity("fremont")?.zip, "94539");
  assert.equal(findCity("atlantis"), undefined);
  assert.equal(findCity("__proto__"), undefined);
});

Deno.test("travel fee: free radius then per mile, null beyond the maximum", () => {
  const p = DEFAULT_PRICING;
  assert.equal(travelFeeCents(0, p), 0);
  assert.equal(travelFeeCents(30, p), 0);
  assert.equal(travelFeeCents(31, p), 200);
  assert.equal(travelFeeCents(150, p), 120 * 200);
  assert.equal(travelFeeCents(151, p), null);
});

Deno.test("money and rates format for display", () => {
  assert.equal(formatUsd(5500), "$55");
  assert.equal(formatUsd(55000), "$550");
  assert.equal(formatUsd(1), "$0.01");
  assert.equal(formatUsd(123456), "$1,234.56");
  assert.throws(() => formatUsd(1.5));
  assert.equal(formatTaxRate(825), "8.25%");
  assert.equal(formatTaxRate(800), "8%");
  assert.equal(formatTaxRate(750), "7.5%");
  assert.equal(formatSlotTime("12:00"), "noon");
  assert.equal(formatSlotTime("18:00"), "6 pm");
  assert.equal(formatSlotTime("09:30"), "9:30 am");
});

Deno.test("FAQ quotes the business rules' numbers", () => {
  const text = FAQ.map((e) => e.answer).join(" ");
  for (
    const fragment of [
      "$55 per adult",
      "$30 per child",
      "$550",
      "$100 deposit",
      "96 hours",
      "8.25%",
      "$2 per mile",
    ]
  ) {
    assert.ok(text.includes(fragment), `FAQ lacks "${fragment}"`);
  }
  const changed = buildFaq({ ...DEFAULT_PRICING, depositCents: 15000 });
  assert.ok(changed.some((e) => e.answer.includes("$150 deposit")));
  assert.equal(new Set(FAQ.map((e) => e.id)).size, FAQ.length);
});

Deno.test("filterFaq: every word must match; empty query keeps all", () => {
  assert.equal(filterFaq(FAQ, "").length, FAQ.length);
  assert.equal(filterFaq(FAQ, "   ").length, FAQ.length);
  const deposit = filterFaq(FAQ, "DEPOSIT refund");
  assert.ok(deposit.length >= 1);
  for (const e of deposit) {
    const hay = (e.question + e.answer).toLowerCase();
    assert.ok(hay.includes("deposit") && hay.includes("refund"));
  }
  assert.deepEqual(filterFaq(FAQ, "zzzqqq"), []);
  fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
    // Adding words can only narrow the result.
    return filterFaq(FAQ, `${a} ${b}`).length <= filterFaq(FAQ, a).length;
  }));
});

Deno.test("aggregate rating is the rounded mean of the reviews", () => {
  const review = (id: string, rating: number) => ({
    id,
    author: "A. B.",
    city: "Fremont",
    rating,
    date: "2026-05-01",
    body: "Great party, great food.",
  });
  assert.deepEqual(
    aggregateRating([review("a", 5), review("b", 4), review("c", 4)]),
    { count: 3, average: 4.3 },
  );
  assert.deepEqual(aggregateRating([review("a", 1)]), {
    count: 1,
    average: 1,
  });
  assert.deepEqual(aggregateRating([]), { count: 0, average: 0 });
});

Deno.test("absoluteUrl joins paths to the public origin", () => {
  const origin = "https://myhibachi.example";
  assert.equal(absoluteUrl("/faq", origin), "https://myhibachi.example/faq");
  assert.equal(absoluteUrl("/", origin), "https://myhibachi.example/");
  assert.equal(absoluteUrl("faq/", origin), "https://myhibachi.example/faq");
  assert.equal(absoluteUrl("https://x.test/a", origin), "https://x.test/a");
});

Deno.test("serializeJsonLd cannot close its script element and round-trips", () => {
  fc.assert(fc.property(fc.string(), (s) => {
    const out = serializeJsonLd({ text: s });
    return !out.includes("<") && !out.includes(">") &&
      JSON.parse(out).text === s;
  }));
  const out = serializeJsonLd({ x: "</script><script>alert(1)</script>" });
  assert.ok(!out.toLowerCase().includes("</script"));
});

Deno.test("structured data: LocalBusiness and FAQPage shapes", () => {
  const biz = localBusinessJsonLd("https://e.example");
  assert.deepEqual(biz["@type"], ["FoodEstablishment", "LocalBusiness"]);
  assert.equal(biz.name, "MyHibachi");
  assert.equal((biz.address as Record<string, string>).postalCode, "94539");
  assert.equal((biz.areaServed as unknown[]).length, CITIES.length);
  assert.ok((biz.servesCuisine as string[]).includes("Hibachi"));
  const faq = faqPageJsonLd(FAQ);
  assert.equal(faq["@type"], "FAQPage");
  assert.equal((faq.mainEntity as unknown[]).length, FAQ.length);
});

Deno.test("sitemap has absolute, unique URLs for pages and every city", () => {
  const xml = renderSitemapXml(sitemapEntries(), "https://e.example");
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.equal(new Set(locs).size, locs.length);
  for (const loc of locs) assert.ok(loc.startsWith("https://e.example/"));
  for (const city of CITIES) {
    assert.ok(locs.includes(`https://e.example/service-area/${city.slug}`));
  }
  assert.ok(locs.includes("https://e.example/"));
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
});

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

Deno.test("contact form: valid, invalid, honeypot", () => {
  const ok = parseContactForm(form({
    name: " Ana ",
    email: "ana@example.com",
    phone: "",
    guests: "14",
    eventDate: "2030-05-04",
    message: "Do you cook in Fremont on Sundays?",
  }));
  assert.ok(ok.ok);
  assert.equal(ok.message.name, "Ana");
  assert.equal(ok.message.guests, 14);
  assert.equal(ok.message.phone, undefined);
  assert.equal(ok.spam, false);

  const bad = parseContactForm(
    form({ email: "nope", guests: "-3", message: "hi" }),
  );
  assert.ok(!bad.ok);
  assert.deepEqual(Object.keys(bad.errors).sort(), [
    "email",
    "guests",
    "message",
    "name",
  ]);
  assert.equal(bad.values.email, "nope");

  const spam = parseContactForm(form({
    name: "Bot",
    email: "bot@example.com",
    message: "Buy cheap things now please",
    website: "http://spam.example",
  }));
  assert.ok(spam.ok && spam.spam);

  const huge = parseContactForm(
    form({ name: "A", email: "a@b.co", message: "x".repeat(100_000) }),
  );
  assert.ok(!huge.ok && huge.errors.message);
});

Deno.test("readFormBody: bounded while streaming, type-checked, malformed is 400", async () => {
  const { readFormBody } = await import("../../lib/http/form_body.ts");
  const ok = await readFormBody(
    new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ana&message=hello+there",
    }),
    1024,
  );
  assert.ok(ok.ok && ok.form.get("name") === "Ana");
  // A streamed body without Content-Length still hits the limit.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 10; i++) {
        controller.enqueue(new Uint8Array(512).fill(97));
      }
      controller.close();
    },
  });
  const big = await readFormBody(
    new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
    }),
    1024,
  );
  assert.deepEqual(big.ok ? null : big.status, 413);
  const json = await readFormBody(
    new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }),
    1024,
  );
  assert.deepEqual(json.ok ? null : json.status, 415);
  const broken = await readFormBody(
    new Request("http://x/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zz" },
      body: "garbage",
    }),
    1024,
  );
  assert.deepEqual(broken.ok ? null : broken.status, 400);
});
