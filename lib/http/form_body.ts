/** Size-bounded reading of HTML form posts. */

/** Result of reading a form body. */
export type FormBodyResult =
  | { ok: true; form: FormData }
  | { ok: false; status: 400 | 413 | 415; reason: string };

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Reads a form body of at most `maxBytes`, counting the bytes as they stream
 * in (a missing or false Content-Length cannot bypass the limit).
 */
export async function readFormBody(
  req: Request,
  maxBytes: number,
): Promise<FormBodyResult> {
  const contentType = req.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) {
    return { ok: false, status: 415, reason: "not a form post" };
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    return { ok: false, status: 413, reason: "body too large" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: false, status: 413, reason: "body too large" };
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
  try {
    const form = await new Response(bytes, {
      headers: { "content-type": contentType },
    }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, status: 400, reason: "malformed form body" };
  }
}

/** Largest form body a staff or booking form may post. */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * The posted form, or the plain-text response that refuses it (413 too
 * large, 415 not a form, 400 malformed): for routes whose form has no page
 * state worth re-rendering on such a request.
 */
export async function formOrRefusal(
  req: Request,
  maxBytes: number = MAX_FORM_BYTES,
): Promise<FormData | Response> {
  const body = await readFormBody(req, maxBytes);
  if (body.ok) return body.form;
  const text = body.status === 413
    ? "Payload too large"
    : body.status === 415
    ? "Unsupported media type: expected a form post"
    : "Bad request: the form could not be read";
  return new Response(text, {
    status: body.status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}
