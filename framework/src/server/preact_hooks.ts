/**
 * Preact option hooks for server rendering: swap island components and the
 * document tags (`html`, `head`, `body`) for wrappers that record what the
 * page needs, and apply `asset()` to image sources. The swap happens when a
 * vnode is created; the wrappers consult the current render when they run.
 */
import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";
import type { Island } from "./types.ts";
import { currentRender } from "./render_state.ts";
import { assetHashingProps } from "../runtime/asset.ts";
import { asciiChildren } from "./ascii_text.ts";
import { basePathProps } from "../runtime/base_path.ts";
import {
  CLIENT_NAV_ATTR,
  LOADING_ATTR,
  Partial,
  PARTIAL_MODES,
} from "../runtime/partial.ts";

type AnyProps = Record<string, unknown> & { children?: ComponentChildren };

/** Key of the box around an `f-loading` signal between vnode and render. */
const LOADING_BOX = "__frshLoading";

const islandByComponent = new Map<unknown, Island>();
const wrapperByIsland = new Map<Island, ComponentType<AnyProps>>();
const keyByProps = new WeakMap<object, string>();

/** Make these islands known to the renderer (idempotent). */
export function registerIslands(islands: Island[]): void {
  for (const island of islands) islandByComponent.set(island.component, island);
}

/** A comment node for preact-render-to-string. */
function comment(text: string): VNode {
  return h(Fragment, { UNSTABLE_comment: text } as never);
}

/** Create a vnode of `type` without our hooks re-wrapping it. */
function raw(type: unknown, props: AnyProps): VNode {
  const vnode = h(type as ComponentType<AnyProps>, props);
  vnode.type = type as ComponentType;
  return vnode;
}

function IslandDepthEnter(): null {
  const st = currentRender();
  if (st) st.islandDepth++;
  return null;
}

function IslandDepthExit(): null {
  const st = currentRender();
  if (st) st.islandDepth--;
  return null;
}

function SlotEnter(): null {
  const st = currentRender();
  if (st) {
    st.slotDepths.push(st.islandDepth);
    st.islandDepth = 0;
  }
  return null;
}

function SlotExit(): null {
  const st = currentRender();
  if (st) st.islandDepth = st.slotDepths.pop() ?? 0;
  return null;
}

interface SlotInfo {
  rendered: boolean;
}

function slotContent(
  id: string,
  idx: number,
  children: ComponentChildren,
): VNode {
  const name = `frsh-slot-${id}:${idx}:children`;
  return h(Fragment, null, [
    comment(name),
    h(SlotEnter, null),
    children,
    h(SlotExit, null),
    comment(`/${name}`),
  ]);
}

function islandWrapper(island: Island): ComponentType<AnyProps> {
  let wrapper = wrapperByIsland.get(island);
  if (wrapper) return wrapper;
  wrapper = function IslandMarker(props: AnyProps) {
    const st = currentRender();
    if (!st || st.islandDepth > 0) return raw(island.component, props);

    const { children, ...rest } = props;
    const idx = st.islandProps.length;
    st.islandProps.push(rest);
    st.islands.add(island);
    const key = keyByProps.get(props) ?? "";
    const marker = `frsh-${island.id}:${idx}:${key}`;

    const innerProps: AnyProps = { ...rest };
    const slot: SlotInfo = { rendered: false };
    if (children !== undefined) {
      const SlotMark = () => {
        slot.rendered = true;
        return slotContent(island.id, idx, children);
      };
      innerProps.children = h(SlotMark, null);
    }
    // Slots the island never rendered still ship their HTML for the client.
    const Leftover = () =>
      children !== undefined && !slot.rendered
        ? h("template", { id: `frsh-slot-${island.id}-${idx}-children` }, [
          slotContent(island.id, idx, children),
        ])
        : null;
    return h(Fragment, null, [
      comment(marker),
      h(IslandDepthEnter, null),
      raw(island.component, innerProps),
      h(IslandDepthExit, null),
      comment(`/${marker}`),
      h(Leftover, null),
    ]);
  };
  wrapperByIsland.set(island, wrapper);
  return wrapper;
}

/**
 * `<Partial>` during a server render: its children between
 * `frsh-partial:{name}:{mode}:{key}` markers, and its name recorded.
 */
function PartialMarker(props: AnyProps) {
  const st = currentRender();
  if (!st) return h(Fragment, null, props.children);
  const name = props.name;
  if (typeof name !== "string" || name === "" || name.includes(":")) {
    throw new Error(
      `<Partial> needs a name without ":" (got ${JSON.stringify(name)}).`,
    );
  }
  if (st.islandDepth > 0) {
    throw new Error(
      `<Partial name="${name}"> cannot be used inside an island.`,
    );
  }
  const modeName = (props.mode ?? "replace") as string;
  const mode = PARTIAL_MODES[modeName as keyof typeof PARTIAL_MODES];
  if (mode === undefined) {
    throw new Error(
      `Unknown mode "${modeName}" of <Partial name="${name}"> (replace, append or prepend).`,
    );
  }
  if (st.partials.includes(name)) {
    throw new Error(
      `Two <Partial name="${name}"> on one page: partial names must be unique.`,
    );
  }
  st.partials.push(name);
  const key = keyByProps.get(props) ?? "";
  const marker = `frsh-partial:${name}:${mode}:${key}`;
  return h(Fragment, null, [
    comment(marker),
    props.children,
    comment(`/${marker}`),
  ]);
}

function HtmlTag(props: AnyProps) {
  const st = currentRender();
  if (!st) return raw("html", props);
  const { children, ...attrs } = props;
  st.htmlAttrs = attrs;
  return h(Fragment, null, children);
}

function HeadTag(props: AnyProps) {
  const st = currentRender();
  if (!st) return raw("head", props);
  const { children, ...attrs } = props;
  st.appHead.push(children);
  if (Object.keys(attrs).length > 0) {
    st.headAttrs = { ...(st.headAttrs ?? {}), ...attrs };
  }
  return null;
}

function BodyTag(props: AnyProps) {
  const st = currentRender();
  if (!st) return raw("body", props);
  const { children, ...attrs } = props;
  st.bodyAttrs = attrs;
  return h(Fragment, null, children);
}

const DOCUMENT_TAGS: Record<string, ComponentType<AnyProps>> = {
  html: HtmlTag,
  head: HeadTag,
  body: BodyTag,
};

let classTransform: ((cls: string) => string) | null = null;

/**
 * Set a function that rewrites `class` strings at render time (twind) and is
 * told every class string the page renders; null removes it.
 */
export function setClassTransform(fn: ((cls: string) => string) | null): void {
  classTransform = fn;
}

let installed = false;

const CLASS_PROPS = ["class", "className"] as const;

/** Answers of {@link isErrorBoundary} per component: asked for every vnode of every render. */
const boundaryTypes = new WeakMap<object, boolean>();

/** A class component that can catch render errors of its children. */
function isErrorBoundary(type: unknown): boolean {
  if (typeof type !== "function") return false;
  let known = boundaryTypes.get(type);
  if (known === undefined) {
    known = hasBoundaryMethods(type);
    boundaryTypes.set(type, known);
  }
  return known;
}

function hasBoundaryMethods(type: unknown): boolean {
  const t = type as {
    getDerivedStateFromError?: unknown;
    prototype?: { render?: unknown; componentDidCatch?: unknown };
  };
  return typeof t.prototype?.render === "function" &&
    (typeof t.getDerivedStateFromError === "function" ||
      typeof t.prototype.componentDidCatch === "function");
}

/** Island nesting depth saved when a render enters an error boundary. */
const depthAtBoundary = new WeakMap<VNode, [number, number]>();

/** Install the hooks once per process. */
export function installServerHooks(): void {
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode: VNode) => {
    const type = vnode.type as unknown;
    const props = vnode.props as AnyProps | null;
    if (typeof type === "function") {
      const island = islandByComponent.get(type);
      if (island) {
        if (vnode.key != null && props) {
          keyByProps.set(props, String(vnode.key));
        }
        vnode.type = islandWrapper(island) as ComponentType;
      } else if (type === Partial) {
        if (vnode.key != null && props) {
          keyByProps.set(props, String(vnode.key));
        }
        vnode.type = PartialMarker as ComponentType;
      }
    } else if (typeof type === "string") {
      const tag = DOCUMENT_TAGS[type];
      if (tag) vnode.type = tag as ComponentType;
      else assetHashingProps(type, props);
      if (
        props && props.children != null && typeof props.children !== "number"
      ) {
        props.children = asciiChildren(type, props.children);
      }
      // `f-client-nav={false}` must reach the HTML as "false", not vanish.
      if (props && typeof props[CLIENT_NAV_ATTR] === "boolean") {
        props[CLIENT_NAV_ATTR] = String(props[CLIENT_NAV_ATTR]);
      }
      // Boxed so that signal integrations do not render its value.
      if (
        props && props[LOADING_ATTR] && typeof props[LOADING_ATTR] === "object"
      ) {
        props[LOADING_ATTR] = { [LOADING_BOX]: props[LOADING_ATTR] };
      }
    }
    previous?.(vnode);
  };
  // Error boundaries (getDerivedStateFromError / componentDidCatch) work
  // during server rendering, as in Fresh.
  (options as { errorBoundaries?: boolean }).errorBoundaries = true;
  // `__b` runs as render-to-string reaches each vnode, including ones created
  // earlier in async components, so classes are recorded per render.
  const hooks = options as unknown as Record<string, (v: VNode) => void>;
  const previousDiff = hooks.__b;
  hooks.__b = (vnode: VNode) => {
    const st = currentRender();
    if (st && isErrorBoundary(vnode.type)) {
      depthAtBoundary.set(vnode, [st.islandDepth, st.slotDepths.length]);
    }
    if (st && typeof vnode.type === "string") {
      const props = vnode.props as AnyProps;
      if (st.basePath) basePathProps(vnode.type, props, st.basePath);
      // `f-loading={signal}` outside islands: the signal travels with the
      // island props (same wire format, same identity as an island's copy)
      // and the attribute names its index.
      const loading = props[LOADING_ATTR] as Record<string, unknown> | string;
      if (
        loading && typeof loading === "object" && LOADING_BOX in loading
      ) {
        if (st.islandDepth > 0) delete props[LOADING_ATTR];
        else {
          props[LOADING_ATTR] = String(st.islandProps.length);
          st.islandProps.push({ [LOADING_ATTR]: loading[LOADING_BOX] });
        }
      }
      if (
        st.nonce && (vnode.type === "script" || vnode.type === "style") &&
        props.nonce === undefined
      ) {
        props.nonce = st.nonce;
      }
      for (const name of CLASS_PROPS) {
        const cls = props[name];
        if (typeof cls === "string" && cls !== "") {
          const out = classTransform ? classTransform(cls) : cls;
          st.classNames.add(out);
          props[name] = out;
        }
      }
    }
    previousDiff?.(vnode);
  };
  // A child that threw skipped its island/slot exit markers: when the
  // boundary is done, put the island depth back to what it was before it.
  const previousDiffed = options.diffed;
  options.diffed = (vnode: VNode) => {
    const saved = depthAtBoundary.get(vnode);
    const st = currentRender();
    if (saved && st) {
      depthAtBoundary.delete(vnode);
      st.islandDepth = saved[0];
      st.slotDepths.length = saved[1];
    }
    previousDiffed?.(vnode);
  };
}
