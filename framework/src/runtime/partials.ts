/**
 * Client navigation with partials (Fresh 1.7's `f-client-nav`, `f-partial`,
 * `<Partial>`), loaded by the boot module on pages that render partials.
 *
 * Below an element with `f-client-nav` (and no nearer `f-client-nav="false"`)
 * clicks on same-origin links, clicks on `<button f-partial>` and form
 * submissions fetch the target with `?fresh-partial=true`. The response holds
 * only `<Partial>` regions (plus `<head>` and the island data); each one
 * replaces, or is appended/prepended to, the partial of the same name on this
 * page, and the islands inside it are hydrated. Links and forms update the
 * history; back/forward fetch the partials of the URL again.
 *
 * Anything unexpected — a non-ok response, a response without partials, a
 * partial name this page does not have, an `f-partial` URL that does not
 * parse or leaves the origin, a network error — falls back to a full page
 * load of the URL the user asked for, never a half-updated page. In the
 * development profile the reason is logged with `console.error` first.
 */
import { reviveRange, unmountIslandsIn } from "./revive.ts";
import { type BootData, loadPayload } from "./payload.ts";
import {
  CLIENT_NAV_ATTR,
  LOADING_ATTR,
  PARTIAL_ATTR,
  PARTIAL_SEARCH_PARAM,
} from "./partial.ts";

const MARKER = /^(\/?)frsh-partial:([^:]*):(\d):(.*)$/;
const MODE_APPEND = 1;
const MODE_PREPEND = 2;

/** A partial on this page: the empty text nodes standing for its markers. */
interface PagePartial {
  start: Node;
  end: Node;
}

/** A partial of a response: its mode and content nodes. */
interface IncomingPartial {
  name: string;
  mode: number;
  nodes: Node[];
}

/** Why a partial update could not be applied (→ full page load). */
export class PartialError extends Error {}

const partials = new Map<string, PagePartial>();
let dev = false;

/**
 * Register the partial markers among `parent`'s children between `after`
 * and `before` (and below them), replacing the comments by empty text nodes
 * as Fresh does with its markers.
 */
function registerPartials(
  parent: Node,
  after: Node | null,
  before: Node | null,
): void {
  const open: { name: string; start: Node }[] = [];
  let n: Node | null = after ? after.nextSibling : parent.firstChild;
  for (; n && n !== before; n = n.nextSibling) {
    if (n.nodeType === 8) {
      const m = MARKER.exec((n as Comment).data);
      if (!m) continue;
      const text = document.createTextNode("");
      parent.replaceChild(text, n);
      n = text;
      if (m[1] === "") open.push({ name: m[2], start: text });
      else {
        const top = open.pop();
        if (top && top.name === m[2]) {
          partials.set(top.name, { start: top.start, end: text });
        }
      }
    } else if (n.nodeType === 1 && (n as Element).localName !== "template") {
      registerPartials(n, null, null);
    }
  }
}

/** A signal (or anything with a writable `value`). */
interface Indicator {
  value: boolean;
}

/** `f-loading` elements → their signal. */
const indicators = new WeakMap<Element, Indicator>();

/** Bind the `f-loading` elements in `nodes` to their signals in `props`. */
function bindIndicators(nodes: Node[], props: Record<string, unknown>[]): void {
  for (const node of nodes) {
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const found = [
      ...(el.hasAttribute(LOADING_ATTR) ? [el] : []),
      ...el.querySelectorAll(`[${LOADING_ATTR}]`),
    ];
    for (const target of found) {
      const entry = props[Number(target.getAttribute(LOADING_ATTR))];
      const signal = entry?.[LOADING_ATTR] as Indicator | undefined;
      if (signal && typeof signal === "object" && "value" in signal) {
        indicators.set(target, signal);
      }
    }
  }
}

/** Run `fn` with the element's `f-loading` signal set to true. */
async function indicating<T>(el: Element, fn: () => Promise<T>): Promise<T> {
  const signal = indicators.get(el);
  if (signal) signal.value = true;
  try {
    return await fn();
  } finally {
    if (signal) signal.value = false;
  }
}

/** Drop partials whose markers left the document. */
function forgetDetached(): void {
  for (const [name, p] of partials) {
    if (!p.start.isConnected) partials.delete(name);
  }
}

/** Top-level partial regions of a parsed response body. */
function collectIncoming(parent: Node, out: IncomingPartial[]): void {
  for (let n: Node | null = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 8) {
      const m = MARKER.exec((n as Comment).data);
      if (!m || m[1] !== "") continue;
      const endText = `/frsh-partial:${m[2]}:${m[3]}:${m[4]}`;
      const nodes: Node[] = [];
      let e: Node | null = n.nextSibling;
      for (; e; e = e.nextSibling) {
        if (e.nodeType === 8 && (e as Comment).data === endText) break;
        nodes.push(e);
      }
      if (!e) throw new PartialError(`Partial "${m[2]}" has no end marker.`);
      out.push({ name: m[2], mode: Number(m[3]), nodes });
      n = e;
    } else if (n.nodeType === 1 && (n as Element).localName !== "template") {
      collectIncoming(n, out);
    }
  }
}

/** Apply the `<head>` of a response: title, meta, stylesheets, styles. */
function mergeHead(doc: Document): void {
  if (doc.title) document.title = doc.title;
  for (const child of Array.from(doc.head.children)) {
    if (child instanceof HTMLMetaElement) {
      if (child.hasAttribute("charset")) continue;
      const attr = child.name
        ? "name"
        : child.getAttribute("property")
        ? "property"
        : null;
      if (!attr) continue;
      const value = child.getAttribute(attr)!;
      const existing = [...document.head.querySelectorAll("meta")].find((m) =>
        m.getAttribute(attr) === value
      );
      if (existing) existing.content = child.content;
      else document.head.appendChild(document.importNode(child, true));
    } else if (child instanceof HTMLLinkElement) {
      if (child.rel !== "stylesheet") continue;
      const href = new URL(child.getAttribute("href") ?? "", location.href)
        .href;
      const known = [...document.head.querySelectorAll("link")].some((l) =>
        l.href === href
      );
      if (!known) document.head.appendChild(document.importNode(child, true));
    } else if (child instanceof HTMLStyleElement) {
      // Named style sheets (e.g. twind's) are owned by their plugin.
      if (child.id === "") {
        document.head.appendChild(document.importNode(child, true));
      }
    }
  }
}

/** Parse a partial response and apply it to this page. */
async function applyResponse(res: Response): Promise<void> {
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("text/html")) {
    throw new PartialError(
      `${res.url} answered ${type || "no content type"}, not HTML.`,
    );
  }
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  const incoming: IncomingPartial[] = [];
  collectIncoming(doc.body, incoming);
  if (incoming.length === 0) {
    throw new PartialError(
      `${res.url} rendered no <Partial>; render at least one partial for client navigation.`,
    );
  }
  forgetDetached();
  const unknown = incoming.filter((p) => !partials.has(p.name));
  if (unknown.length > 0) {
    throw new PartialError(
      `Unknown partial name${unknown.length > 1 ? "s" : ""} ${
        unknown.map((p) => `"${p.name}"`).join(", ")
      } in the response of ${res.url}; this page has ${
        [...partials.keys()].map((n) => `"${n}"`).join(", ") || "none"
      }.`,
    );
  }

  // Island chunks and props first, so the swap itself is synchronous.
  const uuid = res.headers.get("x-fresh-uuid");
  const dataEl = uuid
    ? doc.getElementById(`__FRSH_PARTIAL_DATA_${uuid}`)
    : null;
  const data = dataEl ? JSON.parse(dataEl.textContent!) as BootData : null;
  const payload = data
    ? await loadPayload(
      data,
      doc.getElementById(`__FRSH_STATE_${data.s}`)?.textContent ?? null,
    )
    : { islands: {}, props: [] };

  mergeHead(doc);
  for (const { name, mode, nodes } of incoming) {
    const target = partials.get(name);
    if (!target || !target.start.isConnected) continue;
    const parent = target.end.parentNode!;
    const imported = nodes.map((n) => document.importNode(n, true));
    let after: Node;
    let before: Node;
    if (mode === MODE_APPEND) {
      after = document.createTextNode("");
      parent.insertBefore(after, target.end);
      before = target.end;
    } else if (mode === MODE_PREPEND) {
      after = target.start;
      before = document.createTextNode("");
      parent.insertBefore(before, target.start.nextSibling);
    } else {
      const old: Node[] = [];
      for (
        let n = target.start.nextSibling;
        n && n !== target.end;
        n = n.nextSibling
      ) old.push(n);
      unmountIslandsIn(old);
      for (const n of old) parent.removeChild(n);
      after = target.start;
      before = target.end;
    }
    for (const n of imported) parent.insertBefore(n, before);
    bindIndicators(imported, payload.props);
    registerPartials(parent, after, before);
    reviveRange(payload.islands, payload.props, parent, after, before);
  }
  forgetDetached();
}

/** Log why a partial update failed (development profile only). */
function report(err: unknown, fallback: string): void {
  if (dev) {
    console.error(
      `Partial navigation failed, ${fallback}: ${
        err instanceof Error ? err.message : String(err)
      }`,
    );
  }
}

/** `url` with the partial request parameter. */
function partialUrl(url: URL): URL {
  const out = new URL(url);
  out.searchParams.set(PARTIAL_SEARCH_PARAM, "true");
  return out;
}

/** The address a partial response stands for (redirects followed). */
function pageUrl(res: Response, fallback: URL): URL {
  if (!res.redirected || !res.url) return fallback;
  const url = new URL(res.url);
  url.searchParams.delete(PARTIAL_SEARCH_PARAM);
  return url;
}

/** Resolve an `f-partial` value: same-origin URLs only. */
function resolvePartialAttr(value: string): URL {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    throw new PartialError(`Invalid f-partial URL "${value}".`);
  }
  if (url.origin !== location.origin) {
    throw new PartialError(
      `f-partial URL "${value}" is not on this origin (${location.origin}).`,
    );
  }
  return url;
}

/** Whether client navigation is on for `el` (nearest `f-client-nav`). */
function clientNavEnabled(el: Element | null): boolean {
  const setting = el?.closest(`[${CLIENT_NAV_ATTR}]`);
  // As in Fresh: only "true" (what `f-client-nav` / `={true}` render) enables.
  return !!setting && setting.getAttribute(CLIENT_NAV_ATTR) === "true";
}

interface HistoryEntry {
  fresh: true;
  index: number;
  scrollX: number;
  scrollY: number;
}

let index = 0;

function pushHistory(url: URL): void {
  if (url.href === location.href) return;
  history.replaceState(
    { fresh: true, index, scrollX, scrollY } satisfies HistoryEntry,
    "",
    location.href,
  );
  index++;
  history.pushState(
    { fresh: true, index, scrollX: 0, scrollY: 0 } satisfies HistoryEntry,
    "",
    url.href,
  );
}

/** Mark the document while a partial request is in flight. */
async function busy<T>(fn: () => Promise<T>): Promise<T> {
  document.documentElement.setAttribute("data-fresh-loading", "");
  try {
    return await fn();
  } finally {
    document.documentElement.removeAttribute("data-fresh-loading");
  }
}

/** Follow a link with client navigation; full page load on any failure. */
async function navigate(link: HTMLAnchorElement): Promise<void> {
  const next = new URL(link.href);
  await indicating(link, () =>
    busy(async () => {
      try {
        const attr = link.getAttribute(PARTIAL_ATTR);
        const source = attr !== null ? resolvePartialAttr(attr) : next;
        const res = await fetch(partialUrl(source), { redirect: "follow" });
        if (!res.ok) {
          throw new PartialError(`${source.href} answered ${res.status}.`);
        }
        await applyResponse(res);
        pushHistory(attr !== null ? next : pageUrl(res, next));
        scrollTo({ left: 0, top: 0, behavior: "instant" });
      } catch (err) {
        report(err, `loading ${next.href}`);
        location.href = next.href;
      }
    }));
}

async function onClick(e: MouseEvent): Promise<void> {
  if (
    e.defaultPrevented || e.button !== 0 ||
    e.ctrlKey || e.metaKey || e.altKey || e.shiftKey
  ) return;
  const target = e.target instanceof Element ? e.target : null;
  const link = target?.closest("a");
  if (link) {
    const href = link.getAttribute("href");
    if (
      !href || href.startsWith("#") || link.hasAttribute("download") ||
      (link.target && link.target !== "_self") ||
      link.origin !== location.origin || !clientNavEnabled(link)
    ) return;
    e.preventDefault();
    await navigate(link);
    return;
  }
  const button = target?.closest("button");
  if (
    !button || !button.hasAttribute(PARTIAL_ATTR) ||
    (button.type === "submit" && button.form !== null) ||
    !clientNavEnabled(button)
  ) return;
  e.preventDefault();
  await indicating(button, () =>
    busy(async () => {
      try {
        const url = resolvePartialAttr(button.getAttribute(PARTIAL_ATTR)!);
        const res = await fetch(partialUrl(url), { redirect: "follow" });
        if (!res.ok) {
          throw new PartialError(`${url.href} answered ${res.status}.`);
        }
        await applyResponse(res);
      } catch (err) {
        // A button has no page of its own to load: the page stays as it was.
        report(err, "the page is unchanged");
        if (!dev) console.warn(String(err));
      }
    }));
}

async function onSubmit(e: SubmitEvent): Promise<void> {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || e.defaultPrevented) return;
  const submitter = e.submitter;
  if (
    !clientNavEnabled(form) ||
    (submitter !== null && !clientNavEnabled(submitter))
  ) return;
  // Attributes, not `form.method`/`form.enctype`: a control named "method"
  // (a payment method select) shadows those properties.
  const method = (submitter?.getAttribute("formmethod") ??
    form.getAttribute("method") ?? "get").toLowerCase();
  if (method !== "get" && method !== "post") return;
  const partialAttr = submitter?.getAttribute(PARTIAL_ATTR) ??
    form.getAttribute(PARTIAL_ATTR);
  const actionAttr = submitter?.getAttribute("formaction") ??
    form.getAttribute("action");
  const action = new URL(actionAttr || location.href, location.href);
  if (action.origin !== location.origin) return;
  e.preventDefault();
  const body = new FormData(form, submitter);
  let page = action;
  if (method === "get") {
    page = new URL(action);
    page.search = new URLSearchParams(
      [...body].map(([k, v]) => [k, typeof v === "string" ? v : v.name]),
    ).toString();
  }
  await busy(async () => {
    let res: Response | null = null;
    try {
      let source = partialAttr !== null
        ? resolvePartialAttr(partialAttr)
        : page;
      if (method === "get" && partialAttr !== null) {
        source = new URL(source);
        source.search = page.search;
      }
      // Sent as the browser would: urlencoded unless the form asks for
      // multipart.
      const payload = form.getAttribute("enctype") === "multipart/form-data"
        ? body
        : new URLSearchParams(
          [...body].map(([k, v]) => [k, typeof v === "string" ? v : v.name]),
        );
      res = await fetch(
        partialUrl(source),
        method === "get"
          ? { redirect: "follow" }
          : { method: "POST", body: payload, redirect: "follow" },
      );
      // A POST was processed: its answer is shown even when not ok (a form
      // re-rendered with errors), as long as it has matching partials.
      if (!res.ok && method === "get") {
        throw new PartialError(`${source.href} answered ${res.status}.`);
      }
      await applyResponse(res.clone());
      if (method === "get") {
        pushHistory(partialAttr !== null ? page : pageUrl(res, page));
      } else if (res.redirected && partialAttr === null) {
        // Post/redirect/get: the address is the page redirected to.
        pushHistory(pageUrl(res, page));
      }
    } catch (err) {
      if (method === "get") {
        report(err, `loading ${page.href}`);
        location.href = page.href;
      } else if (res === null) {
        // The request never got an answer: submit the form natively.
        report(err, "submitting the form without client navigation");
        submitNatively(form, submitter);
      } else {
        // The server answered but not with usable partials: show its page.
        report(err, "showing the full response");
        const target = pageUrl(res, action);
        if (res.ok && res.redirected) location.href = target.href;
        else {
          const html = await res.text();
          document.open();
          document.write(html);
          document.close();
        }
      }
    }
  });
}

/** Submit without our handler (the submitter's name/value kept). */
function submitNatively(form: HTMLFormElement, submitter: HTMLElement | null) {
  form.setAttribute(CLIENT_NAV_ATTR, "false");
  if (submitter) {
    form.requestSubmit(submitter as HTMLButtonElement);
  } else form.requestSubmit();
}

async function onPopState(e: PopStateEvent): Promise<void> {
  const state = e.state as HistoryEntry | null;
  if (!state || state.fresh !== true) return;
  index = state.index;
  // Scroll positions are restored here, after the partials arrive.
  history.scrollRestoration = "manual";
  const url = new URL(location.href);
  await busy(async () => {
    try {
      const res = await fetch(partialUrl(url), { redirect: "follow" });
      if (!res.ok) {
        throw new PartialError(`${url.href} answered ${res.status}.`);
      }
      await applyResponse(res);
      scrollTo({
        left: state.scrollX,
        top: state.scrollY,
        behavior: "instant",
      });
    } catch (err) {
      report(err, "reloading");
      location.reload();
    }
  });
}

let started = false;

/** Register this page's partials and start handling navigation. */
export function startClientNav(
  opts: { dev: boolean; props: Record<string, unknown>[] },
): void {
  dev = opts.dev;
  registerPartials(document.body, null, null);
  bindIndicators([document.body], opts.props);
  if (started) return;
  started = true;
  const current = history.state as HistoryEntry | null;
  if (current?.fresh) index = current.index;
  else {
    history.replaceState(
      { fresh: true, index, scrollX, scrollY } satisfies HistoryEntry,
      "",
      location.href,
    );
  }
  document.addEventListener("click", onClick);
  document.addEventListener("submit", onSubmit);
  addEventListener("popstate", onPopState);
}
