/**
 * Small HTTP helpers for the auth endpoints.
 *
 * @module
 */
import { AuthError, validationFailed } from "./errors.ts";

/** Request bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A JSON response with GoTrue's content type. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/**
 * Reads a JSON object body. Empty bodies count as `{}` (auth-js sends none
 * for some calls); anything else that is not an object is a 400.
 */
export async function readBody(req: Request): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    throw new AuthError(400, "validation_failed", "Request body too large");
  }
  // Counted while streaming: a chunked body has no Content-Length to check.
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new AuthError(400, "validation_failed", "Request body too large");
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AuthError(
      400,
      "bad_json",
      "Could not parse request body as JSON: expected an object",
    );
  }
  return value as Record<string, unknown>;
}

/** A string field, or undefined when absent/null; other types are a 400. */
export function optionalString(
  body: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new AuthError(400, "validation_failed", `${key} must be a string`);
  }
  return value;
}

/** An object field (metadata), or undefined; other types are a 400. */
export function optionalObject(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new AuthError(400, "validation_failed", `${key} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** A boolean field, or undefined; other types are a 400. */
export function optionalBoolean(
  body: Record<string, unknown>,
  key: string,
): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    throw new AuthError(400, "validation_failed", `${key} must be a boolean`);
  }
  return value;
}

/**
 * GoTrue's email syntax check (checkmail's pattern): a dot-atom-ish local
 * part of the RFC 5322 atext characters, `@`, and DNS labels.
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Validates and lower-cases an email the way GoTrue does: 400
 * `validation_failed` "An email address is required", "... is too long"
 * (over 255) or "Unable to validate email address: invalid format".
 */
export function normalizeEmail(value: string | undefined): string {
  const email = (value ?? "").trim();
  if (email === "") {
    throw validationFailed("An email address is required");
  }
  if (email.length > 255) {
    throw validationFailed("An email address is too long");
  }
  if (!EMAIL.test(email)) {
    throw validationFailed(
      "Unable to validate email address: invalid format",
    );
  }
  return email.toLowerCase();
}

/** The bearer token of a request, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** CORS headers GoTrue sends (any origin; credentials travel in headers). */
export function withCors(response: Response, req: Request): Response {
  const origin = req.headers.get("origin");
  if (!origin) return response;
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", "X-Supabase-Api-Version");
  headers.append("vary", "Origin");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Answers a CORS preflight. */
export function preflight(req: Request): Response {
  return withCors(
    new Response(null, {
      status: 204,
      headers: {
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers.get(
          "access-control-request-headers",
        ) ??
          "authorization, apikey, content-type, x-client-info, x-supabase-api-version",
        "access-control-max-age": "86400",
      },
    }),
    req,
  );
}

/** Client facts stored on sessions. */
export function clientInfo(
  req: Request,
): { userAgent: string | null; ip: string | null } {
  const forwarded = req.headers.get("x-forwarded-for");
  return {
    userAgent: req.headers.get("user-agent"),
    ip: forwarded ? forwarded.split(",")[0].trim() : null,
  };
}
