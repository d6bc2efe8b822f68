/**
 * What Twilio's webhooks share (ADR 0036, 0060): the posted form read as
 * signed parameters, verified with `X-Twilio-Signature` before anything in
 * it is trusted, then validated with a zod schema; and the route answer
 * around it.
 *
 * @module
 */
import type { z } from "zod";
import { type AppParts, partsOf } from "../app/parts.ts";
import { type ApiIssue, jsonError, zodIssues } from "../http/errors.ts";
import { readFormBody } from "../http/form_body.ts";
import { verifyTwilioSignature } from "./twilio.ts";

/** A webhook post that was not Twilio's, or whose fields are not valid. */
export type WebhookRefusal =
  | { kind: "refused"; reason: "signature" }
  | { kind: "invalid"; issues: ApiIssue[] };

/**
 * The fields of a form Twilio posted, checked against its signature and
 * then `schema`.
 */
export async function verifiedWebhook<T>(
  post: WebhookPost,
  schema: z.ZodType<T>,
): Promise<WebhookRefusal | { kind: "verified"; fields: T }> {
  const params: [string, string][] = [];
  for (const [k, v] of post.form.entries()) {
    if (typeof v === "string") params.push([k, v]);
  }
  const { authToken, url, signature } = post;
  if (!await verifyTwilioSignature(authToken, url, params, signature)) {
    return { kind: "refused", reason: "signature" };
  }
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    return { kind: "invalid", issues: zodIssues(parsed.error) };
  }
  return { kind: "verified", fields: parsed.data };
}

/** What a Twilio webhook route is given: the verified post's inputs. */
export interface WebhookPost {
  /** The auth token that signs Twilio's posts. */
  authToken: string;
  /** The public URL Twilio was given (what it signed). */
  url: string;
  form: FormData;
  signature: string | null;
}

/**
 * The answer of a Twilio webhook route: 404 when Twilio is not configured,
 * 413/415 for a form that cannot be read, 403 for a bad signature and 422
 * with the fields at fault (`handle` refused it), else `ok` of what
 * `handle` recorded.
 */
export async function answerTwilioWebhook<T extends { kind: "recorded" }>(
  req: Request,
  ctx: { state: unknown; url: URL },
  handle: (post: WebhookPost, app: AppParts) => Promise<WebhookRefusal | T>,
  ok: (outcome: T) => Response,
): Promise<Response> {
  const app = partsOf(ctx);
  const authToken = app.config.twilio.authToken;
  if (!authToken) {
    return jsonError(404, "NOT_FOUND", "SMS is not configured.");
  }
  const body = await readFormBody(req, WEBHOOK_FORM_LIMIT);
  if (!body.ok) return jsonError(body.status, "MALFORMED_FORM", body.reason);
  const outcome = await handle({
    authToken,
    // Twilio signs the URL it was given: the public one, not the proxied.
    url: `${app.publicUrl}${ctx.url.pathname}${ctx.url.search}`,
    form: body.form,
    signature: req.headers.get("x-twilio-signature"),
  }, app);
  switch (outcome.kind) {
    case "refused":
      return jsonError(403, "FORBIDDEN", "Invalid Twilio signature.");
    case "invalid":
      return jsonError(
        422,
        "VALIDATION_FAILED",
        "The webhook post has invalid fields.",
        outcome.issues,
      );
    default:
      return ok(outcome);
  }
}

/** Twilio's posts are small (an SMS is at most 1,600 characters). */
const WEBHOOK_FORM_LIMIT = 16 * 1024;
