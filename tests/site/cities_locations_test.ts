/**
 * lib/site/cities.ts keeps static copies of the base locations (ZIP, name)
 * for the service-area pages; they must match the seeded `locations` rows.
 */
import assert from "node:assert/strict";
import {
  CITIES,
  LOCATION_NAMES,
  LOCATION_ZIPS,
} from "../../lib/site/cities.ts";
import { freshTestDb } from "../support/test_db.ts";

Deno.test("LOCATION_ZIPS and LOCATION_NAMES match the seeded locations", async () => {
  const t = await freshTestDb({ seed: true });
  try {
    const rows = await t.db.sql<{ slug: string; name: string; zip: string }[]>`
      select slug, name, zip from public.locations where active order by slug`;
    assert.deepEqual(
      Object.fromEntries(rows.map((r) => [r.slug, r.zip])),
      LOCATION_ZIPS,
    );
    assert.deepEqual(
      Object.fromEntries(rows.map((r) => [r.slug, r.name])),
      LOCATION_NAMES,
    );
    for (const r of rows) {
      assert.ok(
        CITIES.some((c) => c.locationSlug === r.slug),
        `no city page is served from ${r.slug}`,
      );
    }
  } finally {
    await t.dispose();
  }
});
