import type { Signal } from "@preact/signals";

/** Shows whether a partial request with this `f-loading` signal is running. */
export default function Spinner(props: { loading: Signal<boolean> }) {
  return <span class="spinner">{props.loading.value ? "loading" : "idle"}
  </span>;
}
