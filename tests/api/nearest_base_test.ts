/**
 * Nearest base (SPEC §2 Availability) through the real API on a seeded
 * database: quote, availability, holds and bookings use the location nearest
 * the event ZIP, or the one the customer picked when it serves the ZIP; a
 * location that does not serve the ZIP is 422 `OUT_OF_SERVICE_AREA` and
 * writes nothing.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";
import { bookingBody, postJson, quoteBody, writeCounts } from "./support.ts";

const NOW = testInstant("12:00");
const saturday = nextWeekday(6, daysAfter(NOW, 21));
const SACRAMENTO_ID = "10000000-0000-4000-8000-000000000002";
const FREMONT_ID = "10000000-0000-4000-8000-000000000001";

const SAC_ADDRESS = {
  line1: "1 Capitol Mall",
  city: "Sacramento",
  state: "CA",
  zip: "95814",
};

function apiTest(name: string, fn: (app: TestApp) => Promise<void>): void {
  Deno.test({
    name: `nearest base: ${name}`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const app = await startApp({
        env: { RATE_LIMITS: "off" },
        clock: fixedClock(NOW),
      });
      try {
        await fn(app);
      } finally {
        await app.dispose();
      }
    },
  });
}

async function postQuote(app: TestApp, body: Record<string, unknown>) {
  const res = await app.fetch("/api/quote", postJson(quoteBody(body)));
  return { status: res.status, body: await res.json() };
}

apiTest("POST /api/quote prices from the nearest base", async (app) => {
  const sac = await postQuote(app, { zip: "95814" });
  assert.equal(sac.status, 200);
  assert.equal(sac.body.travelMiles, 0);
  assert.equal(sac.body.travelFeeCents, 0);
  assert.deepEqual(sac.body.location, {
    slug: "sacramento",
    name: "Sacramento",
    travelMiles: 0,
  });
  // Both bases serve downtown Sacramento; nearest first.
  assert.deepEqual(
    sac.body.locations.map((l: { slug: string }) => l.slug),
    ["sacramento", "fremont"],
  );
  const folsom = await postQuote(app, { zip: "95630" });
  assert.equal(folsom.body.location.slug, "sacramento");
  assert.equal(folsom.body.travelMiles, 20);
  assert.equal(folsom.body.travelFeeCents, 0);
  const fremont = await postQuote(app, { zip: "94538" });
  assert.equal(fremont.body.location.slug, "fremont");
  assert.equal(fremont.body.travelMiles, 3);
  // Fresno is Fremont's only.
  const fresno = await postQuote(app, { zip: "93721" });
  assert.deepEqual(
    fresno.body.locations.map((l: { slug: string }) => l.slug),
    ["fremont"],
  );
  // Nobody serves New York: the nearest prices it, not serviceable, no options.
  const ny = await postQuote(app, { zip: "10001" });
  assert.equal(ny.status, 200);
  assert.equal(ny.body.serviceable, false);
  assert.deepEqual(ny.body.locations, []);
});

apiTest("POST /api/quote takes an optional location", async (app) => {
  const picked = await postQuote(app, { zip: "95814", location: "fremont" });
  assert.equal(picked.status, 200);
  assert.equal(picked.body.location.slug, "fremont");
  assert.equal(picked.body.travelMiles, 78);
  assert.equal(picked.body.travelFeeCents, (78 - 30) * 200);
  // The query parameter still works; the body wins over it.
  const query = await app.fetch(
    "/api/quote?location=fremont",
    postJson(quoteBody({ zip: "95814" })),
  );
  assert.equal((await query.json()).location.slug, "fremont");
  const both = await app.fetch(
    "/api/quote?location=fremont",
    postJson(quoteBody({ zip: "95814", location: "sacramento" })),
  );
  assert.equal((await both.json()).location.slug, "sacramento");
  // A base that does not serve the ZIP.
  const far = await postQuote(app, { zip: "93721", location: "sacramento" });
  assert.equal(far.status, 422);
  assert.equal(far.body.error.code, "OUT_OF_SERVICE_AREA");
  assert.equal(far.body.error.issues[0].path, "location");
  assert.match(far.body.error.issues[0].message, /choose Fremont/);
  // Unknown and malformed locations are validation errors at `location`.
  for (const location of ["atlantis", "no spaces!", 7]) {
    const bad = await postQuote(app, { location });
    assert.equal(bad.status, 422, String(location));
    assert.equal(bad.body.error.code, "VALIDATION_FAILED");
    assert.deepEqual(
      bad.body.error.issues.map((i: { path: string }) => i.path),
      ["location"],
    );
  }
});

apiTest("availability and holds are the chosen base's", async (app) => {
  const url = `/api/availability?from=${saturday}&to=${saturday}`;
  const byZip = await (await app.fetch(`${url}&zip=95814`)).json();
  assert.deepEqual(byZip.location, { slug: "sacramento", name: "Sacramento" });
  // Saturday: both Sacramento chefs work it; four Fremont chefs do.
  assert.equal(byZip.dates[0].slots[0].capacity, 2);
  const fremont = await (await app.fetch(`${url}&zip=94538`)).json();
  assert.equal(fremont.location.slug, "fremont");
  assert.equal(fremont.dates[0].slots[0].capacity, 4);
  const picked = await (await app.fetch(`${url}&zip=95814&location=fremont`))
    .json();
  assert.equal(picked.location.slug, "fremont");
  const refused = await app.fetch(`${url}&zip=93721&location=sacramento`);
  assert.equal(refused.status, 422);
  assert.equal((await refused.json()).error.code, "OUT_OF_SERVICE_AREA");
  // Two holds use up Sacramento's Saturday 18:00; Fremont's is untouched.
  for (let i = 0; i < 2; i++) {
    const res = await app.fetch(
      "/api/holds",
      postJson({ date: saturday, time: "18:00", location: "sacramento" }),
    );
    assert.equal(res.status, 201);
  }
  const full = await app.fetch(
    "/api/holds",
    postJson({ date: saturday, time: "18:00", location: "sacramento" }),
  );
  assert.equal(full.status, 409);
  const after = await (await app.fetch(`${url}&zip=95814`)).json();
  const sac18 = after.dates[0].slots.find((s: { time: string }) =>
    s.time === "18:00"
  );
  assert.equal(sac18.available, 0);
  const fre = await (await app.fetch(`${url}&zip=94538`)).json();
  assert.equal(
    fre.dates[0].slots.find((s: { time: string }) => s.time === "18:00")
      .available,
    4,
  );
});

apiTest("POST /api/bookings books at the nearest base", async (app) => {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(saturday, "18:00", {
      zip: "95814",
      address: SAC_ADDRESS,
    })),
  );
  const b = await res.json();
  assert.equal(res.status, 201, JSON.stringify(b));
  assert.deepEqual(b.location, {
    slug: "sacramento",
    name: "Sacramento",
    travelMiles: 0,
  });
  assert.equal(b.quote.travelFeeCents, 0);
  const [row] = await app.db.sql<{ location_id: string; quote: unknown }[]>`
    select location_id, quote from public.bookings where reference = ${b.reference}`;
  assert.equal(row.location_id, SACRAMENTO_ID);
});

apiTest("POST /api/bookings takes an optional location", async (app) => {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(saturday, "18:00", {
      zip: "95814",
      address: SAC_ADDRESS,
      location: "fremont",
    })),
  );
  const b = await res.json();
  assert.equal(res.status, 201, JSON.stringify(b));
  assert.equal(b.location.slug, "fremont");
  assert.equal(b.quote.travelFeeCents, (78 - 30) * 200);
  const [row] = await app.db.sql<{ location_id: string }[]>`
    select location_id from public.bookings where reference = ${b.reference}`;
  assert.equal(row.location_id, FREMONT_ID);

  // Sacramento does not serve Fresno: refused, nothing written.
  const before = await writeCounts(app.db);
  const far = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(saturday, "15:00", {
      zip: "93721",
      address: { ...SAC_ADDRESS, city: "Fresno", zip: "93721" },
      location: "sacramento",
    })),
  );
  const e = await far.json();
  assert.equal(far.status, 422);
  assert.equal(e.error.code, "OUT_OF_SERVICE_AREA");
  assert.deepEqual(e.error.issues.map((i: { path: string }) => i.path), [
    "location",
  ]);
  // Nobody serves New York.
  const ny = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(saturday, "15:00", {
      zip: "10001",
      address: { ...SAC_ADDRESS, city: "New York", state: "NY", zip: "10001" },
    })),
  );
  assert.equal(ny.status, 422);
  assert.equal((await ny.json()).error.code, "OUT_OF_SERVICE_AREA");
  assert.deepEqual(await writeCounts(app.db), before);
});
