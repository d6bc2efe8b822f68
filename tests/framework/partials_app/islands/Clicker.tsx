import { useEffect, useState } from "preact/hooks";

/** Where the browser test reads the labels of unmounted Clickers. */
const record = globalThis as { unmounted?: string[] };

/** A counter island that records its unmount (effect cleanup). */
export default function Clicker(props: { label: string; start: number }) {
  const [n, setN] = useState(props.start);
  useEffect(() => () => {
    (record.unmounted ??= []).push(props.label);
  }, []);
  return (
    <button type="button" class="clicker" onClick={() => setN(n + 1)}>
      {props.label}:{n}
    </button>
  );
}
