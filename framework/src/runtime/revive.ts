/**
 * Client-side hydration: finds top-level island markers
 * (`<!--frsh-{id}:{idx}:{key}-->` … `<!--/frsh-…-->`) in the body and renders
 * each island in place. Server-rendered slot HTML becomes the island's
 * `children` (nested islands inside slots are revived as islands too).
 */
import {
  type ComponentChildren,
  type ComponentType,
  h,
  render,
  type VNode,
} from "preact";
import { createRootFragment } from "./root_fragment.ts";

type IslandMap = Record<string, ComponentType>;
type Props = Record<string, unknown>;

const START = /^frsh-(?!slot-|partial:|key:)(.+):(\d+):(.*)$/;

/** A hydrated island: its bounds and the fragment Preact renders into. */
interface Mounted {
  first: Node;
  root: Element;
}

/** Islands hydrated so far (partials unmount the ones they remove). */
const mounted: Mounted[] = [];

/**
 * Unmount (run effect cleanups of) every hydrated island that starts inside
 * one of `nodes`, before those nodes leave the document.
 */
export function unmountIslandsIn(nodes: Node[]): void {
  for (let i = mounted.length - 1; i >= 0; i--) {
    const { first, root } = mounted[i];
    if (nodes.some((n) => n === first || n.contains(first))) {
      render(null, root);
      mounted.splice(i, 1);
    }
  }
}

function findEnd(start: Node, text: string): Node | null {
  for (let n = start.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === 8 && (n as Comment).data === text) return n;
  }
  return null;
}

function findComment(nodes: Node[], text: string): Comment | null {
  for (const node of nodes) {
    if (node.nodeType === 8 && (node as Comment).data === text) {
      return node as Comment;
    }
    if (node.nodeType === 1) {
      const found = findComment([...node.childNodes], text);
      if (found) return found;
    }
  }
  return null;
}

function nodesBetween(start: Node, end: Node | null): Node[] {
  const out: Node[] = [];
  for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
    out.push(n);
  }
  return out;
}

/** Attributes whose presence means true (Preact would set `""` otherwise). */
const BOOLEAN_ATTRS = new Set([
  "checked",
  "selected",
  "disabled",
  "multiple",
  "readonly",
  "required",
  "hidden",
  "open",
  "autofocus",
  "novalidate",
  "formnovalidate",
  "inert",
]);

/**
 * Props that recreate a server-rendered element: its attributes, plus the
 * live form state (what the user may have changed before hydration), so
 * rendering the island does not reset checkboxes, radios, selects or text.
 */
function propsOf(el: Element): Props {
  const attrs: Props = {};
  for (const attr of el.attributes) {
    attrs[attr.name] = BOOLEAN_ATTRS.has(attr.name) ? true : attr.value;
  }
  if (el instanceof HTMLInputElement) {
    if (el.type === "checkbox" || el.type === "radio") {
      attrs.checked = el.checked;
    } else if (el.type !== "file") attrs.value = el.value;
  } else if (el instanceof HTMLTextAreaElement) {
    attrs.value = el.value;
  } else if (el instanceof HTMLSelectElement && !el.multiple) {
    attrs.value = el.value;
  } else if (el instanceof HTMLOptionElement) {
    attrs.selected = el.selected;
  }
  return attrs;
}

/** Convert server-rendered DOM (slot content) into static vnodes. */
function toVNodes(
  nodes: Node[],
  islands: IslandMap,
  props: Props[],
): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.nodeType === 3) {
      out.push((node as Text).data);
    } else if (node.nodeType === 8) {
      const m = START.exec((node as Comment).data);
      if (!m || !islands[m[1]]) continue;
      const end = findEnd(node, `/${(node as Comment).data}`);
      const inner = nodesBetween(node, end);
      out.push(islandVNode(islands, props, m, inner));
      while (i < nodes.length && nodes[i] !== end) i++;
    } else if (node.nodeType === 1) {
      const el = node as Element;
      out.push(
        h(
          el.localName,
          propsOf(el),
          ...toVNodes([...el.childNodes], islands, props),
        ),
      );
    }
  }
  return out;
}

function slotChildren(
  id: string,
  idx: string,
  inner: Node[],
  islands: IslandMap,
  props: Props[],
): ComponentChildren[] | undefined {
  const name = `frsh-slot-${id}:${idx}:children`;
  let start: Node | null = findComment(inner, name);
  if (!start) {
    const tpl = document.getElementById(`frsh-slot-${id}-${idx}-children`);
    if (tpl instanceof HTMLTemplateElement) {
      start = findComment([...tpl.content.childNodes], name);
    }
  }
  if (!start) return undefined;
  return toVNodes(
    nodesBetween(start, findEnd(start, `/${name}`)),
    islands,
    props,
  );
}

function islandVNode(
  islands: IslandMap,
  props: Props[],
  match: RegExpExecArray,
  inner: Node[],
): VNode {
  const [, id, idx, key] = match;
  const p: Props = { ...props[Number(idx)] };
  const children = slotChildren(id, idx, inner, islands, props);
  if (children !== undefined) p.children = children;
  if (key) p.key = key;
  return h(islands[id], p);
}

/**
 * Hydrate every top-level island in the document body, each in a task of its
 * own (as Fresh 1.x does with `scheduler.postTask` or `setTimeout`): the
 * browser can paint and answer input between islands instead of running one
 * long task. Resolves once every island has rendered (ADR 0048).
 */
export async function revive(
  islands: IslandMap,
  props: Props[],
): Promise<void> {
  for (const job of islandJobs(islands, props, document.body, null, null)) {
    await nextTask();
    job();
  }
}

/** Resolves in a new task (after input and rendering the browser has queued). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as {
    scheduler?: { postTask(cb: () => void): Promise<void> };
  }).scheduler;
  return scheduler?.postTask
    ? scheduler.postTask(() => {})
    : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Hydrate the top-level islands among the children of `parent` strictly
 * between `after` and `before` (null: from the first / to the last child),
 * synchronously (partial navigation swaps content and islands at once).
 */
export function reviveRange(
  islands: IslandMap,
  props: Props[],
  parent: Node,
  after: Node | null,
  before: Node | null,
): void {
  for (const job of islandJobs(islands, props, parent, after, before)) job();
}

/**
 * Find the top-level islands between `after` and `before`, replace their
 * markers with the text nodes that bound them, and return one render per
 * island.
 */
function islandJobs(
  islands: IslandMap,
  props: Props[],
  parent: Node,
  after: Node | null,
  before: Node | null,
): (() => void)[] {
  const work: (() => void)[] = [];
  const walk = (parent: Node, after: Node | null, before: Node | null) => {
    for (
      let n: Node | null = after ? after.nextSibling : parent.firstChild;
      n && n !== before;
      n = n.nextSibling
    ) {
      if (n.nodeType === 8) {
        const m = START.exec((n as Comment).data);
        if (!m || !islands[m[1]]) continue;
        const start = n;
        const end = findEnd(start, `/${(n as Comment).data}`);
        if (!end) continue;
        const vnode = islandVNode(islands, props, m, nodesBetween(start, end));
        // Empty text nodes replace the marker comments (Fresh removes the
        // markers from the document) and keep bounding the island's DOM.
        const first = document.createTextNode("");
        const last = document.createTextNode("");
        parent.replaceChild(first, start);
        parent.replaceChild(last, end);
        const root = createRootFragment(parent, first, last);
        mounted.push({ first, root });
        work.push(() => render(vnode, root));
        n = last;
      } else if (n.nodeType === 1 && (n as Element).localName !== "template") {
        walk(n, null, null);
      }
    }
  };
  walk(parent, after, before);
  return work;
}
