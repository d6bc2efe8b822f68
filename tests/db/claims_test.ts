/** withClaims / privileged / listen behave the same on PostgreSQL and PGlite. */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import { privileged, withClaims } from "../../lib/db/mod.ts";

for (const pglite of [false, true]) {
  const label = pglite ? "pglite" : "postgres";

  Deno.test({
    name: `${label}: withClaims, privileged and listen`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(ctx) {
      const t = await freshTestDb({ pglite });
      try {
        await ctx.step(
          "withClaims sets role and claims the PostgREST way, transaction-locally",
          async () => {
            const sub = crypto.randomUUID();
            const [row] = await withClaims(
              t.db,
              { sub, role: "authenticated", email: "a@b.example" },
              (tx) =>
                tx<
                  {
                    who: string;
                    uid: string;
                    role: string;
                    email: string;
                    path: string;
                  }[]
                >`
                select current_user as who, auth.uid()::text as uid, auth.role() as role,
                       auth.email() as email, current_setting('search_path') as path`,
            );
            assert.deepEqual({ ...row }, {
              who: "authenticated",
              uid: sub,
              role: "authenticated",
              email: "a@b.example",
              path: "public, extensions",
            });
            const [anon] = await withClaims(
              t.db,
              null,
              (tx) =>
                tx<{ who: string; claims: string }[]>`
              select current_user as who, current_setting('request.jwt.claims') as claims`,
            );
            assert.equal(anon.who, "anon");
            assert.deepEqual(JSON.parse(anon.claims), { role: "anon" });
            const [svc] = await privileged(
              t.db,
              (tx) => tx<{ who: string }[]>`select current_user as who`,
            );
            assert.equal(svc.who, "service_role");
            // Nothing leaks out of the transaction into the (possibly shared) session.
            const [after] = await t.db.sql<
              { who: string; claims: string | null }[]
            >`
            select current_user as who, nullif(current_setting('request.jwt.claims', true), '') as claims`;
            assert.equal(after.claims, null);
            assert.notEqual(after.who, "anon");
            await assert.rejects(
              withClaims(t.db, { role: "postgres" }, (tx) => tx`select 1`),
              /refusing role/,
            );
          },
        );

        await ctx.step(
          "an error inside rolls the whole transaction back",
          async () => {
            await t.db.sql`create table public.probe_rollback (i int)`;
            await assert.rejects(privileged(t.db, async (tx) => {
              await tx`insert into public.probe_rollback values (1)`;
              await tx`select 1/0`;
            }));
            const [n] = await t.db
              .sql`select count(*)::int as n from public.probe_rollback`;
            assert.equal(n.n, 0);
          },
        );

        await ctx.step("readOnly transactions refuse writes", async () => {
          await assert.rejects(
            withClaims(
              t.db,
              { role: "service_role" },
              (tx) => tx`create temp table x (i int)`,
              {
                readOnly: true,
              },
            ),
            /read-only/,
          );
        });

        await ctx.step(
          "date columns come back as YYYY-MM-DD strings",
          async () => {
            const [row] = await t.db
              .sql`select '2027-03-05'::date as d, array['12:00','15:00']::text[] as a`;
            assert.equal(row.d, "2027-03-05");
            assert.deepEqual(row.a, ["12:00", "15:00"]);
          },
        );

        await ctx.step(
          "listen delivers NOTIFY payloads after commit; unlisten stops them",
          async () => {
            const got: string[] = [];
            let wake: () => void = () => {};
            const unlisten = await t.db.listen("mh_test", (p) => {
              got.push(p);
              wake();
            });
            const arrived = new Promise<void>((r) => (wake = r));
            await privileged(
              t.db,
              (tx) => tx`select pg_notify('mh_test', 'hello')`,
            );
            const timer = setTimeout(() => wake(), 3000);
            await arrived;
            clearTimeout(timer);
            assert.deepEqual(got, ["hello"]);
            await unlisten();
            await t.db.sql`select pg_notify('mh_test', 'after')`;
            await t.db.sql`select 1`;
            await new Promise((r) => setTimeout(r, 200));
            assert.deepEqual(got, ["hello"]);
          },
        );
      } finally {
        await t.dispose();
      }
    },
  });
}
