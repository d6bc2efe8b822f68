/**
 * readBatch (ADR 0062): `begin read only`, the claims, the statements and
 * `commit` sent in one round trip. Every statement runs in the one read-only
 * transaction under the claims and settings; any failure is the error and no
 * rows come back; a write changes nothing; the connection goes back to the
 * pool clean. Both engines, on a pool of one connection so a connection left
 * behind in a transaction would be the next statement's.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { adminUrl, freshTestDb } from "../support/test_db.ts";
import { privileged, readBatch } from "../../lib/db/mod.ts";
import type { Db, Queryable } from "../../lib/db/mod.ts";

/**
 * True when the pool's next statement runs outside any batch's transaction:
 * one left open would still be read-only (or aborted, which rejects) and the
 * caller's.
 */
async function outsideBatch(db: Db): Promise<boolean> {
  const [row] = await db.sql<{ ro: string; who: string; sub: string }[]>`
    select current_setting('transaction_read_only') as ro, current_user as who,
      coalesce(current_setting('request.jwt.claim.sub', true), '') as sub`;
  return row.ro === "off" && row.sub === "" &&
    row.who !== "authenticated" && row.who !== "anon";
}

for (const pglite of [false, true]) {
  const label = pglite ? "pglite" : "postgres";

  Deno.test({
    name:
      `${label}: readBatch reads as the caller in one read-only transaction`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(ctx) {
      const t = await freshTestDb({ pglite, max: 1 });
      try {
        const sub = crypto.randomUUID();
        const claims = { sub, role: "authenticated" };

        await ctx.step(
          "every statement runs in one read-only transaction with the claims and settings",
          async () => {
            const [a, b] = await readBatch(t.db, claims, (sql) => [
              sql<
                {
                  who: string;
                  uid: string;
                  mode: string;
                  ro: string;
                  at: Date;
                }[]
              >`
                select current_user as who, auth.uid()::text as uid,
                  current_setting('plan_cache_mode') as mode,
                  current_setting('transaction_read_only') as ro, now() as at`,
              sql<{ jit: string; first: boolean; at: Date }[]>`
                select current_setting('jit') as jit,
                  now() = statement_timestamp() as first, now() as at`,
            ], {
              settings: { plan_cache_mode: "force_generic_plan", jit: "off" },
            });
            assert.deepEqual(
              { who: a[0].who, uid: a[0].uid, mode: a[0].mode, ro: a[0].ro },
              {
                who: "authenticated",
                uid: sub,
                mode: "force_generic_plan",
                ro: "on",
              },
            );
            assert.equal(b[0].jit, "off");
            // The second statement is not its transaction's first: one transaction.
            assert.equal(b[0].first, false);
            assert.equal(b[0].at.getTime(), a[0].at.getTime());
            assert.equal(await outsideBatch(t.db), true);
            const [after] = await t.db.sql<{ mode: string; sub: string }[]>`
              select current_setting('plan_cache_mode') as mode,
                coalesce(current_setting('request.jwt.claim.sub', true), '') as sub`;
            assert.deepEqual({ ...after }, { mode: "auto", sub: "" });
          },
        );

        await ctx.step("anon claims read as anon", async () => {
          const [[row]] = await readBatch(t.db, null, (sql) => [
            sql<{ who: string }[]>`select current_user as who`,
          ]);
          assert.equal(row.who, "anon");
        });

        await ctx.step("a write is refused and changes nothing", async () => {
          await t.db.sql`create table public.probe_batch (i int)`;
          await t.db
            .sql`grant select, insert on public.probe_batch to service_role`;
          const err = await readBatch(t.db, { role: "service_role" }, (sql) => [
            sql`insert into public.probe_batch values (1)`,
          ]).then(() => null, (e) => e);
          assert.equal(err?.code, "25006", String(err?.message));
          const rows = await privileged(
            t.db,
            (tx) =>
              tx<{ n: number }[]>`
              select count(*)::int as n from public.probe_batch`,
          );
          assert.equal(rows[0].n, 0);
          assert.equal(await outsideBatch(t.db), true);
        });

        await ctx.step(
          "a setting that fails is the error, and the statements do not run",
          async () => {
            const err = await readBatch(t.db, claims, (sql) => [
              sql`select 1 as one`,
            ], { settings: { plan_cache_mode: "bogus" } }).then(
              () => null,
              (e) => e,
            );
            assert.equal(err?.code, "22023", String(err?.message));
            assert.equal(await outsideBatch(t.db), true);
          },
        );

        await ctx.step(
          "a failing statement is the error; no rows come back",
          async () => {
            const err = await readBatch(t.db, claims, (sql) => [
              sql`select 1 as one`,
              sql`select 1 / 0 as boom`,
              sql`select 2 as two`,
            ]).then((rows) => rows, (e) => e);
            assert.ok(err instanceof Error, "rejected");
            assert.equal((err as { code?: string }).code, "22012");
            assert.equal(await outsideBatch(t.db), true);
          },
        );

        await ctx.step(
          "a builder that throws gets its error; the connection comes back clean",
          async () => {
            await assert.rejects(
              readBatch(t.db, claims, () => {
                throw new Error("built wrong");
              }),
              /built wrong/,
            );
            const [[row]] = await readBatch(t.db, claims, (sql) => [
              sql<{ uid: string }[]>`select auth.uid()::text as uid`,
            ]);
            assert.equal(row.uid, sub);
          },
        );

        await ctx.step(
          "a role a request may not take sends nothing",
          async () => {
            await assert.rejects(
              readBatch(t.db, { role: "postgres" }, (sql) => [sql`select 1`]),
              /refusing role/,
            );
          },
        );

        await ctx.step(
          "concurrent batches each read under their own claims",
          async () => {
            const subs = Array.from({ length: 20 }, () => crypto.randomUUID());
            const seen = await Promise.all(subs.map(async (id) => {
              const [[row]] = await readBatch(
                t.db,
                { sub: id, role: "authenticated" },
                (
                  sql,
                ) => [sql<{ uid: string }[]>`select auth.uid()::text as uid`],
              );
              return row.uid;
            }));
            assert.deepEqual(seen, subs);
          },
        );

        await ctx.step(
          "statements sent early or built on another connection are refused",
          async () => {
            const refused = /unsent statements built on its sql/;
            await assert.rejects(
              readBatch(
                t.db,
                claims,
                (sql) => [sql`select 1 as one`.execute()],
              ),
              refused,
            );
            await assert.rejects(
              readBatch(t.db, claims, () => [t.db.sql`select 1 as one`]),
              refused,
            );
            // A failing one sent after the refused one is handled, not left
            // to reject unhandled (the test run would fail).
            await assert.rejects(
              readBatch(t.db, claims, (sql) => [
                sql`select 1 as one`.execute(),
                sql`select 1 / 0 as boom`.execute(),
              ]),
              refused,
            );
            assert.equal(await outsideBatch(t.db), true);
            // One the builder sends itself and does not return still runs
            // after `begin` and the claims: read-only, as the caller.
            await t.db.sql`create table public.probe_side (who text)`;
            await t.db
              .sql`grant select, insert on public.probe_side to authenticated`;
            const side: { code?: string } = {};
            await assert.rejects(readBatch(t.db, claims, (sql) => {
              sql`insert into public.probe_side values (current_user)`.catch(
                (e) => (side.code = e.code),
              );
              return [sql`select 1 as one`];
            }));
            assert.equal(side.code, "25006");
            const [{ n }] = await t.db.sql<{ n: number }[]>`
              select count(*)::int as n from public.probe_side`;
            assert.equal(n, 0);
            assert.equal(await outsideBatch(t.db), true);
          },
        );

        await ctx.step(
          "rows read outside the transaction never come back",
          async () => {
            await t.db
              .sql`create table public.probe_secret (id int, owner uuid)`;
            await t.db
              .sql`alter table public.probe_secret enable row level security`;
            await t.db.sql`
              create policy "owners read their probe rows" on public.probe_secret
              for select to authenticated using (owner = auth.uid())`;
            await t.db
              .sql`grant select on public.probe_secret to authenticated`;
            await t.db.sql`
              insert into public.probe_secret
              values (1, gen_random_uuid()), (2, gen_random_uuid())`;
            const secrets = (sql: Queryable) =>
              [
                sql<{ who: string }[]>`select current_user as who`,
                sql<{ id: number }[]>`select * from public.probe_secret`,
              ] as const;
            const [[caller], visible] = await readBatch(t.db, claims, secrets);
            assert.equal(caller.who, "authenticated");
            assert.equal(visible.length, 0, "RLS hides the rows");

            // A failed `begin`: the statements then run as the owner, outside
            // a transaction. A real failing statement stands in for `begin`,
            // which cannot be made to fail on demand.
            const failingBegin = {
              ...t.db,
              sql: {
                async reserve() {
                  const conn = await t.db.sql.reserve();
                  return new Proxy(conn, {
                    get(target, key) {
                      if (key !== "unsafe") return Reflect.get(target, key);
                      return (text: string) =>
                        target.unsafe(
                          text === "begin read only" ? "select 1 / 0" : text,
                        );
                    },
                  });
                },
              },
            } as unknown as Db;
            const failed = await readBatch(failingBegin, claims, secrets).then(
              () => null,
              (e) => e,
            );
            assert.equal(failed?.code, "22012", "begin's error, no rows");

            // A migration changes the row type: postgres.js re-sends the
            // prepared statement after the `commit`, as the owner.
            await t.db
              .sql`alter table public.probe_secret add column note text`;
            await assert.rejects(
              readBatch(t.db, claims, secrets),
              /ended with ROLLBACK/,
            );
            const [[again], after] = await readBatch(t.db, claims, secrets);
            assert.equal(again.who, "authenticated");
            assert.equal(after.length, 0);
            assert.equal(await outsideBatch(t.db), true);
          },
        );
      } finally {
        await t.dispose();
      }
    },
  });
}

Deno.test({
  name:
    "postgres: a batch whose connection is lost fails at once, and the next batch is served",
  ignore: (await adminUrl()) === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(ctx) {
    const claims = { sub: crypto.randomUUID(), role: "authenticated" };
    const sleeper = (seconds: number) => (sql: Queryable) =>
      [
        sql`select 1 as one`,
        sql`select pg_sleep(${seconds}::float8) as slept`,
        sql`select 2 as two`,
      ] as const;
    for (const when of ["cold", "warm"]) {
      // Its own database and a pool of two: postgres.js 3.4.9 keeps the
      // server's last words (57P01) on a connection terminated mid-query and
      // fails that connection's next start with them (ADR 0062), so the
      // next batch is served by the other connection.
      await ctx.step(`a ${when} connection`, async () => {
        const t = await freshTestDb({ max: 2 });
        const admin = postgres(t.url, { max: 1, onnotice: () => {} });
        try {
          if (when === "warm") await readBatch(t.db, claims, sleeper(0));
          const batch = readBatch(t.db, claims, sleeper(60)).then(
            () => null,
            (e) => e,
          );
          for (;;) {
            const [row] = await admin<{ pid: number }[]>`
              select pid from pg_stat_activity
              where state = 'active' and query like '%pg_sleep%'
                and pid <> pg_backend_pid()`;
            if (row) {
              await admin`select pg_terminate_backend(${row.pid})`;
              break;
            }
            await new Promise((r) => setTimeout(r, 10));
          }
          // A watchdog, not a wait: the batch settles when the socket closes.
          const err = await Promise.race([
            batch,
            new Promise((r) => setTimeout(r, 20_000, "hung")),
          ]);
          assert.ok(err instanceof Error, `rejected, not ${String(err)}`);
          const [[row]] = await readBatch(t.db, claims, (sql) => [
            sql<{ uid: string }[]>`select auth.uid()::text as uid`,
          ]);
          assert.equal(row.uid, claims.sub);
          assert.equal(await outsideBatch(t.db), true);
        } finally {
          await admin.end();
          await t.dispose();
        }
      });
    }
  },
});
