import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { withClaims } from "../../../lib/db/mod.ts";
import {
  type AssistantSummary,
  assistantSummary,
  type ConversationListEntry,
  listConversations,
} from "../../../lib/staff/assistant.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import { staffTime } from "../(_components)/time.ts";

/** The summary covers this many days back from now. */
const SUMMARY_DAYS = 30;

interface Data {
  summary: AssistantSummary;
  conversations: ConversationListEntry[];
}

export const handler: Handlers<Data, AdminState> = {
  /** Managers and admins (RLS also hides every conversation from chefs). */
  async GET(_req, ctx) {
    if (ctx.state.staff.role === "chef") {
      return roleForbiddenPage(
        "assistant conversations are for managers and admins.",
      );
    }
    const app = partsOf(ctx);
    const since = new Date(app.clock().getTime() - SUMMARY_DAYS * 86_400_000);
    const data = await withClaims(app.db, ctx.state.claims, async (tx) => ({
      summary: await assistantSummary(tx, since),
      conversations: await listConversations(tx),
    }), { readOnly: true });
    return ctx.render(data);
  },
};

/** `/admin/assistant`: what customers ask the assistant, and each chat. */
export default function AssistantPage(
  { data, state }: PageProps<Data, AdminState>,
) {
  const { summary } = data;
  const rate = summary.conversations === 0
    ? "—"
    : `${Math.round((summary.handoffs / summary.conversations) * 100)}%`;
  return (
    <AdminShell staff={state.staff} csrf={state.csrf} path="/admin/assistant">
      <SeoHead
        title="Assistant conversations"
        description="What customers asked the booking assistant, and when they wanted a person."
        noindex
      />
      <h1 class="mt-6 text-2xl font-bold text-stone-900">
        Assistant conversations
      </h1>
      <section aria-labelledby="summary-h" class="mt-6">
        <h2 id="summary-h" class="text-lg font-semibold text-stone-900">
          Last {SUMMARY_DAYS} days
        </h2>
        <dl class="mt-2 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <div>
            <dt class="text-sm text-stone-600">Conversations</dt>
            <dd class="text-2xl font-semibold" data-stat="conversations">
              {summary.conversations}
            </dd>
          </div>
          <div>
            <dt class="text-sm text-stone-600">Messages answered</dt>
            <dd class="text-2xl font-semibold" data-stat="turns">
              {summary.turns}
            </dd>
          </div>
          <div>
            <dt class="text-sm text-stone-600">Handed to a person</dt>
            <dd class="text-2xl font-semibold" data-stat="handoffs">
              {summary.handoffs}
            </dd>
          </div>
          <div>
            <dt class="text-sm text-stone-600">Handoff rate</dt>
            <dd class="text-2xl font-semibold" data-stat="handoff-rate">
              {rate}
            </dd>
          </div>
        </dl>
        {summary.intents.length > 0 && (
          <table class="mt-4 text-left text-sm">
            <caption class="text-left font-semibold text-stone-900">
              Latest question, by topic
            </caption>
            <thead>
              <tr>
                <th scope="col" class="pr-6">Topic</th>
                <th scope="col" class="text-right">Conversations</th>
              </tr>
            </thead>
            <tbody>
              {summary.intents.map((i) => (
                <tr key={i.intent} data-intent={i.intent}>
                  <td class="pr-6">{i.intent.replace(/_/g, " ")}</td>
                  <td class="text-right">{i.conversations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="list-h" class="mt-8">
        <h2 id="list-h" class="text-lg font-semibold text-stone-900">
          Recent conversations
        </h2>
        {data.conversations.length === 0
          ? <p class="mt-2 text-stone-700">No conversations yet.</p>
          : (
            <table class="mt-2 w-full text-left text-sm">
              <thead>
                <tr class="border-b border-stone-200">
                  <th scope="col" class="py-2 pr-4">Last message</th>
                  <th scope="col" class="py-2 pr-4">Opened with</th>
                  <th scope="col" class="py-2 pr-4">Topic</th>
                  <th scope="col" class="py-2 pr-4 text-right">Turns</th>
                  <th scope="col" class="py-2">Person</th>
                </tr>
              </thead>
              <tbody>
                {data.conversations.map((c) => (
                  <tr
                    key={c.id}
                    class="border-b border-stone-100"
                    data-conversation={c.id}
                  >
                    <td class="py-2 pr-4 whitespace-nowrap">
                      <a
                        class="text-red-800 underline"
                        href={`/admin/assistant/${c.id}`}
                      >
                        {staffTime(c.updatedAt)}
                      </a>
                    </td>
                    <td class="py-2 pr-4">{c.opening}</td>
                    <td class="py-2 pr-4">
                      {(c.lastIntent ?? "").replace(/_/g, " ")}
                    </td>
                    <td class="py-2 pr-4 text-right">{c.turns}</td>
                    <td class="py-2">{c.handedOffAt ? "asked" : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
    </AdminShell>
  );
}
