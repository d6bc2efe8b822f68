/**
 * SPEC §5 contracts of the customer booking API through the real app handler
 * against a real seeded database: shapes, status codes and error codes.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { hashManageToken } from "../../lib/bookings/mod.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";
import { bookingBody, postJson, quoteBody, writeCounts } from "./support.ts";

/**
 * The app's "now": 12:00 Los Angeles time on today's Los Angeles date (see
 * tests/support/clock.ts); every date below is computed from it in that zone.
 * tests/api/clock_instants_test.ts runs the date rules at other hours.
 */
const NOW = testInstant("12:00");
const daysFromNow = (days: number) => daysAfter(NOW, days);
const friday = nextWeekday(5, daysFromNow(21));
const saturday = nextWeekday(6, daysFromNow(21));
const sunday = nextWeekday(7, daysFromNow(21));

interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues: { path: string; message: string }[];
  };
}

async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<ErrorBody> {
  const body = await res.json() as ErrorBody;
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, "string");
  assert.ok(Array.isArray(body.error.issues));
  return body;
}

const paths = (b: ErrorBody) => b.error.issues.map((i) => i.path);

/** Each contract runs on its own app and freshly seeded database. */
function contract(name: string, fn: (app: TestApp) => Promise<void>): void {
  Deno.test({
    name: `API contracts (SPEC §5): ${name}`,
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

/** Uses up Friday 21:00 (capacity 3) with three holds; returns their ids. */
async function fillFriday2100(app: TestApp): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await app.fetch(
      "/api/holds",
      postJson({ date: friday, time: "21:00" }),
    );
    assert.equal(res.status, 201);
    ids.push((await res.json()).holdId);
  }
  return ids;
}

/** The booking the manage-link contracts act on: Saturday 18:00, Venmo. */
async function createBooking(
  app: TestApp,
): Promise<{ reference: string; token: string }> {
  const res = await app.fetch(
    "/api/bookings",
    postJson(
      bookingBody(saturday, "18:00", {
        notes: "Gate code 1234",
        paymentMethod: "venmo",
      }),
    ),
  );
  assert.equal(res.status, 201);
  const b = await res.json();
  const token = new URL(b.manageUrl).searchParams.get("token") ?? "";
  return { reference: b.reference, token };
}

/** A sample's value in Prometheus text (0 when absent). */
function metric(text: string, sample: string): number {
  for (const line of text.split("\n")) {
    if (line.startsWith(sample + " ")) return Number(line.slice(sample.length));
  }
  return 0;
}

contract("POST /api/quote prices on the server", async (app) => {
  const res = await app.fetch(
    "/api/quote",
    postJson(quoteBody({
      adults: 12,
      children: 2,
      under6: 1,
      proteins: { chicken: 14, lobster_tail: 14 },
      extraProteins: { filet_mignon: 2 },
      addons: { gyoza: 3 },
      zip: "94539",
      gratuityPercent: 20,
    })),
  );
  assert.equal(res.status, 200);
  const q = await res.json();
  assert.deepEqual(Object.keys(q).sort(), [
    "balanceDueCents",
    "currency",
    "depositCents",
    "foodSubtotalCents",
    "gratuityCents",
    "lines",
    "location",
    "locations",
    "minimumAdjustmentCents",
    "serviceable",
    "taxCents",
    "totalCents",
    "travelFeeCents",
    "travelMiles",
  ]);
  // 12·5500 + 2·3000 + 14·1500 + 2·(1000+500) + 3·1000
  assert.equal(q.foodSubtotalCents, 66000 + 6000 + 21000 + 3000 + 3000);
  assert.equal(q.minimumAdjustmentCents, 0);
  assert.equal(q.travelMiles, 0);
  assert.equal(q.taxCents, Math.round(99000 * 0.0825));
  assert.equal(q.gratuityCents, 19800);
  assert.equal(q.totalCents, 99000 + 8168 + 19800);
  assert.equal(q.depositCents, 10000);
  assert.equal(q.balanceDueCents, q.totalCents - 10000);
  assert.equal(q.currency, "usd");
  for (const l of q.lines) {
    assert.deepEqual(Object.keys(l).sort(), [
      "code",
      "label",
      "quantity",
      "totalCents",
      "unitCents",
    ]);
  }
});

contract(
  "quote: minimum adjustment, travel, out of area, client totals refused",
  async (app) => {
    const small = await (await app.fetch(
      "/api/quote",
      postJson(quoteBody({ adults: 2, proteins: { chicken: 4 } })),
    )).json();
    assert.equal(small.minimumAdjustmentCents, 55000 - 11000);
    const far = await (await app.fetch(
      "/api/quote",
      postJson(quoteBody({ zip: "10001" })),
    )).json();
    assert.equal(far.serviceable, false);
    assert.ok(far.travelMiles > 150);
    const sac = await (await app.fetch(
      "/api/quote?location=sacramento",
      postJson(quoteBody({ zip: "95814" })),
    ))
      .json();
    assert.equal(sac.travelMiles, 0);
    const e = await expectError(
      await app.fetch(
        "/api/quote",
        postJson(quoteBody({ totalCents: 1 })),
      ),
      422,
      "VALIDATION_FAILED",
    );
    assert.deepEqual(paths(e), ["totalCents"]);
  },
);

contract("quote: validation issues carry body paths", async (app) => {
  const e = await expectError(
    await app.fetch(
      "/api/quote",
      postJson(
        quoteBody({
          adults: "10",
          proteins: { chicken: 19 },
          addons: { caviar: 1 },
        }),
      ),
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.ok(paths(e).includes("adults"), JSON.stringify(e));
  const e2 = await expectError(
    await app.fetch(
      "/api/quote",
      postJson(
        quoteBody({ proteins: { chicken: 19 }, addons: { caviar: 1 } }),
      ),
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.ok(paths(e2).includes("proteins"), JSON.stringify(e2));
  assert.ok(paths(e2).includes("addons.caviar"), JSON.stringify(e2));
  const e3 = await expectError(
    await app.fetch("/api/quote", postJson(quoteBody({ zip: "00000" }))),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e3), ["zip"]);
});

contract(
  "malformed JSON 400, wrong media type 415, huge body 413, wrong method 405",
  async (app) => {
    await expectError(
      await app.fetch("/api/bookings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"a":',
      }),
      400,
      "MALFORMED_JSON",
    );
    await expectError(
      await app.fetch("/api/quote", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "{}",
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectError(
      await app.fetch(
        "/api/holds",
        postJson({ date: "x".repeat(100_000) }),
      ),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const r = await app.fetch("/api/quote");
    await r.body?.cancel();
    assert.equal(r.status, 405);
  },
);

contract("GET /api/availability", async (app) => {
  const from = daysFromNow(1);
  const to = daysFromNow(30);
  const res = await app.fetch(`/api/availability?from=${from}&to=${to}`);
  assert.equal(res.status, 200);
  const a = await res.json();
  assert.equal(a.timezone, "America/Los_Angeles");
  assert.equal(a.dates.length, 30);
  assert.equal(a.dates[0].date, from);
  for (const d of a.dates) {
    assert.deepEqual(d.slots.map((s: { time: string }) => s.time), [
      "12:00",
      "15:00",
      "18:00",
      "21:00",
    ]);
    for (const s of d.slots) {
      assert.deepEqual(Object.keys(s).sort(), [
        "available",
        "capacity",
        "reserved",
        "time",
      ]);
      assert.ok(
        s.available <= s.capacity - s.reserved || s.available === 0,
      );
    }
  }
  // Tomorrow is inside 48 h: listed with capacity, but not bookable.
  assert.ok(
    a.dates[0].slots.every((s: { available: number }) => s.available === 0),
  );
  assert.ok(
    a.dates[0].slots.some((s: { capacity: number }) => s.capacity > 0),
  );
  const fri = await (await app.fetch(
    `/api/availability?from=${friday}&to=${friday}`,
  )).json();
  assert.deepEqual(fri.dates[0].slots[2], {
    time: "18:00",
    capacity: 3,
    reserved: 0,
    available: 3,
  });
  const sac = await (await app.fetch(
    `/api/availability?from=${friday}&to=${friday}&location=sacramento`,
  ))
    .json();
  assert.equal(sac.dates[0].slots[0].capacity, 2);
});

contract("availability: range and location errors", async (app) => {
  let e = await expectError(
    await app.fetch(
      `/api/availability?from=${daysFromNow(3)}&to=${daysFromNow(3 + 62)}`,
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["to"]);
  e = await expectError(
    await app.fetch(
      `/api/availability?from=${daysFromNow(5)}&to=${daysFromNow(3)}`,
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["to"]);
  e = await expectError(
    await app.fetch(`/api/availability?from=2027-02-30&to=2027-03-01`),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["from"]);
  e = await expectError(
    await app.fetch(
      `/api/availability?from=${friday}&to=${friday}&location=atlantis`,
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["location"]);
  e = await expectError(
    await app.fetch(`/api/availability?from=${friday}&to=${friday}&x=1`),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["x"]);
});

contract(
  "POST /api/holds: 201, then SLOT_FULL when the slot is used up",
  async (app) => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.fetch(
        "/api/holds",
        postJson({ date: friday, time: "21:00" }),
      );
      assert.equal(res.status, 201);
      const h = await res.json();
      assert.deepEqual(Object.keys(h).sort(), ["expiresAt", "holdId"]);
      // expires_at is stamped by the database's now() (real time), not
      // by the app's clock, so it is compared with the real clock.
      const mins = (Date.parse(h.expiresAt) - Date.now()) / 60_000;
      assert.ok(mins > 14 && mins <= 15, String(mins));
      ids.push(h.holdId);
    }
    const before = await writeCounts(app.db);
    await expectError(
      await app.fetch(
        "/api/holds",
        postJson({ date: friday, time: "21:00" }),
      ),
      409,
      "SLOT_FULL",
    );
    assert.deepEqual(await writeCounts(app.db), before);
    // A booking at the held-up slot without a hold is refused too.
    await expectError(
      await app.fetch(
        "/api/bookings",
        postJson(bookingBody(friday, "21:00")),
      ),
      409,
      "SLOT_FULL",
    );
    assert.deepEqual(await writeCounts(app.db), before);
    // With one of the holds it converts the hold's unit.
    const res = await app.fetch(
      "/api/bookings",
      postJson(bookingBody(friday, "21:00", { holdId: ids[0] })),
    );
    assert.equal(res.status, 201);
    await res.body?.cancel();
    const [h] = await app.db
      .sql`select converted_booking_id from public.holds where id = ${ids[0]}`;
    assert.ok(h.converted_booking_id);
    const a = await (await app.fetch(
      `/api/availability?from=${friday}&to=${friday}`,
    )).json();
    assert.deepEqual(a.dates[0].slots[3], {
      time: "21:00",
      capacity: 3,
      reserved: 3,
      available: 0,
    });
  },
);

contract("holds: window and validation", async (app) => {
  await expectError(
    await app.fetch(
      "/api/holds",
      postJson({ date: daysFromNow(1), time: "18:00" }),
    ),
    422,
    "OUTSIDE_BOOKING_WINDOW",
  );
  const e = await expectError(
    await app.fetch(
      "/api/holds",
      postJson({ date: friday, time: "19:00" }),
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e), ["time"]);
});

contract(
  "POST /api/bookings: 201 with manage link, quote, deposit due, payment",
  async (app) => {
    const before = await writeCounts(app.db);
    const res = await app.fetch(
      "/api/bookings",
      postJson(
        bookingBody(saturday, "18:00", {
          notes: "Gate code 1234",
          paymentMethod: "venmo",
        }),
      ),
    );
    assert.equal(res.status, 201);
    const b = await res.json();
    assert.deepEqual(Object.keys(b).sort(), [
      "depositDueAt",
      "id",
      "location",
      "manageUrl",
      "payment",
      "quote",
      "reference",
      "status",
    ]);
    assert.equal(b.status, "pending_deposit");
    assert.match(b.reference, /^MH-[0-9A-Z]{6}$/);
    const url = new URL(b.manageUrl);
    assert.equal(url.origin, "https://myhibachi.test");
    assert.equal(url.pathname, `/manage/${b.reference}`);
    const token = url.searchParams.get("token") ?? "";
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(b.quote.totalCents, 59538);
    // The deposit is due 24 h after the app's clock.
    const dueIn = Date.parse(b.depositDueAt) - NOW.getTime();
    assert.ok(dueIn > 23.9 * 3_600_000 && dueIn <= 24 * 3_600_000);
    assert.deepEqual(b.payment, {
      method: "venmo",
      handle: "@MyHibachi",
      amountCents: 10000,
      memo: b.reference,
      instructions:
        `Send exactly $100.00 with Venmo to @MyHibachi and write ${b.reference} in the memo.`,
    });
    const [row] = await app.db.sql`
      select status, manage_token_hash, total_cents, deposit_cents, event_date, slot_time, state, notes
      from public.bookings where id = ${b.id}`;
    assert.equal(row.manage_token_hash, await hashManageToken(token));
    assert.equal(row.status, "pending_deposit");
    assert.equal(row.total_cents, 59538);
    assert.equal(row.event_date, saturday);
    assert.equal(row.notes, "Gate code 1234");
    const after = await writeCounts(app.db);
    assert.equal(after.bookings, before.bookings + 1);
    assert.equal(after.booking_events, before.booking_events + 1);
    assert.equal(after.audit_log, before.audit_log + 1);
    const [audit] = await app.db.sql`
      select actor, action, details from public.audit_log where entity_id = ${b.id}`;
    assert.equal(audit.action, "booking.created");
    assert.equal(audit.details.reference, b.reference);
  },
);

contract("bookings: card payment says a link follows", async (app) => {
  const b = await (await app.fetch(
    "/api/bookings",
    postJson(bookingBody(saturday, "12:00", { paymentMethod: "card" })),
  ))
    .json();
  assert.equal(b.payment.method, "card");
  assert.equal(b.payment.status, "pending");
  assert.equal(b.payment.amountCents, 10000);
});

contract("bookings: 422 codes write nothing", async (app) => {
  const before = await writeCounts(app.db);
  await expectError(
    await app.fetch(
      "/api/bookings",
      postJson(bookingBody(saturday, "15:00", {
        zip: "10001",
        address: {
          line1: "1 Broadway",
          city: "New York",
          state: "NY",
          zip: "10001",
        },
      })),
    ),
    422,
    "OUT_OF_SERVICE_AREA",
  );
  await expectError(
    await app.fetch(
      "/api/bookings",
      postJson(bookingBody(daysFromNow(1), "18:00")),
    ),
    422,
    "OUTSIDE_BOOKING_WINDOW",
  );
  await expectError(
    await app.fetch(
      "/api/bookings",
      postJson(bookingBody(daysFromNow(400), "18:00")),
    ),
    422,
    "OUTSIDE_BOOKING_WINDOW",
  );
  const e = await expectError(
    await app.fetch(
      "/api/bookings",
      postJson(bookingBody(saturday, "15:00", {
        customer: { name: "", email: "nope", phone: "x" },
        paymentMethod: "bitcoin",
        totalCents: 5,
      })),
    ),
    422,
    "VALIDATION_FAILED",
  );
  for (
    const p of [
      "customer.name",
      "customer.email",
      "customer.phone",
      "paymentMethod",
      "totalCents",
    ]
  ) {
    assert.ok(
      paths(e).includes(p),
      `${p} in ${JSON.stringify(paths(e))}`,
    );
  }
  const e2 = await expectError(
    await app.fetch(
      "/api/bookings",
      postJson(bookingBody(saturday, "15:00", {
        address: {
          line1: "1 Main St",
          city: "Fremont",
          state: "CA",
          zip: "94536",
        },
      })),
    ),
    422,
    "VALIDATION_FAILED",
  );
  assert.deepEqual(paths(e2), ["address.zip"]);
  assert.deepEqual(await writeCounts(app.db), before);
});

contract(
  "GET /api/bookings/{reference}?token=: view, and one 404 for wrong token or reference",
  async (app) => {
    const { reference, token } = await createBooking(app);
    const res = await app.fetch(
      `/api/bookings/${reference}?token=${token}`,
    );
    assert.equal(res.status, 200);
    const v = await res.json();
    assert.equal(v.reference, reference);
    assert.equal(v.status, "pending_deposit");
    assert.equal(v.date, saturday);
    assert.equal(v.time, "18:00");
    assert.equal(v.customer.email, "pat@example.com");
    assert.equal(v.payment.memo, reference);
    assert.equal(v.totalCents, 59538);
    assert.equal(v.paidCents, 0);
    assert.equal("manage_token_hash" in v, false);
    assert.equal(
      JSON.stringify(v).includes(await hashManageToken(token)),
      false,
    );
    assert.deepEqual(v.history.map((h: { type: string }) => h.type), [
      "created",
    ]);
    assert.equal(v.policy.cancellationRefundsDeposit, true);
    assert.equal(v.policy.rescheduleFeeCents, 0);
    // Lower-case reference works too.
    const lower = await app.fetch(
      `/api/bookings/${reference.toLowerCase()}?token=${token}`,
    );
    assert.equal(lower.status, 200);
    await lower.body?.cancel();

    const wrong = await expectError(
      await app.fetch(
        `/api/bookings/${reference}?token=${token.slice(1)}A`,
      ),
      404,
      "NOT_FOUND",
    );
    const unknown = await expectError(
      await app.fetch(`/api/bookings/MH-ZZZZZZ?token=${token}`),
      404,
      "NOT_FOUND",
    );
    assert.deepEqual(wrong, unknown);
    assert.deepEqual(
      await expectError(
        await app.fetch(`/api/bookings/${reference}`),
        404,
        "NOT_FOUND",
      ),
      unknown,
    );
  },
);

contract(
  "reschedule: first is free, the next one costs the fee; SLOT_FULL at a full slot",
  async (app) => {
    const { reference, token } = await createBooking(app);
    await fillFriday2100(app);
    const other = sunday;
    let res = await app.fetch(
      `/api/bookings/${reference}/reschedule`,
      postJson({ token, date: other, time: "12:00" }),
    );
    assert.equal(res.status, 200);
    let v = await res.json();
    assert.equal(v.date, other);
    assert.equal(v.totalCents, 59538);
    assert.equal(v.rescheduleCount, 1);
    res = await app.fetch(
      `/api/bookings/${reference}/reschedule`,
      postJson({ token, date: other, time: "15:00" }),
    );
    v = await res.json();
    assert.equal(res.status, 200);
    assert.equal(v.totalCents, 59538 + 10000);
    // Friday 21:00 is full (3 holds/bookings).
    await expectError(
      await app.fetch(
        `/api/bookings/${reference}/reschedule`,
        postJson({ token, date: friday, time: "21:00" }),
      ),
      409,
      "SLOT_FULL",
    );
    await expectError(
      await app.fetch(
        `/api/bookings/${reference}/reschedule`,
        postJson({ token: "x".repeat(43), date: other, time: "18:00" }),
      ),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await app.fetch(
        `/api/bookings/${reference}/reschedule`,
        postJson({ token, date: daysFromNow(1), time: "18:00" }),
      ),
      422,
      "OUTSIDE_BOOKING_WINDOW",
    );
  },
);

contract(
  "cancel: request, then a second request conflicts",
  async (app) => {
    const { reference, token } = await createBooking(app);
    let res = await app.fetch(
      `/api/bookings/${reference}/cancel`,
      postJson({ token, reason: "Plans changed" }),
    );
    assert.equal(res.status, 200);
    const v = await res.json();
    assert.equal(v.status, "cancellation_requested");
    assert.equal(v.history.at(-1).type, "status_changed");
    res = await app.fetch(
      `/api/bookings/${reference}/cancel`,
      postJson({ token }),
    );
    await expectError(res, 409, "CONFLICT");
  },
);

contract("readyz and metrics", async (app) => {
  const r = await app.fetch("/readyz");
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), {
    status: "ok",
    database: app.db.kind,
  });
  // The counters live in the process (every app of this file adds to
  // them), so this contract counts what its own requests added.
  const scrape = async () => {
    const m = await app.fetch("/metrics");
    assert.equal(m.status, 200);
    assert.match(
      m.headers.get("content-type") ?? "",
      /^text\/plain; version=0\.0\.4/,
    );
    return await m.text();
  };
  const holds409 =
    'http_requests_total{method="POST",route="/api/holds",status="409"}';
  const venmo = 'bookings_created_total{payment_method="venmo"}';
  const before = await scrape();
  await fillFriday2100(app);
  const full = await app.fetch(
    "/api/holds",
    postJson({ date: friday, time: "21:00" }),
  );
  assert.equal(full.status, 409);
  await full.body?.cancel();
  await createBooking(app);
  const avail = await app.fetch(
    `/api/availability?from=${friday}&to=${friday}`,
  );
  await avail.body?.cancel();
  const text = await scrape();
  assert.match(
    text,
    /http_requests_total\{method="POST",route="\/api\/bookings",status="201"\} \d+/,
  );
  assert.equal(metric(text, holds409) - metric(before, holds409), 1);
  assert.match(
    text,
    /http_request_duration_seconds_bucket\{method="GET",route="\/api\/availability",status="200",le="\+Inf"\} \d+/,
  );
  assert.equal(metric(text, venmo) - metric(before, venmo), 1);
  assert.equal(
    metric(text, "holds_created_total") -
      metric(before, "holds_created_total"),
    3,
  );
});
