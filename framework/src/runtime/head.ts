/**
 * `<Head>`: SSR-only; its children are moved into the document `<head>`.
 * The last `<title>` wins and elements with the same `key` are de-duplicated.
 */
import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { HEAD_CONTEXT } from "./head_context.ts";

/** Props of {@link Head}. */
export interface HeadProps {
  children?: ComponentChildren;
}

/** Put children into the document `<head>` (server render only). */
export function Head(props: HeadProps): null {
  useContext(HEAD_CONTEXT)?.push(props.children);
  return null;
}
