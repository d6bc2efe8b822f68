/**
 * Staff sign-in and the /admin area over real HTTP: the real app, the
 * embedded auth stand-in and dev mailbox, a fresh seeded database.
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import { privileged } from "../../lib/db/mod.ts";
import { CHEFS, FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import {
  CookieJar,
  createPlainUser,
  csrfFrom,
  freeSlot,
  insertBooking,
  mailFor,
  postForm,
  requestLink,
  signIn,
  startStaffApp,
} from "./support.ts";

/** The page with per-request values (CSRF token, script nonce ids) blanked. */
function normalized(html: string): string {
  return html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
}

function bookingsOn(html: string): string[] {
  return [...html.matchAll(/data-booking="([^"]+)"/g)].map((m) => m[1]).sort();
}

/** The KPI figures of a dashboard page, as numbers (dollars or counts). */
function kpis(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-kpi="([^"]+)">([^<]*)</g)) {
    out[m[1]] = Number(m[2].replace(/[$,]/g, ""));
  }
  return out;
}

async function locationsOf(app: TestApp, refs: string[]): Promise<string[]> {
  const rows = await app.db.sql<{ location_id: string }[]>`
    select location_id::text from public.bookings where reference = any (${refs})`;
  assert.equal(rows.length, refs.length);
  return rows.map((r) => r.location_id);
}

async function chefsOf(
  app: TestApp,
  refs: string[],
): Promise<(string | null)[]> {
  const rows = await app.db.sql<{ chef_id: string | null }[]>`
    select chef_id::text from public.bookings where reference = any (${refs})`;
  assert.equal(rows.length, refs.length);
  return rows.map((r) => r.chef_id);
}

/** Three bookings in one free slot: chef1's, chef2's (Fremont), chef5's (Sacramento). */
async function seedBookings(app: TestApp) {
  const { date, slot } = await freeSlot(app.db, [
    CHEFS.chef1,
    CHEFS.chef2,
    CHEFS.chef5,
  ]);
  const own = await insertBooking(app.db, {
    date,
    slot,
    locationId: FREMONT,
    chefId: CHEFS.chef1,
  });
  const otherChef = await insertBooking(app.db, {
    date,
    slot,
    locationId: FREMONT,
    chefId: CHEFS.chef2,
  });
  const sacramento = await insertBooking(app.db, {
    date,
    slot,
    locationId: SACRAMENTO,
    chefId: CHEFS.chef5,
    city: "Sacramento",
  });
  return { own, otherChef, sacramento };
}

/** The KPI figures of /admin as seen by `jar`. */
async function kpisOf(
  jar: CookieJar,
  app: TestApp,
): Promise<Record<string, number>> {
  const res = await jar.fetch(`${app.url}/admin`);
  assert.equal(res.status, 200);
  return kpis(await res.text());
}

/**
 * One staff-auth behaviour on its own app, auth stand-in, mailbox and freshly
 * seeded database, so tests run alone (--filter) and in any order.
 */
function staffTest(name: string, fn: (app: TestApp) => Promise<void>): void {
  Deno.test({
    name: `staff auth: ${name}`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const app = await startStaffApp();
      try {
        await fn(app);
      } finally {
        await app.dispose();
      }
    },
  });
}

staffTest(
  "the sign-in form answers staff and strangers alike",
  async (app) => {
    const staff = await requestLink(app, "manager@myhibachi.example");
    const stranger = await requestLink(app, "nobody@example.com");
    assert.equal(staff.res.status, 200);
    assert.equal(stranger.res.status, 200);
    assert.equal(normalized(staff.html), normalized(stranger.html));
    assert.match(staff.html, /data-login-state="sent"/);
    assert.equal(
      (await mailFor(app, "manager@myhibachi.example")).length,
      1,
    );
    assert.equal((await mailFor(app, "nobody@example.com")).length, 0);
    const users = await app.db.sql`
    select 1 from auth.users where email = 'nobody@example.com'`;
    assert.equal(users.length, 0, "strangers are not created as users");
  },
);

staffTest(
  "the sign-in form refuses a POST without its CSRF token",
  async (app) => {
    const jar = new CookieJar();
    await (await jar.fetch(`${app.url}/login`)).body?.cancel();
    const res = await postForm(jar, `${app.url}/login`, {
      email: "admin@myhibachi.example",
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
  },
);

staffTest("without a session /admin redirects to /login", async (app) => {
  const res = await fetch(`${app.url}/admin`, { redirect: "manual" });
  await res.body?.cancel();
  assert.equal(res.status, 303);
  assert.match(res.headers.get("location")!, /^\/login/);
});

staffTest("a forged session cookie is not trusted", async (app) => {
  const forged = btoa(JSON.stringify({
    access_token: "x.y.z",
    refresh_token: "nope",
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    expires_in: 3600,
    token_type: "bearer",
    user: { id: "20000000-0000-4000-8000-000000000001" },
  })).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const res = await fetch(`${app.url}/admin`, {
    redirect: "manual",
    headers: { cookie: `sb-127-auth-token=base64-${forged}` },
  });
  await res.body?.cancel();
  assert.equal(res.status, 303);
});

staffTest(
  "magic link → callback → cookie session → /admin 200",
  async (app) => {
    const { own, otherChef, sacramento } = await seedBookings(app);
    const admin = await signIn(app, "admin@myhibachi.example");
    assert.ok(
      admin.cookies.get("sb-127-auth-token")?.startsWith("base64-"),
    );
    assert.ok(!admin.cookies.has("sb-127-auth-token-code-verifier"));
    const res = await admin.fetch(`${app.url}/admin`);
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(html, /data-staff-role="admin"/);
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    const listed = bookingsOn(html);
    for (const ref of [own, otherChef, sacramento]) {
      assert.ok(listed.includes(ref), `admin sees ${ref}`);
    }
    assert.deepEqual(
      new Set(await locationsOf(app, listed)),
      new Set([FREMONT, SACRAMENTO]),
    );
    const adminKpis = kpis(html);
    assert.ok(adminKpis["bookings-this-week"] >= 3);
    assert.match(html, /frsh-admin_livedashboard_default/, "live feed island");
    assert.ok(
      !html.includes("service_role"),
      "no service key on the page",
    );
  },
);

staffTest("a used magic link does not sign in again", async (app) => {
  await signIn(app, "admin@myhibachi.example");
  const [mail] = await mailFor(app, "admin@myhibachi.example");
  const verify = await fetch(mail.links[0], { redirect: "manual" });
  await verify.body?.cancel();
  const location = verify.headers.get("location") ?? "";
  assert.equal(
    new URL(location).searchParams.get("code"),
    null,
    location,
  );
  assert.equal(
    new URL(location).searchParams.get("error_code"),
    "otp_expired",
  );
});

staffTest("a chef sees only their own events", async (app) => {
  const { own, otherChef, sacramento } = await seedBookings(app);
  const chef = await signIn(app, "chef1@myhibachi.example");
  const res = await chef.fetch(`${app.url}/admin`);
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /data-staff-role="chef"/);
  const listed = bookingsOn(html);
  assert.ok(listed.includes(own));
  assert.ok(!listed.includes(otherChef) && !listed.includes(sacramento));
  assert.deepEqual(
    new Set(await chefsOf(app, listed)),
    new Set([CHEFS.chef1]),
  );
  // No money figures for chefs: the ledger is not theirs to read.
  assert.match(html, /data-kpi="bookings-this-week"/);
  assert.doesNotMatch(html, /data-kpi="revenue-booked-this-week"/);
  assert.doesNotMatch(html, /data-kpi="deposits-due"/);
  const staffPage = await chef.fetch(`${app.url}/admin/staff`);
  await staffPage.body?.cancel();
  assert.equal(staffPage.status, 403);
});

staffTest("a manager sees only Fremont", async (app) => {
  const { own, otherChef, sacramento } = await seedBookings(app);
  const adminKpis = await kpisOf(
    await signIn(app, "admin@myhibachi.example"),
    app,
  );
  const manager = await signIn(app, "manager@myhibachi.example");
  const res = await manager.fetch(`${app.url}/admin`);
  const html = await res.text();
  assert.equal(res.status, 200);
  const listed = bookingsOn(html);
  assert.ok(listed.includes(own) && listed.includes(otherChef));
  assert.ok(!listed.includes(sacramento));
  assert.deepEqual(
    new Set(await locationsOf(app, listed)),
    new Set([FREMONT]),
  );
  const mine = kpis(html);
  assert.ok(mine["bookings-this-week"] >= 2);
  assert.ok(mine["bookings-this-week"] < adminKpis["bookings-this-week"]);
  assert.ok(
    mine["deposits-due"] < adminKpis["deposits-due"],
  );
});

staffTest("a signed-in user who is not staff gets 403", async (app) => {
  await createPlainUser(app, "customer@example.com");
  const jar = await signIn(app, "customer@example.com");
  // /admin/bookings checks staff in its own transaction (ADR 0052): the
  // same 403 page, with or without a valid query.
  for (const path of ["/admin", "/admin/bookings", "/admin/bookings?limit=0"]) {
    const res = await jar.fetch(`${app.url}${path}`);
    const html = await res.text();
    assert.equal(res.status, 403, path);
    assert.match(html, /No staff access/);
    assert.match(html, /customer@example\.com/);
    assert.doesNotMatch(html, /data-booking=/);
  }
});

staffTest(
  "state-changing admin forms need the CSRF token",
  async (app) => {
    const admin = await signIn(app, "admin@myhibachi.example");
    const fields = {
      email: "csrf@example.com",
      fullName: "Csrf Test",
      role: "chef",
    };
    const missing = await postForm(
      admin,
      `${app.url}/admin/staff`,
      fields,
    );
    await missing.body?.cancel();
    assert.equal(missing.status, 403);
    const wrong = await postForm(admin, `${app.url}/admin/staff`, {
      ...fields,
      _csrf: "A".repeat(43),
    });
    await wrong.body?.cancel();
    assert.equal(wrong.status, 403);
    const page = await admin.fetch(`${app.url}/admin/staff`);
    const csrf = csrfFrom(await page.text());
    const crossSite = await admin.fetch(`${app.url}/admin/staff`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: new URLSearchParams({ ...fields, _csrf: csrf }),
    });
    await crossSite.body?.cancel();
    assert.equal(crossSite.status, 403);
    const logout = await postForm(admin, `${app.url}/logout`, {});
    await logout.body?.cancel();
    assert.equal(logout.status, 403);
    const rows = await app.db.sql`
    select 1 from public.staff where email = 'csrf@example.com'`;
    assert.equal(rows.length, 0);
  },
);

staffTest("a manager cannot invite staff", async (app) => {
  const manager = await signIn(app, "manager@myhibachi.example");
  const page = await manager.fetch(`${app.url}/admin/staff`);
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.ok(!html.includes("Invite a team member"), "no invite form");
  const res = await postForm(manager, `${app.url}/admin/staff`, {
    _csrf: csrfFrom(html),
    email: "sneaky@example.com",
    fullName: "Sneaky",
    role: "admin",
  });
  await res.body?.cancel();
  assert.equal(res.status, 403);
  assert.equal((await mailFor(app, "sneaky@example.com")).length, 0);
  const rows = await app.db.sql`
    select 1 from public.staff where email = 'sneaky@example.com'`;
  assert.equal(rows.length, 0);
});

staffTest(
  "an admin invites a chef: auth user, staff row, locations, audit, mail",
  async (app) => {
    const admin = await signIn(app, "admin@myhibachi.example");
    const page = await admin.fetch(`${app.url}/admin/staff`);
    const html = await page.text();
    assert.match(html, /Invite a team member/);
    const res = await postForm(admin, `${app.url}/admin/staff`, {
      _csrf: csrfFrom(html),
      email: "New.Chef@Example.com",
      fullName: "New Chef",
      role: "chef",
      locationIds: [FREMONT],
    });
    const body = await res.text();
    assert.equal(res.status, 201);
    assert.match(body, /Invitation sent to new\.chef@example\.com/);
    assert.match(body, /data-staff-email="new\.chef@example\.com"/);
    const [row] = await privileged(
      app.db,
      (tx) =>
        tx<{ user_id: string; role: string; locations: string[] }[]>`
      select s.user_id, s.role,
        array(select location_id::text from public.staff_locations l
              where l.user_id = s.user_id) as locations
      from public.staff s where s.email = 'new.chef@example.com'`,
    );
    assert.equal(row.role, "chef");
    assert.deepEqual(row.locations, [FREMONT]);
    const [audit] = await privileged(
      app.db,
      (tx) =>
        tx<{ actor_id: string; action: string; entity_id: string }[]>`
      select actor_id, action, entity_id from public.audit_log
      where action = 'staff.invited'`,
    );
    assert.equal(audit.actor_id, "20000000-0000-4000-8000-000000000001");
    assert.equal(audit.entity_id, row.user_id);
    const [mail] = await mailFor(app, "new.chef@example.com");
    assert.match(mail.links[0], /type=invite/);
    // Inviting the same address again is refused, not duplicated.
    const again = await postForm(admin, `${app.url}/admin/staff`, {
      _csrf: csrfFrom(body),
      email: "new.chef@example.com",
      fullName: "New Chef",
      role: "chef",
    });
    await again.body?.cancel();
    assert.equal(again.status, 409);
    // The invitee can now sign in and reach the dashboard.
    const invitee = await signIn(app, "new.chef@example.com");
    const dash = await invitee.fetch(`${app.url}/admin`);
    await dash.body?.cancel();
    assert.equal(dash.status, 200);
  },
);

staffTest("sign-out clears the session", async (app) => {
  const admin = await signIn(app, "admin@myhibachi.example");
  const page = await admin.fetch(`${app.url}/admin`);
  const csrf = csrfFrom(await page.text());
  const res = await postForm(admin, `${app.url}/logout`, { _csrf: csrf });
  await res.body?.cancel();
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/login");
  assert.ok(!admin.cookies.has("sb-127-auth-token"));
  const after = await admin.fetch(`${app.url}/admin`);
  await after.body?.cancel();
  assert.equal(after.status, 303);
});
