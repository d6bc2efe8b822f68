/**
 * The nearest-base rule (SPEC §2 Availability, lib/geo/service_area.ts):
 * seeded examples and properties over real ZIP centroids.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type BaseLocation,
  chooseLocation,
  serviceArea,
  travelMiles,
} from "../../lib/geo/mod.ts";

const FREMONT: BaseLocation = { slug: "fremont", zip: "94539", sortOrder: 1 };
const SACRAMENTO: BaseLocation = {
  slug: "sacramento",
  zip: "95814",
  sortOrder: 2,
};
const SEEDED = [FREMONT, SACRAMENTO];
const MAX = 150;

Deno.test("service area: the seeded bases choose the nearest", () => {
  const at = (zip: string, requested?: string) =>
    chooseLocation(SEEDED, zip, MAX, requested);
  // Downtown Sacramento: the Sacramento base is in that ZIP.
  const sac = at("95814");
  assert.ok(sac.ok);
  assert.equal(sac.chosen.location.slug, "sacramento");
  assert.equal(sac.chosen.miles, 0);
  assert.deepEqual(sac.serving.map((d) => d.location.slug), [
    "sacramento",
    "fremont",
  ]);
  // Folsom: 20 miles from Sacramento, 91 from Fremont.
  const folsom = at("95630");
  assert.ok(folsom.ok);
  assert.equal(folsom.chosen.location.slug, "sacramento");
  assert.equal(folsom.chosen.miles, 20);
  // Fremont customers stay with Fremont.
  const fremont = at("94538");
  assert.ok(fremont.ok);
  assert.equal(fremont.chosen.location.slug, "fremont");
  // The customer may pick the other base when it also serves the ZIP.
  const picked = at("95814", "fremont");
  assert.ok(picked.ok);
  assert.equal(picked.chosen.location.slug, "fremont");
  assert.equal(picked.chosen.miles, 78);
  // Fresno: Fremont serves it (130 mi), Sacramento does not (158 mi).
  const fresno = at("93721", "sacramento");
  assert.equal(fresno.ok, false);
  assert.ok(!fresno.ok && fresno.code === "NOT_SERVING");
  if (!fresno.ok && fresno.code === "NOT_SERVING") {
    assert.equal(fresno.requested.miles, 158);
    assert.deepEqual(fresno.serving.map((d) => d.location.slug), ["fremont"]);
  }
  // Redding: only Sacramento.
  const redding = at("96001");
  assert.ok(redding.ok);
  assert.equal(redding.chosen.location.slug, "sacramento");
  // New York: nobody; the nearest still prices it, marked not serviceable.
  const ny = at("10001");
  assert.ok(ny.ok);
  assert.equal(ny.serviceable, false);
  assert.deepEqual(ny.serving, []);
  // An unknown ZIP is named.
  const unknown = at("00000");
  assert.ok(!unknown.ok && unknown.code === "UNKNOWN_ZIP");
});

/** Real ZIPs across California and beyond, for bases and events. */
const ZIPS = [
  "94539",
  "95814",
  "95630",
  "93721",
  "94538",
  "95350",
  "95123",
  "93901",
  "96001",
  "95501",
  "94103",
  "94612",
  "95060",
  "95404",
  "93401",
  "92101",
  "90012",
  "89501",
  "97201",
  "10001",
  "95616",
  "95202",
  "94952",
  "96150",
];

const locationsArb = fc.uniqueArray(
  fc.record({
    slug: fc.stringMatching(/^[a-z]{1,8}$/),
    zip: fc.constantFrom(...ZIPS),
    sortOrder: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 1, maxLength: 5, selector: (l) => l.slug },
);

Deno.test("service area: properties of the nearest base", () => {
  fc.assert(
    fc.property(
      locationsArb,
      fc.constantFrom(...ZIPS),
      fc.integer({ min: 0, max: 400 }),
      (locations, zip, maxMiles) => {
        const miles = (l: BaseLocation) => {
          const t = travelMiles(l.zip, zip);
          assert.ok(t.ok);
          return t.miles;
        };
        const nearest = Math.min(...locations.map(miles));
        const choice = chooseLocation(locations, zip, maxMiles);
        assert.ok(choice.ok);
        // Served exactly when some base is within the service area.
        assert.equal(choice.serviceable, nearest <= maxMiles);
        // The chosen base is a nearest one, serving or not.
        assert.equal(choice.chosen.miles, nearest);
        assert.equal(choice.chosen.miles, miles(choice.chosen.location));
        // The options are exactly the bases within reach, nearest first.
        assert.deepEqual(
          choice.serving.map((d) => d.location.slug).sort(),
          locations.filter((l) => miles(l) <= maxMiles).map((l) => l.slug)
            .sort(),
        );
        for (let i = 1; i < choice.serving.length; i++) {
          assert.ok(choice.serving[i - 1].miles <= choice.serving[i].miles);
        }
        if (choice.serviceable) {
          assert.equal(
            choice.serving[0].location.slug,
            choice.chosen.location.slug,
          );
        }
        // The answer does not depend on the order the database lists them in.
        const reversed = chooseLocation(
          [...locations].reverse(),
          zip,
          maxMiles,
        );
        assert.ok(reversed.ok);
        assert.equal(
          reversed.chosen.location.slug,
          choice.chosen.location.slug,
        );
        // Asking for a base: granted when it serves, refused otherwise.
        for (const l of locations) {
          const asked = chooseLocation(locations, zip, maxMiles, l.slug);
          if (miles(l) <= maxMiles) {
            assert.ok(asked.ok);
            assert.equal(asked.chosen.location.slug, l.slug);
            assert.equal(asked.serviceable, true);
          } else {
            assert.ok(!asked.ok && asked.code === "NOT_SERVING");
            assert.equal(asked.requested.location.slug, l.slug);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("service area: distances are listed for every base with a known ZIP", () => {
  const area = serviceArea(
    [...SEEDED, { slug: "nowhere", zip: "00000" }],
    "95630",
    MAX,
  );
  assert.ok(area.ok);
  assert.deepEqual(area.all.map((d) => [d.location.slug, d.miles]), [
    ["sacramento", 20],
    ["fremont", 91],
  ]);
});
