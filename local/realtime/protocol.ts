/**
 * Phoenix channel frames as realtime-js speaks them.
 *
 * vsn 1.0.0 sends JSON objects `{join_ref, ref, topic, event, payload}`;
 * vsn 2.0.0 sends JSON arrays `[join_ref, ref, topic, event, payload]` and
 * client broadcasts as binary frames (kind 3, "user broadcast push").
 *
 * @module
 */

/** Protocol versions realtime-js can ask for with the `vsn` query parameter. */
export type Vsn = "1.0.0" | "2.0.0";

/** One Phoenix message, independent of its wire encoding. */
export interface PhoenixMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** Binary frame kind realtime-js uses for a client broadcast push. */
const KIND_USER_BROADCAST_PUSH = 3;
const ENCODING_JSON = 1;

/**
 * Parse the `vsn` query parameter; anything other than 1.0.0 is treated as
 * 2.0.0, which is what current clients default to. Returns null for values
 * no client sends so the server can refuse them.
 */
export function parseVsn(value: string | null): Vsn | null {
  if (value === null || value === "" || value === "2.0.0") return "2.0.0";
  if (value === "1.0.0") return "1.0.0";
  return null;
}

/**
 * Decode one websocket frame. Returns null for frames that are not a
 * well-formed message (they are ignored rather than closing the socket).
 */
export function decodeFrame(
  data: string | ArrayBuffer | Uint8Array,
  vsn: Vsn,
): PhoenixMessage | null {
  if (typeof data !== "string") return decodeBinary(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (Array.isArray(parsed)) {
    if (parsed.length !== 5) return null;
    const [join_ref, ref, topic, event, payload] = parsed;
    return shape({ join_ref, ref, topic, event, payload });
  }
  if (vsn === "1.0.0" && parsed !== null && typeof parsed === "object") {
    return shape(parsed as Record<string, unknown>);
  }
  return null;
}

/** Encode a server message in the client's protocol version. */
export function encodeFrame(msg: PhoenixMessage, vsn: Vsn): string {
  if (vsn === "1.0.0") {
    return JSON.stringify({
      join_ref: msg.join_ref,
      ref: msg.ref,
      topic: msg.topic,
      event: msg.event,
      payload: msg.payload,
    });
  }
  return JSON.stringify([
    msg.join_ref,
    msg.ref,
    msg.topic,
    msg.event,
    msg.payload,
  ]);
}

function shape(raw: Record<string, unknown>): PhoenixMessage | null {
  const { topic, event } = raw;
  if (typeof topic !== "string" || typeof event !== "string") return null;
  return {
    join_ref: refString(raw.join_ref),
    ref: refString(raw.ref),
    topic,
    event,
    payload: raw.payload ?? {},
  };
}

function refString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * Decode a vsn 2.0.0 binary client broadcast (kind 3): header of lengths,
 * then join_ref, ref, topic, user event, metadata and the payload bytes.
 * The result is an ordinary `broadcast` message; unknown kinds give null.
 */
function decodeBinary(data: ArrayBuffer | Uint8Array): PhoenixMessage | null {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < 7 || bytes[0] !== KIND_USER_BROADCAST_PUSH) return null;
  const lengths = [bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]];
  const encoding = bytes[6];
  const text = new TextDecoder();
  let offset = 7;
  const parts: string[] = [];
  for (const len of lengths) {
    if (offset + len > bytes.length) return null;
    parts.push(text.decode(bytes.subarray(offset, offset + len)));
    offset += len;
  }
  const [joinRef, ref, topic, userEvent, metadata] = parts;
  const body = bytes.subarray(offset);
  let payload: unknown;
  try {
    payload = encoding === ENCODING_JSON
      ? JSON.parse(text.decode(body))
      : body.slice().buffer;
  } catch {
    return null;
  }
  const broadcast: Record<string, unknown> = {
    type: "broadcast",
    event: userEvent,
    payload,
  };
  if (metadata) {
    try {
      broadcast.meta = JSON.parse(metadata);
    } catch {
      return null;
    }
  }
  return {
    join_ref: joinRef || null,
    ref: ref || null,
    topic,
    event: "broadcast",
    payload: broadcast,
  };
}

/**
 * Encode a server push whose payload is already JSON text. Fan-out uses this
 * so one change is serialized once, not once per subscriber.
 */
export function encodeFrameWithPayloadJson(
  head: Omit<PhoenixMessage, "payload">,
  payloadJson: string,
  vsn: Vsn,
): string {
  if (vsn === "1.0.0") {
    return `{"join_ref":${JSON.stringify(head.join_ref)},"ref":${
      JSON.stringify(head.ref)
    },"topic":${JSON.stringify(head.topic)},"event":${
      JSON.stringify(head.event)
    },"payload":${payloadJson}}`;
  }
  const prefix = JSON.stringify([
    head.join_ref,
    head.ref,
    head.topic,
    head.event,
  ]);
  return `${prefix.slice(0, -1)},${payloadJson}]`;
}
