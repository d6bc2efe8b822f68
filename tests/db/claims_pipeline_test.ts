/**
 * withClaims with `pipeline` and `settings` (ADR 0043): the claims and the
 * settings still apply before fn's statements sent in the same round trip,
 * a failure to set them is the error reported (not the aborted statements
 * after it), and nothing outlives the transaction. Both engines.
 */
import assert from "node:assert/strict";
import { freshTestDb } from "../support/test_db.ts";
import { withClaims } from "../../lib/db/mod.ts";

for (const pglite of [false, true]) {
  const label = pglite ? "pglite" : "postgres";

  Deno.test({
    name: `${label}: withClaims pipelines its claims and settings`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(ctx) {
      const t = await freshTestDb({ pglite });
      try {
        const sub = crypto.randomUUID();
        const claims = { sub, role: "authenticated" };
        await ctx.step("the claims and settings apply first", async () => {
          const [a, b] = await withClaims(
            t.db,
            claims,
            (tx) =>
              Promise.all([
                tx<{ who: string; uid: string; mode: string }[]>`
                  select current_user as who, auth.uid()::text as uid,
                    current_setting('plan_cache_mode') as mode`.execute(),
                tx<{ jit: string }[]>`
                  select current_setting('jit') as jit`.execute(),
              ]),
            {
              readOnly: true,
              pipeline: true,
              settings: { plan_cache_mode: "force_generic_plan", jit: "off" },
            },
          );
          assert.deepEqual({ ...a[0] }, {
            who: "authenticated",
            uid: sub,
            mode: "force_generic_plan",
          });
          assert.equal(b[0].jit, "off");
          const [after] = await t.db.sql<{ who: string; mode: string }[]>`
            select current_user as who,
              current_setting('plan_cache_mode') as mode`;
          assert.notEqual(after.who, "authenticated");
          assert.equal(after.mode, "auto");
        });

        await ctx.step(
          "a setting that fails is the error, and fn's statements do not run",
          async () => {
            const statement: { code?: string } = {};
            const err = await withClaims(
              t.db,
              claims,
              (tx) =>
                tx`select 1 as one`.execute().catch((e) => {
                  statement.code = e.code;
                  throw e;
                }),
              { pipeline: true, settings: { plan_cache_mode: "bogus" } },
            ).then(() => null, (e) => e);
            assert.ok(err, "the transaction failed");
            assert.equal(err.code, "22023", String(err.message));
            // Refused in the aborted transaction, not run.
            assert.equal(statement.code, "25P02");
          },
        );
      } finally {
        await t.dispose();
      }
    },
  });
}
