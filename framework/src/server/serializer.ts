/**
 * Serializes island props (and plugin states) into Fresh's wire format,
 * `{"v": value, "r"?: [[targetPath, ...refPaths], ...]}`, readable by
 * `runtime/deserializer.ts`. Supports JSON values, bigint, Uint8Array,
 * signals and shared / circular references. Values with `toJSON` (Date) go
 * through it, so a Date arrives as its ISO string.
 */
import { isValidElement } from "preact";
import { KEY } from "../runtime/deserializer.ts";

/** The result of {@link serialize}. */
export interface SerializeResult {
  serialized: string;
  /** False when plain `JSON.parse(text).v` reads the value back. */
  requiresDeserializer: boolean;
  /** True when a signal factory is needed to read the value back. */
  hasSignals: boolean;
}

type PathKey = string | null;

interface SignalLike {
  peek(): unknown;
  value: unknown;
}

function isSignal(x: object): x is SignalLike {
  return typeof (x as SignalLike).peek === "function" && "value" in x;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** RFC 4648 base64 of bytes. */
export function b64encode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] +
      B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

/** Serialize `data` into Fresh's island state format. */
export function serialize(data: unknown): SerializeResult {
  let requiresDeserializer = false;
  let hasSignals = false;
  const seen = new Map<object, PathKey[]>();
  const refs = new Map<PathKey[], PathKey[][]>();

  const isDropped = (v: unknown) =>
    v === undefined || typeof v === "function" || typeof v === "symbol";

  function encode(input: unknown, key: string, path: PathKey[]): unknown {
    let value = input;
    // Signals define toJSON too, but must keep their identity.
    if (
      value !== null && typeof value === "object" && !isSignal(value) &&
      typeof (value as { toJSON?: unknown }).toJSON === "function"
    ) {
      value = (value as { toJSON(k: string): unknown }).toJSON(key);
    }
    if (typeof value === "bigint") {
      requiresDeserializer = true;
      return { [KEY]: "b", d: value.toString() };
    }
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (value === null || typeof value !== "object") return value;

    const earlier = seen.get(value);
    if (earlier !== undefined) {
      requiresDeserializer = true;
      const list = refs.get(earlier);
      if (list) list.push(path);
      else refs.set(earlier, [path]);
      return 0;
    }
    if (isSignal(value)) {
      seen.set(value, path);
      requiresDeserializer = true;
      hasSignals = true;
      return {
        [KEY]: "s",
        v: encode(value.peek(), "value", [...path, "value"]),
      };
    }
    if (isValidElement(value)) {
      throw new Error(
        "JSX can only be passed to an island as `children`; found JSX in prop " +
          JSON.stringify(key),
      );
    }
    seen.set(value, path);

    if (value instanceof Uint8Array) {
      requiresDeserializer = true;
      return { [KEY]: "u8a", d: b64encode(value) };
    }
    if (Array.isArray(value)) {
      return value.map((item, i) =>
        isDropped(item) ? null : encode(item, String(i), pathTo(item, path, i))
      );
    }
    if (KEY in value) {
      requiresDeserializer = true;
      const copy: Record<string, unknown> = { ...value };
      const tag = copy[KEY];
      delete copy[KEY];
      return { [KEY]: "l", k: tag, v: encodeObject(copy, [...path, null]) };
    }
    return encodeObject(value as Record<string, unknown>, path);
  }

  /**
   * The path of `item` under `path`: only objects need theirs (for shared
   * references), so a primitive gets its parent's instead of a new array.
   */
  function pathTo(
    item: unknown,
    path: PathKey[],
    key: string | number,
  ): PathKey[] {
    return item !== null && typeof item === "object"
      ? [...path, String(key)]
      : path;
  }

  function encodeObject(obj: Record<string, unknown>, path: PathKey[]) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      const item = obj[k];
      if (isDropped(item)) continue;
      out[k] = encode(item, k, pathTo(item, path, k));
    }
    return out;
  }

  const wire: { v: unknown; r?: PathKey[][][] } = { v: encode(data, "", []) };
  if (refs.size > 0) {
    wire.r = [...refs].map(([target, uses]) => [target, ...uses]);
  }
  return {
    serialized: JSON.stringify(wire),
    requiresDeserializer,
    hasSignals,
  };
}
