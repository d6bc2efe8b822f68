/**
 * `HEAD_CONTEXT`: during a server render the renderer provides an array
 * that `<Head>` pushes its children into; in the browser nothing provides
 * it and the collected children are dropped.
 */
import { type ComponentChildren, createContext } from "preact";

/** Collects the children of `<Head>` elements (Fresh's `HEAD_CONTEXT`). */
export const HEAD_CONTEXT = createContext<ComponentChildren[] | null>(null);
