/** A tiny island for the inline apps of compat_test.tsx. */
export default function Island(props: { n: number }) {
  return <b class="island">{props.n}</b>;
}
