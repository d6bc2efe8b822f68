/**
 * Evaluation of the offline assistant on tests/ai/cases.ts.
 *
 * `deno task eval:assistant` prints intent accuracy, tool-argument accuracy,
 * the share of replies whose numbers all match the API's own answer, and the
 * handoff rate on requests for a person. tests/ai/eval_test.ts asserts the targets.
 */
import {
  allowCustomerCounts,
  allowFromToolResults,
  type AssistantReply,
  type ChatMessage,
  checkReplyNumbers,
  findNumbers,
  type Intent,
  reply,
  type ToolCall,
} from "../../lib/assistant/mod.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { CASES, type EvalCase, type ExpectedCall } from "./cases.ts";
import { HOLDOUT } from "./holdout.ts";
import {
  apiAvailability,
  apiBookingLookup,
  apiQuote,
  apiServiceArea,
  FAQ_ENTRIES,
  memoryTools,
  NOW,
  type Recorded,
  TZ,
} from "./tools.ts";

/** The outcome of one case. */
export interface CaseResult {
  id: string;
  say: string;
  expectedIntent: Intent;
  intent: Intent;
  intentOk: boolean;
  /** Expected calls matched (name and arguments) / expected + unexpected calls. */
  callsMatched: number;
  callsTotal: number;
  callProblems: string[];
  /** Every number of the reply is in the API's answer for the expected request. */
  numbersOk: boolean;
  numberProblems: string[];
  /** For expected quotes: the reply states the API's exact total (or says it can't be priced). */
  totalShown: boolean | null;
  handoffExpected: boolean;
  handedOff: boolean;
  /** True when a tool was reached with arguments the API's schema refuses. */
  invalidReachedTool: boolean;
  reply: string;
}

/** The summary of a run. */
export interface EvalSummary {
  cases: number;
  intentAccuracy: number;
  argumentAccuracy: number;
  numbersExact: number;
  quoteTotalsShown: number;
  handoffRate: number;
  results: CaseResult[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${k}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function matches(expected: ExpectedCall, actual: ToolCall): boolean {
  if (expected.name !== actual.name) return false;
  if (expected.faq !== undefined) {
    return actual.name === "search_faq" &&
      actual.result?.[0]?.id === expected.faq;
  }
  if (expected.args === undefined) return true;
  return canonical(expected.args) === canonical(actual.args);
}

/** What the API would answer for the expected calls: the evidence numbers are judged against. */
function apiEvidence(c: EvalCase): unknown[] {
  const out: unknown[] = [];
  for (const call of c.calls) {
    if (call.name === "get_quote") {
      out.push({ args: call.args, answer: apiQuote(call.args) });
    } else if (call.name === "check_availability") {
      // deno-lint-ignore no-explicit-any
      out.push(apiAvailability(call.args as any));
    } else if (call.name === "check_service_area") {
      out.push({
        args: call.args,
        answer: apiServiceArea(String(call.args?.zip)),
      });
    } else if (call.name === "search_faq") {
      out.push(FAQ_ENTRIES.find((e) => e.id === call.faq));
    } else if (call.name === "lookup_booking") {
      out.push(
        apiBookingLookup(
          String(call.args?.reference),
          String(call.args?.token),
        ),
      );
    }
  }
  return out;
}

async function converse(c: EvalCase, log: Recorded[]): Promise<{
  out: AssistantReply;
  messages: ChatMessage[];
}> {
  const messages: ChatMessage[] = [];
  for (const earlier of c.history ?? []) {
    messages.push({ role: "user", content: earlier });
    const r = await reply({
      messages,
      now: NOW,
      timeZone: TZ,
      tools: memoryTools([]),
    });
    messages.push({ role: "assistant", content: r.reply });
  }
  messages.push({ role: "user", content: c.say });
  const out = await reply({
    messages,
    now: NOW,
    timeZone: TZ,
    tools: memoryTools(log),
  });
  return { out, messages };
}

/** Runs one case. */
export async function evaluateCase(c: EvalCase): Promise<CaseResult> {
  const log: Recorded[] = [];
  const { out, messages } = await converse(c, log);
  const actual = out.meta.toolCalls;
  const problems: string[] = [];
  let matched = 0;
  const used = new Set<number>();
  for (const e of c.calls) {
    const i = actual.findIndex((a, j) => !used.has(j) && matches(e, a));
    if (i >= 0) {
      used.add(i);
      matched++;
    } else {
      const same = actual.find((a) => a.name === e.name);
      problems.push(
        same
          ? `${e.name}: expected ${
            e.faq ? `faq ${e.faq}` : canonical(e.args)
          }, got ${
            same.name === "search_faq"
              ? `faq ${same.result?.[0]?.id}`
              : canonical(same.args)
          }`
          : `${e.name}: not called`,
      );
    }
  }
  const unexpected = actual.filter((_, j) => !used.has(j));
  for (const u of unexpected) {
    if (!c.calls.some((e) => e.name === u.name)) {
      problems.push(`unexpected ${u.name} ${canonical(u.args)}`);
    }
  }
  const extra =
    unexpected.filter((u) => !c.calls.some((e) => e.name === u.name)).length;

  // Numbers: judged against the API's answer for the *expected* request.
  const allowed = allowCustomerCounts(
    messages.filter((m) => m.role === "user").map((m) => m.content),
    allowFromToolResults(apiEvidence(c)),
  );
  const check = checkReplyNumbers(out.reply, allowed);
  const numberProblems = check.unsupported.map((n) => `${n.kind} ${n.text}`);
  let totalShown: boolean | null = null;
  const expectedQuote = c.calls.find((e) => e.name === "get_quote");
  if (expectedQuote) {
    const api = apiQuote(expectedQuote.args);
    if (api.ok && api.quote.serviceable) {
      totalShown = findNumbers(out.reply).some((n) =>
        n.kind === "money" && n.cents === api.quote.totalCents
      );
      if (!totalShown) {
        numberProblems.push(
          `total ${formatUsd(api.quote.totalCents)} not shown`,
        );
      }
    } else {
      totalShown = !findNumbers(out.reply).some((n) => n.kind === "money");
    }
  }
  const handoffExpected = c.intent === "handoff";
  return {
    id: c.id,
    say: c.say,
    expectedIntent: c.intent,
    intent: out.meta.intent,
    intentOk: out.meta.intent === c.intent,
    callsMatched: matched,
    callsTotal: c.calls.length + extra,
    callProblems: problems,
    numbersOk: check.ok && totalShown !== false,
    numberProblems,
    totalShown,
    handoffExpected,
    handedOff: out.actions.some((a) => a.type === "handoff") &&
      log.some((l) => l.name === "handoff"),
    invalidReachedTool: actual.some((a) => a.error?.issues) &&
      log.some((l) => actual.some((a) => a.error?.issues && a.name === l.name)),
    reply: out.reply,
  };
}

/** Runs the whole set. */
export async function runEval(
  cases: readonly EvalCase[] = CASES,
): Promise<EvalSummary> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await evaluateCase(c));
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const quotes = results.filter((r) => r.totalShown !== null);
  const persons = results.filter((r) => r.handoffExpected);
  return {
    cases: results.length,
    intentAccuracy: share(
      results.filter((r) => r.intentOk).length,
      results.length,
    ),
    argumentAccuracy: share(
      results.reduce((n, r) => n + r.callsMatched, 0),
      results.reduce((n, r) => n + r.callsTotal, 0),
    ),
    numbersExact: share(
      results.filter((r) => r.numbersOk).length,
      results.length,
    ),
    quoteTotalsShown: share(
      quotes.filter((r) => r.totalShown).length,
      quotes.length,
    ),
    handoffRate: share(
      persons.filter((r) => r.handedOff).length,
      persons.length,
    ),
    results,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The report `deno task eval:assistant` prints. */
export function formatSummary(s: EvalSummary, verbose = false): string {
  const lines: string[] = [];
  for (const r of s.results) {
    const bad = !r.intentOk || r.callProblems.length > 0 || !r.numbersOk ||
      (r.handoffExpected && !r.handedOff);
    if (!bad && !verbose) continue;
    lines.push(`${bad ? "✗" : "✓"} ${r.id} "${r.say}"`);
    if (!r.intentOk) {
      lines.push(`    intent: expected ${r.expectedIntent}, got ${r.intent}`);
    }
    for (const p of r.callProblems) lines.push(`    tool: ${p}`);
    for (const p of r.numberProblems) lines.push(`    number: ${p}`);
    if (r.handoffExpected && !r.handedOff) lines.push("    no handoff");
    if (verbose || bad) {
      lines.push(`    reply: ${r.reply.replace(/\n/g, " ⏎ ").slice(0, 300)}`);
    }
  }
  lines.push(
    "",
    `cases:                      ${s.cases}`,
    `intent accuracy:            ${pct(s.intentAccuracy)} (target ≥ 95%)`,
    `tool-argument accuracy:     ${pct(s.argumentAccuracy)} (target ≥ 90%)`,
    `replies with exact numbers: ${pct(s.numbersExact)} (target 100%)`,
    `quotes showing API total:   ${pct(s.quoteTotalsShown)}`,
    `handoff on person requests: ${pct(s.handoffRate)} (target 100%)`,
  );
  return lines.join("\n");
}

if (import.meta.main) {
  const verbose = Deno.args.includes("--verbose");
  const summary = await runEval();
  console.log("Evaluation set (tests/ai/cases.ts)");
  console.log(formatSummary(summary, verbose));
  const holdout = await runEval(HOLDOUT);
  console.log(
    "\nHeld-out set (tests/ai/holdout.ts, never used for tuning; no target)",
  );
  console.log(formatSummary(holdout, verbose));
}
