/**
 * Realtime fan-out latency: N unmodified supabase-js clients (admin claims,
 * one websocket each) subscribed to `bookings`; bookings are created through
 * app.create_booking one after another, and each client records the time
 * from the start of the insert to the arrival of its INSERT event.
 * The baseline is the same measurement with a single client, in the same run.
 *
 *   deno run -A bench/realtime/latency.ts [--clients=200] [--inserts=60] [--interval=100]
 *
 * Database: a throwaway database in DATABASE_URL's cluster (or a throwaway
 * PostgreSQL cluster when initdb exists), else PGlite; `--pglite` forces it.
 * Target (SPEC §6): p95 ≤ 300 ms at 200 clients.
 *
 * @module
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { withClaims } from "../../lib/db/mod.ts";
import { LOCAL_ANON_KEY } from "../../local/keys.ts";
import { bookingPayload, FREMONT, USERS } from "../../tests/db/fixtures.ts";
import { freshTestDb, type TestDb } from "../../tests/support/test_db.ts";
import { signIn, startRealtimeServer } from "../../tests/realtime/support.ts";

function arg(name: string, fallback: number): number {
  const hit = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
}

const CLIENTS = arg("clients", 200);
const INSERTS = arg("inserts", 60);
const INTERVAL_MS = arg("interval", 100);
const FORCE_PGLITE = Deno.args.includes("--pglite");

/** Fremont weekend slots (4 chefs each), enough for `n` bookings. */
function slots(n: number): { date: string; time: string }[] {
  const out: { date: string; time: string }[] = [];
  const d = new Date("2027-03-06T00:00:00Z"); // a Saturday
  while (out.length < n) {
    for (const offset of [0, 1]) {
      const day = new Date(d.getTime() + offset * 86_400_000).toISOString()
        .slice(0, 10);
      for (const time of ["12:00", "15:00", "18:00", "21:00"]) {
        for (let k = 0; k < 4; k++) out.push({ date: day, time });
      }
    }
    d.setUTCDate(d.getUTCDate() + 7);
  }
  return out.slice(0, n);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

interface Run {
  clients: number;
  samples: number[];
  missing: number;
}

async function run(
  t: TestDb,
  clients: number,
  plan: { date: string; time: string }[],
): Promise<Run> {
  // Every client comes from 127.0.0.1: lift the per-client socket cap.
  const server = startRealtimeServer(t.db, {
    maxSocketsPerClient: clients + 1,
  });
  const url = server.url;
  // A real session of the auth stand-in (made-up sessions are refused).
  const { accessToken: token } = await signIn(url, { userId: USERS.admin });
  const started = new Map<string, number>();
  // Arrival times by booking id; matched with start times at the end, since
  // an event may arrive before the insert call has returned its id.
  const arrivals = new Map<string, number[]>();
  const supabases: SupabaseClient[] = [];
  try {
    await Promise.all(Array.from({ length: clients }, async (_, i) => {
      const client = createClient(url, LOCAL_ANON_KEY, {
        accessToken: () => Promise.resolve(token),
        auth: { persistSession: false, autoRefreshToken: false },
      });
      supabases.push(client);
      await client.realtime.setAuth();
      await new Promise<void>((resolve, reject) => {
        client.channel(`dash-${i}`)
          .on("postgres_changes", {
            event: "INSERT",
            schema: "public",
            table: "bookings",
          }, (p) => {
            const id = String(p.new.id);
            const list = arrivals.get(id) ?? [];
            list.push(performance.now());
            arrivals.set(id, list);
          })
          .subscribe((status, err) => {
            if (status === "SUBSCRIBED") resolve();
            else if (status !== "CLOSED") reject(err ?? new Error(status));
          });
      });
    }));

    for (const { date, time } of plan) {
      const { payload } = await bookingPayload(date, time, {
        location_id: FREMONT,
      });
      const t0 = performance.now();
      const [row] = await withClaims(
        t.db,
        null,
        (tx) =>
          tx<{ id: string }[]>`select id from app.create_booking(${
            JSON.stringify(payload)
          }::text::jsonb)`,
      );
      started.set(row.id, t0);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const samples = [...started].flatMap(([id, t0]) =>
      (arrivals.get(id) ?? []).map((at) => at - t0)
    );
    return {
      clients,
      samples,
      missing: clients * plan.length - samples.length,
    };
  } finally {
    await Promise.all(supabases.map((c) => c.removeAllChannels()));
    supabases.forEach((c) => c.realtime.disconnect());
    await server.close();
  }
}

function report(label: string, r: Run): void {
  const s = r.samples.toSorted((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `${
      label.padEnd(10)
    } clients=${r.clients} events=${s.length} missing=${r.missing} ` +
      `p50=${f(percentile(s, 50))} p95=${f(percentile(s, 95))} p99=${
        f(percentile(s, 99))
      } max=${f(s.at(-1) ?? NaN)}`,
  );
}

const t = await freshTestDb({ seed: true, pglite: FORCE_PGLITE });
try {
  console.log(
    `realtime latency on ${t.kind}: ${INSERTS} inserts, ${INTERVAL_MS} ms apart`,
  );
  const plan = slots(INSERTS * 2);
  const baseline = await run(t, 1, plan.slice(0, INSERTS));
  report("baseline", baseline);
  const loaded = await run(t, CLIENTS, plan.slice(INSERTS));
  report("fan-out", loaded);
  const p95 = percentile(loaded.samples.toSorted((a, b) => a - b), 95);
  console.log(
    `target p95 <= 300 ms at ${CLIENTS} clients: ${
      p95 <= 300 && loaded.missing === 0 ? "met" : "NOT met"
    }`,
  );
} finally {
  await t.dispose();
}
