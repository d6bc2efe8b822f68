/** An island contributed by a plugin (`islands: {baseLocation, paths}`). */
import { useState } from "preact/hooks";

export default function PluginCounter(props: { start: number }) {
  const [n, setN] = useState(props.start);
  return (
    <button
      type="button"
      class="plugin-counter"
      onClick={() => setN(n + 1)}
    >
      {n}
    </button>
  );
}
