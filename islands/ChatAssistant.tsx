import { useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";

/** Props of {@link ChatAssistant}. */
export interface ChatAssistantProps {
  /** `…/functions/v1/assistant`. */
  endpoint: string;
  /** The anon key (public; Supabase's gateway wants a JWT). */
  apiKey: string;
  /** Where a person can be reached without the chat. */
  contactHref: string;
}

interface Link {
  href: string;
  label: string;
}

interface Message {
  role: "user" | "assistant";
  content: string;
  links?: Link[];
}

interface Saved {
  sessionId?: string;
  messages: Message[];
}

/** Longest message the function accepts. */
const MAX_CHARS = 2000;
/** Messages sent per turn (the function keeps the newest 30 turns anyway). */
const SEND_LAST = 30;
const STORAGE_KEY = "mh-chat";
const GREETING =
  "Hi! I can price your party, check open dates, answer questions, or pass you to a person. What are you planning?";

type Action = { type: string; [key: string]: unknown };

/** `/quote?…` showing the same request line by line (the wizard's field names). */
function quoteHref(request: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const key of ["adults", "children", "under6", "gratuityPercent"]) {
    const n = request[key];
    if (typeof n === "number" && n !== 0) q.set(key, String(n));
  }
  for (const map of ["proteins", "extraProteins", "addons"]) {
    const counts = request[map] as Record<string, number> | undefined;
    for (const [code, n] of Object.entries(counts ?? {})) {
      if (n) q.set(`${map}.${code}`, String(n));
    }
  }
  if (typeof request.zip === "string") q.set("zip", request.zip);
  return `/quote?${q}`;
}

function linksOf(actions: Action[]): Link[] {
  const out: Link[] = [];
  for (const a of actions) {
    if (a.type === "quote" && a.request && typeof a.request === "object") {
      out.push({
        href: quoteHref(a.request as Record<string, unknown>),
        label: "See this quote line by line",
      });
    } else if (a.type === "book" && typeof a.url === "string") {
      out.push({ href: a.url, label: "Continue to booking" });
    }
  }
  return out;
}

function load(): Saved {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (saved && Array.isArray(saved.messages)) return saved;
  } catch {
    // Storage off or corrupt: start over.
  }
  return { messages: [] };
}

/**
 * The booking assistant's chat: a log (a polite live region, so screen
 * readers hear each reply), a labelled text field and a send button; Enter
 * sends. Rendered on the server hidden (the page shows a contact link
 * instead, which is all there is without JavaScript) and shown once
 * hydrated. The conversation survives navigation in sessionStorage.
 */
export default function ChatAssistant(
  { endpoint, apiKey, contactHref }: ChatAssistantProps,
) {
  const [ready, setReady] = useState(false);
  const [saved, setSaved] = useState<Saved>({ messages: [] });
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLLIElement>(null);

  useEffect(() => {
    setSaved(load());
    setReady(true);
  }, []);
  useEffect(() => {
    if (!ready) return;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
    } catch {
      // Private mode: the chat still works for this page.
    }
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [saved, ready]);

  const send = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    if (text.length > MAX_CHARS) {
      setProblem(`Please keep messages under ${MAX_CHARS} characters.`);
      return;
    }
    const mine: Message = { role: "user", content: text };
    const history = [...saved.messages, mine];
    setSaved({ ...saved, messages: history });
    setDraft("");
    setProblem("");
    setBusy(true);
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${apiKey}`,
          apikey: apiKey,
        },
        body: JSON.stringify({
          messages: history.slice(-SEND_LAST).map((m) => ({
            role: m.role,
            content: m.content,
          })),
          ...(saved.sessionId ? { sessionId: saved.sessionId } : {}),
        }),
      });
      const body = await res.json().catch(() => null);
      if (res.ok && body && typeof body.reply === "string") {
        setSaved({
          sessionId: body.sessionId,
          messages: [...history, {
            role: "assistant",
            content: body.reply,
            links: linksOf(Array.isArray(body.actions) ? body.actions : []),
          }],
        });
      } else if (res.status === 429) {
        const wait = res.headers.get("retry-after") ?? "a few";
        setProblem(`That was a lot of messages. Please wait ${wait} seconds.`);
      } else if (res.status === 422) {
        setProblem(
          body?.error?.issues?.[0]?.message
            ? `Your message ${body.error.issues[0].message}.`
            : "The assistant could not read that message.",
        );
      } else {
        setProblem("The assistant is unavailable right now.");
      }
    } catch {
      setProblem("The assistant is unavailable right now.");
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <div class="chat" hidden={!ready} data-chat-ready={ready ? "" : undefined}>
      <div
        class="chat-log"
        role="log"
        aria-live="polite"
        aria-label="Conversation"
      >
        <ol class="chat-list">
          <li class="chat-msg chat-assistant">
            <span class="chat-who">Assistant</span>
            <p>{GREETING}</p>
          </li>
          {saved.messages.map((m, i) => (
            <li
              key={i}
              class={`chat-msg chat-${m.role}`}
              data-role={m.role}
            >
              <span class="chat-who">
                {m.role === "user" ? "You" : "Assistant"}
              </span>
              <p>{m.content}</p>
              {m.links?.map((l) => (
                <a key={l.href} class="chat-link" href={l.href}>{l.label}</a>
              ))}
            </li>
          ))}
          <li ref={end} class="chat-end" aria-hidden="true"></li>
        </ol>
      </div>
      <p class="chat-status" role="status">
        {busy ? "The assistant is typing…" : ""}
      </p>
      {problem && (
        <p class="chat-problem" role="alert">
          {problem} You can also <a href={contactHref}>send us a message</a>.
        </p>
      )}
      <form class="chat-form" onSubmit={send}>
        <label for="chat-input" class="chat-label">Your message</label>
        <div class="chat-row">
          <input
            id="chat-input"
            ref={input}
            type="text"
            name="message"
            autocomplete="off"
            maxLength={MAX_CHARS}
            value={draft}
            onInput={(e) =>
              setDraft(e.currentTarget.value)}
            aria-describedby="chat-hint"
          />
          <button type="submit" disabled={busy}>Send</button>
        </div>
        <p id="chat-hint" class="chat-hint">
          Try “How much for 12 adults in 94539?” or “Is June 13 free?”. Never
          share card numbers here.
        </p>
      </form>
    </div>
  );
}
