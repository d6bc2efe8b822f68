import assert from "node:assert/strict";
import fc from "fast-check";
import {
  EARTH_RADIUS_MILES,
  haversineMiles,
  travelMiles,
  zipInfo,
} from "../../lib/geo/mod.ts";

Deno.test("zipInfo: Fremont 94539 and unknown inputs", () => {
  const z = zipInfo("94539");
  assert.ok(z);
  assert.equal(z.city, "Fremont");
  assert.equal(z.state, "CA");
  assert.ok(Math.abs(z.latitude - 37.5) < 0.2, String(z.latitude));
  assert.ok(Math.abs(z.longitude + 121.9) < 0.2, String(z.longitude));
  for (
    const bad of [
      "00000",
      "9453",
      "945390",
      "abcde",
      "",
      "K1A 0B1",
      "94539-1234",
    ]
  ) {
    assert.equal(zipInfo(bad), null, bad);
  }
});

Deno.test("travelMiles: same ZIP is 0; unknown ZIP names the bad one", () => {
  assert.deepEqual(travelMiles("94539", "94539"), { ok: true, miles: 0 });
  const r = travelMiles("94539", "00000");
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.code, "UNKNOWN_ZIP");
    assert.equal(r.zip, "00000");
  }
});

Deno.test("travelMiles: rounds the haversine distance of the centroids up", () => {
  for (const to of ["94102", "95014", "95814", "93401", "90012", "10001"]) {
    const a = zipInfo("94539")!;
    const b = zipInfo(to)!;
    const exact = haversineMiles(a, b);
    const r = travelMiles("94539", to);
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.miles, Math.ceil(exact));
      assert.ok(r.miles >= exact && r.miles - exact < 1);
    }
  }
  // Fremont → San Francisco is roughly 30 miles as the crow flies; Fremont → NYC ~2,550.
  const sf = travelMiles("94539", "94102");
  assert.ok(sf.ok && sf.miles > 20 && sf.miles < 40, JSON.stringify(sf));
  const ny = travelMiles("94539", "10001");
  assert.ok(ny.ok && ny.miles > 2450 && ny.miles < 2650, JSON.stringify(ny));
});

Deno.test("haversine: known distance, symmetry and bounds", () => {
  // One degree of latitude along a meridian = R·π/180 ≈ 69.09 miles.
  const oneDeg = haversineMiles({ latitude: 0, longitude: 0 }, {
    latitude: 1,
    longitude: 0,
  });
  assert.ok(Math.abs(oneDeg - EARTH_RADIUS_MILES * Math.PI / 180) < 1e-9);
  const point = fc.record({
    latitude: fc.double({ min: -90, max: 90, noNaN: true }),
    longitude: fc.double({ min: -180, max: 180, noNaN: true }),
  });
  fc.assert(fc.property(point, point, (a, b) => {
    const d = haversineMiles(a, b);
    assert.ok(d >= 0 && d <= Math.PI * EARTH_RADIUS_MILES + 1e-6);
    assert.ok(Math.abs(d - haversineMiles(b, a)) < 1e-6);
  }));
});
