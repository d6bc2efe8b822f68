/**
 * The real app on a real HTTP server (port 0) over a fresh seeded database,
 * with the embedded auth, dev mailbox and realtime mounted by
 * fresh.config.ts, plus a browser-like cookie jar and a sign-in helper that
 * follows the mailed magic link.
 *
 * @module
 */
import type { BrowserContext, Page } from "playwright-core";
import { type Db, privileged } from "../../lib/db/mod.ts";
import { LOCAL_SERVICE_ROLE_KEY } from "../../local/keys.ts";
import { startApp, type TestApp } from "../support/app.ts";
import {
  bookingPayload,
  FREMONT as FREMONT_ID,
  SACRAMENTO as SACRAMENTO_ID,
} from "../db/fixtures.ts";

/** Limits high enough that no staff test trips one by accident. */
const STAFF_RATE_LIMITS =
  "quote=600/60s,holds=600/60s,bookings=600/60s,contact=600/60s,login=600/60s,login_email=600/60s";

/**
 * Starts the app on a real HTTP server with the embedded auth stand-in (no
 * external SUPABASE_URL) and generous rate limits; `env` wins.
 */
export async function startStaffApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  return await startApp({
    serve: true,
    env: { SUPABASE_URL: null, RATE_LIMITS: STAFF_RATE_LIMITS, ...env },
  });
}

/** A browser-like cookie jar for one origin. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** The Cookie header to send. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Applies a response's Set-Cookie headers. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attrs.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** fetch with this jar's cookies, no redirect following; updates the jar. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header();
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.take(res);
    return res;
  }
}

/** The CSRF token of the first form on an HTML page. */
export function csrfFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error("no CSRF field on the page");
  return m[1];
}

/** Posts a form with the jar (the CSRF token included when given). */
export async function postForm(
  jar: CookieJar,
  url: string,
  fields: Record<string, string | string[]>,
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return await jar.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

/** One dev-mailbox entry (the fields the tests read). */
export interface Mail {
  to: string;
  subject: string;
  links: string[];
}

/** Mail for `to`, newest first, through GET /_dev/mailbox.json. */
export async function mailFor(app: TestApp, to: string): Promise<Mail[]> {
  const res = await fetch(
    `${app.url}/_dev/mailbox.json?to=${encodeURIComponent(to)}`,
  );
  return await res.json();
}

/** Submits the sign-in form as a fresh browser; returns the jar and the page. */
export async function requestLink(
  app: TestApp,
  email: string,
  jar = new CookieJar(),
): Promise<{ jar: CookieJar; res: Response; html: string }> {
  const form = await jar.fetch(`${app.url}/login`);
  const csrf = csrfFrom(await form.text());
  const res = await postForm(jar, `${app.url}/login`, {
    _csrf: csrf,
    email,
  });
  return { jar, res, html: await res.text() };
}

/**
 * Signs `email` in the way a person does: the form, the mailed link (GoTrue
 * redirects to /auth/callback?code=…), the callback's cookies. Returns the
 * jar holding the session.
 */
export async function signIn(app: TestApp, email: string): Promise<CookieJar> {
  const before = (await mailFor(app, email)).length;
  let { jar } = await requestLink(app, email);
  let mails = await mailFor(app, email);
  if (mails.length === before) {
    // The auth stand-in, like GoTrue, sends one mail per address per
    // `max_frequency` (supabase/config.toml: 1 s), and the sign-in page does
    // not say so. A link issued just before (an API token from
    // generate_link) closes that window: wait it out once, then ask again.
    await new Promise((r) => setTimeout(r, 1_100));
    ({ jar } = await requestLink(app, email));
    mails = await mailFor(app, email);
  }
  if (mails.length !== before + 1) throw new Error(`no new mail for ${email}`);
  const verify = await fetch(mails[0].links[0], { redirect: "manual" });
  await verify.body?.cancel();
  const callback = verify.headers.get("location");
  if (!callback?.startsWith(`${app.url}/auth/callback`)) {
    throw new Error(`unexpected redirect ${callback}`);
  }
  const res = await jar.fetch(callback);
  await res.body?.cancel();
  if (res.status !== 303 || res.headers.get("location") !== "/admin") {
    throw new Error(
      `callback answered ${res.status} ${res.headers.get("location")}`,
    );
  }
  return jar;
}

/** Creates a confirmed auth user who is not staff (service role). */
export async function createPlainUser(
  app: TestApp,
  email: string,
): Promise<string> {
  const res = await fetch(`${app.url}/auth/v1/admin/users`, {
    method: "POST",
    headers: {
      apikey: LOCAL_SERVICE_ROLE_KEY,
      authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ email, email_confirm: true }),
  });
  const body = await res.json();
  if (!res.ok) {
    throw new Error(`createUser ${res.status} ${JSON.stringify(body)}`);
  }
  return body.id;
}

/**
 * The earliest slot from two days ahead where Fremont has two free units,
 * Sacramento one, and none of `chefIds` is already booked (the seed holds
 * real-looking history and future bookings).
 */
export async function freeSlot(
  db: Db,
  chefIds: string[],
): Promise<{ date: string; slot: string }> {
  const [row] = await privileged(
    db,
    (tx) =>
      tx<{ date: string; slot: string }[]>`
      select d::date::text as date, s as slot
      from generate_series(current_date + 2, current_date + 60, interval '1 day') d,
        unnest(array['12:00', '15:00', '18:00', '21:00']) s
      where app.slot_capacity(${FREMONT_ID}, d::date, s)
          - app.slot_reserved(${FREMONT_ID}, d::date, s) >= 2
        and app.slot_capacity(${SACRAMENTO_ID}, d::date, s)
          - app.slot_reserved(${SACRAMENTO_ID}, d::date, s) >= 1
        and not exists (
          select 1 from public.bookings b
          where b.chef_id = any (${chefIds}::uuid[]) and b.event_date = d::date
            and b.slot_time = s and app.holds_chef(b.status))
      order by d, s
      limit 1`,
  );
  if (!row) throw new Error("no free slot in the next 60 days");
  return row;
}

/**
 * Inserts a booking through app.create_booking (privileged, as the booking
 * API does) and assigns `chefId`; returns its reference.
 */
export async function insertBooking(
  db: Db,
  opts: {
    date: string;
    slot: string;
    locationId: string;
    chefId?: string;
    city?: string;
  },
): Promise<string> {
  const { payload } = await bookingPayload(opts.date, opts.slot, {
    location_id: opts.locationId,
    city: opts.city ?? "Fremont",
  });
  return await privileged(db, async (tx) => {
    const [b] = await tx<{ id: string; reference: string }[]>`
      select id, reference from app.create_booking(${
      tx.json(payload as never)
    })`;
    if (opts.chefId) {
      await tx`update public.bookings set chef_id = ${opts.chefId} where id = ${b.id}`;
    }
    return b.reference;
  });
}

/**
 * Books the first slot with a free unit at `locationId` in the next 60 days
 * for `customer` through app.create_booking (as the booking API does);
 * `over` overrides payload fields (address, notes, …).
 */
export async function bookFor(
  db: Db,
  locationId: string,
  customer: { email: string; name: string; phone: string },
  over: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; customerId: string }> {
  return await privileged(db, async (tx) => {
    const [slot] = await tx<{ date: string; slot: string }[]>`
      select d::date::text as date, s as slot
      from generate_series(current_date + 2, current_date + 60, interval '1 day') d,
        unnest(array['12:00', '15:00', '18:00', '21:00']) s
      where app.slot_capacity(${locationId}, d::date, s)
          - app.slot_reserved(${locationId}, d::date, s) >= 1
      order by d, s limit 1`;
    if (!slot) throw new Error("no free slot in the next 60 days");
    const { payload } = await bookingPayload(slot.date, slot.slot, {
      location_id: locationId,
      customer,
      ...over,
    });
    const [b] = await tx<
      { id: string; reference: string; customer_id: string }[]
    >`select id, reference, customer_id from app.create_booking(${
      tx.json(payload as never)
    })`;
    return { id: b.id, reference: b.reference, customerId: b.customer_id };
  });
}

/**
 * Signs `email` in inside a real browser page the way a person does: the
 * sign-in form, then the magic link from the dev mailbox; resolves on /admin.
 */
export async function signInBrowser(
  page: Page,
  app: TestApp,
  email: string,
): Promise<void> {
  const before = (await mailFor(app, email)).length;
  await page.goto(`${app.url}/login`);
  await page.fill('input[name="email"]', email);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-login-state="sent"]');
  const mails = await mailFor(app, email);
  if (mails.length !== before + 1) throw new Error(`no new mail for ${email}`);
  await page.goto(mails[0].links[0]);
  await page.waitForSelector("[data-staff-role]");
}

/**
 * Signs `email` in over HTTP ({@link signIn}: the same form post and magic
 * link, without rendering them) and gives `context` the session cookies:
 * for tests about signed-in pages, not about signing in (that is
 * {@link signInBrowser}, which the staff flows use).
 */
export async function signInContext(
  context: BrowserContext,
  app: TestApp,
  email: string,
): Promise<void> {
  const jar = await signIn(app, email);
  await context.addCookies(
    [...jar.cookies].map(([name, value]) => ({ name, value, url: app.url })),
  );
}
