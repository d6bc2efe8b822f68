import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { partsOf } from "../../../lib/app/parts.ts";
import { withClaims } from "../../../lib/db/mod.ts";
import {
  type ConversationDetail,
  getConversation,
} from "../../../lib/staff/assistant.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import { staffTime } from "../(_components)/time.ts";

export const handler: Handlers<ConversationDetail, AdminState> = {
  /** One transcript; 404 when it does not exist or RLS hides it. */
  async GET(_req, ctx) {
    if (ctx.state.staff.role === "chef") {
      return roleForbiddenPage(
        "assistant conversations are for managers and admins.",
      );
    }
    const app = partsOf(ctx);
    const conversation = await withClaims(
      app.db,
      ctx.state.claims,
      (tx) => getConversation(tx, ctx.params.id),
      { readOnly: true },
    );
    if (!conversation) return ctx.renderNotFound();
    return ctx.render(conversation);
  },
};

/** `/admin/assistant/{id}`: a conversation as the customer saw it. */
export default function ConversationPage(
  { data, state }: PageProps<ConversationDetail, AdminState>,
) {
  return (
    <AdminShell staff={state.staff} csrf={state.csrf} path="/admin/assistant">
      <SeoHead
        title="Assistant conversation"
        description="One conversation with the booking assistant, message by message."
        noindex
      />
      <p class="mt-6">
        <a class="text-red-800 underline" href="/admin/assistant">
          All conversations
        </a>
      </p>
      <h1 class="mt-2 text-2xl font-bold text-stone-900">
        Conversation of {staffTime(data.createdAt)}
      </h1>
      <p class="mt-1 text-sm text-stone-700">
        {data.turns} {data.turns === 1 ? "turn" : "turns"}, last{" "}
        {staffTime(data.updatedAt)}; deleted after {staffTime(data.expiresAt)}.
        {data.handedOffAt && (
          <>
            {" "}The customer asked for a person at{" "}
            {staffTime(data.handedOffAt)}
            {data.inboxMessageId && (
              <>
                {" "}(inbox message{" "}
                <span data-inbox={data.inboxMessageId}>
                  {data.inboxMessageId.slice(0, 8)}
                </span>)
              </>
            )}.
          </>
        )}
      </p>
      <ol class="mt-6 space-y-3" data-transcript>
        {data.messages.map((m, i) => (
          <li
            key={i}
            data-role={m.role}
            class={m.role === "user"
              ? "rounded-lg bg-stone-100 p-3"
              : "rounded-lg border border-stone-200 p-3"}
          >
            <p class="text-sm font-semibold text-stone-700">
              {m.role === "user" ? "Customer" : "Assistant"}
            </p>
            <p class="whitespace-pre-wrap text-stone-900">{m.content}</p>
          </li>
        ))}
      </ol>
    </AdminShell>
  );
}
