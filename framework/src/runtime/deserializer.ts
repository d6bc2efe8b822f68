/**
 * Reads Fresh's island props wire format: `{"v": value, "r"?: refs}` where
 * tagged objects `{"_f": "s"|"b"|"u8a"|"l", ...}` stand for signals, bigints,
 * byte arrays and objects that themselves had an `_f` key.
 */

/** The tag key used by the wire format. */
export const KEY = "_f";

type PathKey = string | null;

function b64decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Parse serialized props. `signal` builds signals for `"_f":"s"` values and is
 * only needed when the text contains signals.
 */
export function deserialize(
  text: string,
  signal?: (value: unknown) => unknown,
): unknown {
  const parsed = JSON.parse(text, function (_key, value) {
    if (value === null || typeof value !== "object" || !(KEY in value)) {
      return value;
    }
    switch (value[KEY]) {
      case "s":
        if (!signal) throw new Error("Signal factory missing");
        return signal(value.v);
      case "b":
        return BigInt(value.d);
      case "u8a":
        return b64decode(value.d);
      case "l": {
        const inner = value.v;
        inner[KEY] = value.k;
        return inner;
      }
      default:
        throw new Error(`Unknown key: ${value[KEY]}`);
    }
  });
  const root = parsed.v;
  const refs = (parsed.r ?? []) as [PathKey[], ...PathKey[][]][];
  // deno-lint-ignore no-explicit-any
  const walk = (path: PathKey[]): any =>
    // deno-lint-ignore no-explicit-any
    path.reduce((obj: any, key) => key === null ? obj : obj[key], root);
  for (const [targetPath, ...refPaths] of refs) {
    const target = walk(targetPath);
    for (const refPath of refPaths) {
      if (refPath.length === 0) throw new Error("Invalid reference");
      const parent = walk(refPath.slice(0, -1));
      parent[refPath[refPath.length - 1]!] = target;
    }
  }
  return root;
}
