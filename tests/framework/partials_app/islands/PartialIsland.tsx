import { Partial } from "$fresh/runtime.ts";

/** An island that (wrongly) renders a `<Partial>` itself. */
export default function PartialIsland() {
  return <Partial name="inside">x</Partial>;
}
