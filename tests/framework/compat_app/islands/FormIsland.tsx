/**
 * An island around server-rendered form controls (its children): shows when
 * it has hydrated and can append an element after its children.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

export default function FormIsland(props: { children?: ComponentChildren }) {
  const [hydrated, setHydrated] = useState(false);
  const [count, setCount] = useState(0);
  useEffect(() => setHydrated(true), []);
  return (
    <>
      <button type="button" class="more" onClick={() => setCount(count + 1)}>
        more
      </button>
      <form class="form-island" data-hydrated={String(hydrated)}>
        {props.children}
      </form>
      {count > 0 && <em class="extra">extra {count}</em>}
    </>
  );
}
