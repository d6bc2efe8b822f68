import { useEffect, useState } from "preact/hooks";

declare global {
  interface Window {
    /** Labels of Clicker islands whose effects were cleaned up. */
    unmounted?: string[];
  }
}

/** A counter island that records its unmount (effect cleanup). */
export default function Clicker(props: { label: string; start: number }) {
  const [n, setN] = useState(props.start);
  useEffect(() => () => {
    (window.unmounted ??= []).push(props.label);
  }, []);
  return (
    <button type="button" class="clicker" onClick={() => setN(n + 1)}>
      {props.label}:{n}
    </button>
  );
}
