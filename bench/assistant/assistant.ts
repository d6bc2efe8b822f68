/**
 * The booking assistant's offline engine (issue 13): replies per second and
 * p50/p95 latency of one turn, sequentially, in process, over a rotating set
 * of customer messages (quotes, availability, FAQ, handoff). The measured
 * case runs the engine with its database tools on the seeded database (the
 * function's `engine` port, ADR 0025); the same-run baseline runs the same
 * engine with the in-memory tools of the evaluation, so the difference is
 * the database's share.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import { reply } from "../../lib/assistant/mod.ts";
import { assistantEngine } from "../../lib/assistant/service.ts";
import { memoryTools, NOW, TZ } from "../../tests/ai/tools.ts";
import type { BenchRow } from "../lib/result.ts";
import { percentile, round } from "../lib/stats.ts";

const MESSAGES = [
  "How much for 12 adults in 94539?",
  "Are you free next Saturday evening?",
  "What would 20 people with filet mignon and lobster cost in 95814?",
  "Do you have anything open this weekend?",
  "Is there a travel fee to 95060?",
  "Do you handle nut allergies?",
  "What is your cancellation policy?",
  "Can I talk to a real person?",
];

async function timeTurns(
  seconds: number,
  turn: (content: string) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const t0 = performance.now();
    await turn(MESSAGES[i % MESSAGES.length]);
    samples.push(performance.now() - t0);
  }
  return samples;
}

function describe(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const total = s.reduce((a, b) => a + b, 0) / 1000;
  return `${round(s.length / total, 1)} replies/s, p50 ${
    round(percentile(s, 50))
  } ms, p95 ${round(percentile(s, 95))} ms (${s.length} turns)`;
}

/** The assistant bench rows. */
export async function benchAssistant(
  db: Db,
  seconds: number,
): Promise<BenchRow[]> {
  const memory = await timeTurns(seconds, (content) =>
    reply({
      messages: [{ role: "user", content }],
      now: NOW,
      timeZone: TZ,
      tools: memoryTools(),
    }));
  const engine = assistantEngine({ db });
  let tickets = 0;
  const now = new Date();
  const real = await timeTurns(seconds, (content) =>
    engine({
      messages: [{ role: "user", content }],
      now,
      // The handoff writes nothing here: the bench measures answering.
      handoff: () => Promise.resolve({ ticketId: `bench-${++tickets}` }),
    }));
  return [
    {
      bench: "assistant",
      case: "baseline: offline engine, in-memory tools, one turn",
      result: describe(memory),
      target: "",
      ok: null,
    },
    {
      bench: "assistant",
      case: "offline engine, database tools (seeded), one turn",
      result: describe(real),
      target: "",
      ok: null,
    },
  ];
}
