/**
 * Customer reviews on real PostgreSQL over real HTTP (issue 11 item 7, ADR
 * 0035): completing a booking queues one review-request mail whose link
 * works once; the form validates with field paths; managers approve or hide
 * (audited, NOTIFY regenerates the pages); /reviews and its JSON-LD show
 * approved reviews only, and the production profile never shows demo ones.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { drainOutbox } from "../../lib/notifications/outbox.ts";
import { buildApp, type TestApp } from "../support/app.ts";
import { FREMONT } from "../db/fixtures.ts";
import { jsonLdBlocks } from "../site/app_handler.ts";
import { accessToken, staffApi } from "../staff/api_support.ts";
import {
  freeSlot,
  insertBooking,
  mailFor,
  startStaffApp,
} from "../staff/support.ts";

const PROD_ENV = {
  APP_ENV: "production",
  PUBLIC_URL: "https://myhibachi.example",
  SMTP_URL: "smtp://127.0.0.1:9",
  SUPABASE_JWT_SECRET: "a-production-secret-that-is-long-enough-0123456789",
  SUPABASE_ANON_KEY: null,
  SUPABASE_SERVICE_ROLE_KEY: null,
};

/** Completes a new Fremont booking; returns its reference and customer e-mail. */
async function completedBooking(
  app: TestApp,
  email: string,
): Promise<string> {
  const { date, slot } = await freeSlot(app.db, []);
  const reference = await insertBooking(app.db, {
    date,
    slot,
    locationId: FREMONT,
  });
  await privileged(app.db, async (tx) => {
    await tx`update public.customers c set email = ${email}, name = 'Robin Quinn'
      from public.bookings b where b.reference = ${reference} and c.id = b.customer_id`;
    await tx`update public.bookings set status = 'confirmed' where reference = ${reference}`;
    await tx`update public.bookings set status = 'completed' where reference = ${reference}`;
  });
  return reference;
}

/**
 * Sends what the outbox holds through the app's mailer (the dev mailbox),
 * on a clock a year ahead: the review request waits for the day after the
 * event (a `freeSlot` date, weeks ahead at most).
 */
async function deliver(app: TestApp): Promise<void> {
  const later = Date.now() + 365 * 86_400_000;
  await drainOutbox(app.db, {
    mailer: app.parts.mailer,
    baseUrl: app.parts.publicUrl,
    now: () => new Date(later),
  });
}

async function reviewLink(app: TestApp, email: string): Promise<URL> {
  const mails = (await mailFor(app, email)).filter((m) =>
    m.subject.startsWith("How was your hibachi party?")
  );
  assert.equal(mails.length, 1, "one review request");
  const link = mails[0].links.find((l) => l.includes("/reviews/new?token="));
  assert.ok(link, "the mail carries the review link");
  return new URL(link);
}

function postReview(app: TestApp, fields: Record<string, string>) {
  return fetch(`${app.url}/reviews/new`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

function businessOf(html: string): Record<string, unknown> {
  const b = jsonLdBlocks(html).find((x) => x["@type"] === "FoodEstablishment");
  assert.ok(b, "the page has the business JSON-LD");
  return b;
}

Deno.test({
  name:
    "reviews: one single-use link per completed booking, moderation, public page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const email = "robin.quinn@example.com";
      const reference = await completedBooking(app, email);

      await t.step("completion queues exactly one review request", async () => {
        await privileged(app.db, async (tx) => {
          // Completed is final; a repeated update or another edit of the
          // completed booking queues nothing more.
          await tx`update public.bookings set status = 'completed' where reference = ${reference}`;
          await tx`update public.bookings set notes = 'thanks' where reference = ${reference}`;
        });
        const rows = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.notifications n
          join public.bookings b on b.id = n.booking_id
          where b.reference = ${reference} and n.kind = 'review_request'`;
        assert.equal(rows[0].n, 1);
        await deliver(app);
        await deliver(app);
        const link = await reviewLink(app, email);
        const token = link.searchParams.get("token")!;
        const [stored] = await app.db.sql<
          { token_hash: string; payload: Record<string, unknown> }[]
        >`
          select i.token_hash, n.payload from public.review_invitations i
          join public.bookings b on b.id = i.booking_id
          join public.notifications n on n.booking_id = b.id and n.kind = 'review_request'
          where b.reference = ${reference}`;
        assert.notEqual(stored.token_hash, token, "only the hash is stored");
        assert.equal(
          stored.payload.review_path,
          undefined,
          "dropped once sent",
        );
      });

      const link = await reviewLink(app, email);
      const token = link.searchParams.get("token")!;

      await t.step(
        "the form: 4xx with field paths, nothing written",
        async () => {
          const page = await fetch(`${app.url}${link.pathname}${link.search}`);
          assert.equal(page.status, 200);
          const html = await page.text();
          assert.match(html, /data-review-form/);
          assert.match(html, /value="Robin Q\."/, "suggested display name");
          const bad = await postReview(app, {
            token,
            rating: "9",
            body: "meh",
            displayName: "",
          });
          assert.equal(bad.status, 422);
          const badHtml = await bad.text();
          for (const path of ["rating", "body", "displayName"]) {
            assert.match(badHtml, new RegExp(`data-error-for="${path}"`));
          }
          const unknown = await postReview(app, {
            token: "A".repeat(43),
            rating: "5",
            body: "Lovely evening with great food.",
            displayName: "Robin Q.",
          });
          assert.equal(unknown.status, 404);
          await unknown.body?.cancel();
          const [n] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.reviews where not is_demo`;
          assert.equal(n.n, 0);
        },
      );

      await t.step("the link works once; a second use says so", async () => {
        const fields = {
          token,
          rating: "4",
          body: "Chef Kenji was wonderful and the fried rice was perfect.",
          displayName: "Robin Q.",
        };
        const ok = await postReview(app, fields);
        assert.equal(ok.status, 303);
        assert.equal(ok.headers.get("location"), "/reviews/new?done=1");
        const again = await postReview(app, { ...fields, rating: "1" });
        assert.equal(again.status, 409);
        assert.match(await again.text(), /already used/);
        const reopen = await fetch(`${app.url}${link.pathname}${link.search}`);
        assert.equal(reopen.status, 409);
        await reopen.body?.cancel();
        const rows = await app.db.sql<{ rating: number; status: string }[]>`
          select rating, status from public.reviews where not is_demo`;
        assert.deepEqual(rows.map((r) => [r.rating, r.status]), [[
          4,
          "pending",
        ]]);
      });

      await t.step("an expired link is refused with 410", async () => {
        const other = await completedBooking(app, "late.host@example.com");
        await deliver(app);
        const late = await reviewLink(app, "late.host@example.com");
        await app.db.sql`update public.review_invitations i
          set expires_at = now() - interval '1 second'
          from public.bookings b where b.id = i.booking_id and b.reference = ${other}`;
        const res = await postReview(app, {
          token: late.searchParams.get("token")!,
          rating: "5",
          body: "Too late but still lovely.",
          displayName: "Late H.",
        });
        assert.equal(res.status, 410);
        assert.match(await res.text(), /expired/);
      });

      const [{ id }] = await app.db.sql<{ id: string }[]>`
        select id from public.reviews where not is_demo`;

      await t.step("pending reviews stay off the public page", async () => {
        await app.parts.catalog.load();
        const html = await (await fetch(`${app.url}/reviews`)).text();
        assert.doesNotMatch(html, /Chef Kenji was wonderful/);
        // Development shows the seeded demo reviews, flagged as such.
        assert.match(html, /\(demo\)/);
      });

      await t.step(
        "chefs are refused; a manager approves (audited, NOTIFY)",
        async () => {
          const chef = staffApi(
            app,
            await accessToken(app, "chef1@myhibachi.example"),
          );
          const manager = staffApi(
            app,
            await accessToken(app, "manager@myhibachi.example"),
          );
          assert.equal((await chef("GET", "/reviews")).status, 403);
          assert.equal(
            (await chef("POST", `/reviews/${id}`, { status: "approved" }))
              .status,
            403,
          );
          const bad = await manager("POST", `/reviews/${id}`, {
            status: "deleted",
          });
          assert.equal(bad.status, 422);
          assert.equal(bad.body.error.issues[0].path, "status");
          const list = await manager("GET", "/reviews?status=pending");
          assert.equal(list.status, 200);
          assert.ok(list.body.items.some((r: { id: string }) => r.id === id));

          let heard!: () => void;
          const notified = new Promise<void>((resolve) => heard = resolve);
          const unlisten = await app.db.listen("catalog_changed", (payload) => {
            if (payload === "reviews") heard();
          });
          try {
            const ok = await manager("POST", `/reviews/${id}`, {
              status: "approved",
            });
            assert.equal(ok.status, 200, JSON.stringify(ok.body));
            await notified;
          } finally {
            await unlisten();
          }
          const [audit] = await app.db.sql<{ action: string }[]>`
          select action from public.audit_log
          where entity = 'reviews' and entity_id = ${id}`;
          assert.equal(audit.action, "review.approve");
        },
      );

      await t.step("approved: on /reviews and in its JSON-LD", async () => {
        await app.parts.catalog.load();
        const html = await (await fetch(`${app.url}/reviews`)).text();
        assert.match(html, /Chef Kenji was wonderful/);
        const business = businessOf(html);
        const reviews = business.review as Record<string, unknown>[];
        const mine = reviews.find((r) =>
          String(r.reviewBody).startsWith("Chef Kenji")
        );
        assert.ok(mine);
        assert.deepEqual(mine.author, { "@type": "Person", name: "Robin Q." });
        const rating = business.aggregateRating as Record<string, number>;
        assert.equal(rating.reviewCount, reviews.length);
      });

      await t.step(
        "production: demo reviews never shown, real ones are",
        async () => {
          const prod = await buildApp({ env: PROD_ENV, db: app.db });
          await prod.parts.catalog.load();
          const res = await prod.handler(
            new Request("https://myhibachi.example/reviews"),
            {
              remoteAddr: { hostname: "127.0.0.1", port: 1, transport: "tcp" },
              completed: Promise.resolve(),
            },
          );
          const html = await res.text();
          assert.equal(res.status, 200);
          assert.doesNotMatch(html, /\(demo\)/);
          const business = businessOf(html);
          const reviews = business.review as Record<string, unknown>[];
          assert.equal(reviews.length, 1);
          assert.equal(
            reviews[0].reviewBody,
            "Chef Kenji was wonderful and the fried rice was perfect.",
          );
          assert.deepEqual(business.aggregateRating, {
            "@type": "AggregateRating",
            ratingValue: 4,
            reviewCount: 1,
            bestRating: 5,
            worstRating: 1,
          });
        },
      );

      await t.step("hidden: gone again", async () => {
        const admin = staffApi(
          app,
          await accessToken(app, "admin@myhibachi.example"),
        );
        const r = await admin("POST", `/reviews/${id}`, { status: "hidden" });
        assert.equal(r.status, 200);
        await app.parts.catalog.load();
        const html = await (await fetch(`${app.url}/reviews`)).text();
        assert.doesNotMatch(html, /Chef Kenji was wonderful/);
      });
    } finally {
      await app.dispose();
    }
  },
});
