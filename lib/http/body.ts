/**
 * Reading and validating JSON request bodies without ever failing with a 5xx.
 *
 * @module
 */

import type { z } from "zod";
import { ERROR_CODES, fromZodError, jsonError } from "./errors.ts";

/**
 * UTF-8 for bodies read in chunks, decoded as `Request.json()` decodes a
 * streamed body (the Fetch standard's UTF-8 decode): bytes that are not
 * UTF-8 become U+FFFD and a leading byte order mark is dropped. One decoder
 * for every body: a decode without `stream` keeps nothing between calls, and
 * constructing one per request showed in the quote profile (ADR 0044).
 */
const UTF8 = new TextDecoder("utf-8");

/** Default largest JSON body accepted, in bytes. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024;

/** Either the value, or the error response to send back as is. */
export type BodyResult<T> = { ok: true; value: T } | {
  ok: false;
  response: Response;
};

/** True when a Content-Type header names JSON (`application/json` or `application/*+json`, any parameters). */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return type === "application/json" ||
    /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function tooLarge(maxBytes: number): BodyResult<never> {
  return {
    ok: false,
    response: jsonError(
      413,
      ERROR_CODES.PAYLOAD_TOO_LARGE,
      `The body is larger than ${maxBytes} bytes.`,
    ),
  };
}

function malformed(message: string): BodyResult<never> {
  return {
    ok: false,
    response: jsonError(400, ERROR_CODES.MALFORMED_JSON, message),
  };
}

/** Reads at most `maxBytes` of the body; null when it is longer. Stops reading as soon as the limit is passed. */
async function readCapped(
  req: Request,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A body of declared length parsed by `Request.json()`. The length was
 * checked against the limit, and `Deno.serve`'s HTTP framing holds the body
 * to it (a `Request` built in-process is trusted to). On `Deno.serve`, a
 * body that has fully arrived is decoded by the runtime straight into a
 * string; reading its bytes first cost a copy into the JS heap and a second
 * decode, about a tenth of a quote's CPU (ADR 0057). That string keeps a
 * byte order mark, which `JSON.parse` refuses; a body still arriving is
 * streamed and has it dropped. Clients do not send one (RFC 8259 §8.1).
 */
async function parseDeclared(
  req: Request,
  length: number,
): Promise<BodyResult<unknown>> {
  if (length === 0) {
    return malformed("The body is empty; send a JSON object.");
  }
  let value: unknown;
  try {
    value = await req.json();
  } catch (err) {
    return malformed(
      err instanceof SyntaxError
        ? "The body is not valid JSON."
        : "The body could not be read.",
    );
  }
  return { ok: true, value };
}

/**
 * Reads a JSON request body. Every failure becomes a ready error response:
 * - 415 `UNSUPPORTED_MEDIA_TYPE` when Content-Type is not JSON;
 * - 413 `PAYLOAD_TOO_LARGE` when Content-Length or the bytes read exceed `maxBytes`;
 * - 400 `MALFORMED_JSON` for an empty body, invalid JSON, or a body stream
 *   that fails mid-way.
 * Bytes that are not UTF-8 are read as U+FFFD, as a browser reads them: a
 * U+FFFD a customer pasted is text like any other (ADR 0057).
 * Never throws.
 */
export async function readJson(
  req: Request,
  maxBytes: number = DEFAULT_MAX_JSON_BYTES,
): Promise<BodyResult<unknown>> {
  if (!isJsonContentType(req.headers.get("content-type"))) {
    return {
      ok: false,
      response: jsonError(
        415,
        ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
        "Send the body as JSON with Content-Type: application/json.",
      ),
    };
  }
  const declared = req.headers.get("content-length");
  const length = declared !== null && /^\d+$/.test(declared)
    ? Number(declared)
    : null;
  if (length !== null) {
    return length > maxBytes
      ? tooLarge(maxBytes)
      : await parseDeclared(req, length);
  }
  // Chunked bodies are counted as they come.
  let bytes: Uint8Array | null;
  try {
    bytes = await readCapped(req, maxBytes);
  } catch {
    return malformed("The body could not be read.");
  }
  if (bytes === null) return tooLarge(maxBytes);
  const text = UTF8.decode(bytes);
  if (text.trim() === "") {
    return malformed("The body is empty; send a JSON object.");
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return malformed("The body is not valid JSON.");
  }
}

/** Validates a value with a zod schema; failures become a 422 `VALIDATION_FAILED` response. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): BodyResult<z.output<S>> {
  const r = schema.safeParse(value);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, response: fromZodError(r.error) };
}

/** {@link readJson} then {@link validate}: the one call a JSON route needs. */
export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes: number = DEFAULT_MAX_JSON_BYTES,
): Promise<BodyResult<z.output<S>>> {
  const body = await readJson(req, maxBytes);
  return body.ok ? validate(schema, body.value) : body;
}
