/**
 * End-to-end: unmodified supabase-js subscribers over a real websocket
 * server, on PostgreSQL 15 and on PGlite, with both protocol versions.
 */
import assert from "node:assert/strict";
import { adminUrl, freshTestDb, type TestDb } from "../support/test_db.ts";
import { insertItem, installProbeTable } from "./fixture.ts";
import {
  settle,
  signIn,
  startRealtimeServer,
  subscribe,
  type Subscriber,
} from "./support.ts";

const LOC_A = "00000000-0000-4000-8000-00000000000a";
const LOC_B = "00000000-0000-4000-8000-00000000000b";

/** A real session's token (the stand-in refuses made-up sessions). */
const admin = async (url: string) =>
  (await signIn(url, { appMetadata: { rt_role: "admin" } })).accessToken;
const managerOf = async (url: string, loc: string) =>
  (await signIn(url, { appMetadata: { rt_location: loc } })).accessToken;

const all = { event: "*", schema: "public", table: "rt_items" } as const;

async function engines(): Promise<
  { name: string; open: () => Promise<TestDb>; ignore: boolean }[]
> {
  const pg = await adminUrl();
  if (!pg) {
    console.log(
      "realtime tests: PostgreSQL skipped (no DATABASE_URL and no initdb)",
    );
  }
  return [
    { name: "PostgreSQL", open: () => freshTestDb(), ignore: !pg },
    {
      name: "PGlite",
      open: () => freshTestDb({ pglite: true }),
      ignore: false,
    },
  ];
}

for (const engine of await engines()) {
  Deno.test({
    name: `realtime postgres_changes on ${engine.name}`,
    ignore: engine.ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const tdb = await engine.open();
      await installProbeTable(tdb.db);
      const server = startRealtimeServer(tdb.db);
      const open: Subscriber[] = [];
      const sub = async (...args: Parameters<typeof subscribe>) => {
        const s = await subscribe(...args);
        open.push(s);
        return s;
      };
      try {
        for (const vsn of ["1.0.0", "2.0.0"] as const) {
          await t.step(
            `vsn ${vsn}: admin gets INSERT and UPDATE; others nothing private`,
            async () => {
              const boss = await sub(
                server.url,
                await admin(server.url),
                [all],
                vsn,
              );
              const otherManager = await sub(
                server.url,
                await managerOf(server.url, LOC_B),
                [all],
                vsn,
              );
              const anon = await sub(server.url, null, [all], vsn);

              const id = await insertItem(tdb.db, LOC_A, `grill ${vsn}`, 3);
              const ins = await boss.waitFor((c) =>
                c.eventType === "INSERT" && c.new.id === id
              );
              assert.equal(ins.schema, "public");
              assert.equal(ins.table, "rt_items");
              assert.equal(ins.new.title, `grill ${vsn}`);
              assert.equal(ins.new.qty, 3);
              assert.equal(ins.new.location_id, LOC_A);
              assert.match(
                ins.commit_timestamp,
                /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
              );
              assert.equal(ins.errors, null);

              await tdb.db
                .sql`update public.rt_items set qty = 7 where id = ${id}`;
              const upd = await boss.waitFor((c) =>
                c.eventType === "UPDATE" && c.new.id === id
              );
              assert.equal(upd.new.qty, 7);
              assert.deepEqual(upd.old, { id });

              await settle();
              assert.deepEqual(
                otherManager.received,
                [],
                "manager of another location saw a row",
              );
              assert.deepEqual(anon.received, [], "anon saw a row");
              await Promise.all([
                boss.close(),
                otherManager.close(),
                anon.close(),
              ]);
              open.length = 0;
            },
          );

          await t.step(
            `vsn ${vsn}: filters select rows and events`,
            async () => {
              const token = await admin(server.url);
              const onlyA = await sub(server.url, token, [{
                ...all,
                filter: `location_id=eq.${LOC_A}`,
              }], vsn);
              const bigInserts = await sub(server.url, token, [{
                event: "INSERT",
                schema: "public",
                table: "rt_items",
                filter: "qty=gte.10",
              }], vsn);
              const inB = await insertItem(tdb.db, LOC_B, "b small", 1);
              const inBBig = await insertItem(tdb.db, LOC_B, "b big", 12);
              const inA = await insertItem(tdb.db, LOC_A, "a small", 2);
              await onlyA.waitFor((c) => c.new.id === inA);
              await bigInserts.waitFor((c) => c.new.id === inBBig);
              await tdb.db
                .sql`update public.rt_items set qty = 50 where id = ${inB}`;
              // A later row both bindings select: once it is in, a frame for
              // the UPDATE (committed before it, same socket) would be too.
              const later = await insertItem(tdb.db, LOC_A, "a big", 20);
              await onlyA.waitFor((c) => c.new.id === later);
              await bigInserts.waitFor((c) => c.new.id === later);
              assert.deepEqual(onlyA.received.map((c) => c.new.id), [
                inA,
                later,
              ]);
              // The UPDATE to qty 50 is not an INSERT: not delivered.
              assert.deepEqual(bigInserts.received.map((c) => c.new.id), [
                inBBig,
                later,
              ]);
              await Promise.all([onlyA.close(), bigInserts.close()]);
              open.length = 0;
            },
          );

          await t.step(`vsn ${vsn}: leave stops delivery`, async () => {
            const s = await sub(
              server.url,
              await admin(server.url),
              [all],
              vsn,
            );
            // A second channel on the same socket stays joined: frames on
            // one socket arrive in order, so once it has the later row, a
            // frame for the earlier row on the left channel would be in.
            const later: string[] = [];
            let sawLater: () => void = () => {};
            const laterArrived = new Promise<void>((r) => (sawLater = r));
            let laterId = "";
            const witness = s.client.channel(`witness-${vsn}`).on(
              // deno-lint-ignore no-explicit-any
              "postgres_changes" as any,
              all,
              (c: { new: { id: string } }) => {
                later.push(c.new.id);
                if (c.new.id === laterId) sawLater();
              },
            );
            await new Promise<void>((resolve, reject) =>
              witness.subscribe((status) => {
                if (status === "SUBSCRIBED") resolve();
                else if (status !== "CLOSED") reject(new Error(status));
              })
            );
            assert.equal(await s.unsubscribe(), "ok");
            const left = await insertItem(tdb.db, LOC_A, "after leave");
            laterId = await insertItem(tdb.db, LOC_A, "still joined");
            if (later.includes(laterId)) sawLater();
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([
              laterArrived,
              new Promise((_, reject) =>
                timer = setTimeout(
                  () => reject(new Error("the joined channel got nothing")),
                  5000,
                )
              ),
            ]);
            clearTimeout(timer);
            assert.ok(later.includes(left), "joined channel got both rows");
            assert.deepEqual(s.received, []);
            await s.client.removeChannel(witness);
            assert.ok(s.statuses.includes("CLOSED"), `statuses: ${s.statuses}`);
            await s.close();
            open.length = 0;
          });

          await t.step(
            `vsn ${vsn}: access_token update changes what is delivered`,
            async () => {
              const s = await sub(
                server.url,
                await managerOf(server.url, LOC_B),
                [all],
                vsn,
              );
              const hidden = await insertItem(
                tdb.db,
                LOC_A,
                "before promotion",
              );
              const visibleB = await insertItem(tdb.db, LOC_B, "own location");
              await s.waitFor((c) => c.new.id === visibleB);
              assert.ok(!s.received.some((c) => c.new.id === hidden));

              await s.setTokenConfirmed(await admin(server.url));
              const shown = await insertItem(tdb.db, LOC_A, "after promotion");
              await s.waitFor((c) => c.new.id === shown);

              // A forged token closes the channel with a system error.
              await s.setToken((await admin(server.url)).slice(0, -4) + "AAAA");
              await s.waitForStatus("CLOSED");
              const afterClose = await insertItem(tdb.db, LOC_A, "after close");
              await settle();
              assert.ok(!s.received.some((c) => c.new.id === afterClose));
              await s.close();
              open.length = 0;
            },
          );
        }

        await t.step("DELETE carries the replica identity in old", async () => {
          const s = await sub(server.url, await admin(server.url), [{
            ...all,
            event: "DELETE",
          }], "2.0.0");
          const id = await insertItem(tdb.db, LOC_A, "to delete");
          await tdb.db.sql`delete from public.rt_items where id = ${id}`;
          const del = await s.waitFor((c) => c.eventType === "DELETE");
          assert.deepEqual(del.old, { id });
          assert.deepEqual(del.new, {});
          // A later DELETE arrives after any frame for the INSERT would have.
          const later = await insertItem(tdb.db, LOC_A, "also deleted");
          await tdb.db.sql`delete from public.rt_items where id = ${later}`;
          await s.waitFor((c) => c.old.id === later);
          assert.deepEqual(
            s.received.map((c) => c.eventType),
            ["DELETE", "DELETE"],
            "INSERT must not reach a DELETE binding",
          );
          await s.close();
          open.length = 0;
        });

        await t.step("a rolled-back insert is never delivered", async () => {
          const s = await sub(
            server.url,
            await admin(server.url),
            [all],
            "2.0.0",
          );
          await tdb.db.sql.begin(async (tx) => {
            await tx`insert into public.rt_items (location_id, title) values (${LOC_A}, 'ghost')`;
            await tx`select 1/0`;
          }).catch(() => {});
          const real = await insertItem(tdb.db, LOC_A, "real");
          await s.waitFor((c) => c.new.id === real);
          assert.ok(!s.received.some((c) => c.new.title === "ghost"));
          await s.close();
          open.length = 0;
        });
      } finally {
        await Promise.all(open.map((s) => s.close()));
        await server.close();
        await tdb.dispose();
      }
    },
  });
}
