/**
 * Twilio over its REST API with plain `fetch` (ADR 0036): sending through
 * the Messages resource, and verifying the `X-Twilio-Signature` of inbound
 * webhooks (HMAC-SHA1 with the auth token over the full URL followed by the
 * POST parameters sorted by name, each name then value; base64). The base
 * URL is configurable so tests and demos talk to a local stand-in.
 *
 * @module
 */
import {
  SMS_DELIVERY_STATUSES,
  type SmsDeliveryStatus,
  type SmsMessage,
  type SmsReceipt,
  type SmsSender,
} from "./types.ts";

/** Twilio's own API origin. */
export const TWILIO_API_BASE = "https://api.twilio.com";

/** What {@link TwilioSms} needs. */
export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Sender number (E.164) or a Messaging Service SID (`MG…`). */
  from: string;
  /** Scheme, host and port; default {@link TWILIO_API_BASE}. */
  apiBase?: string | null;
  /**
   * Where Twilio posts each message's status changes (our public
   * `/api/sms/status`, ADR 0060), read at each send: the public origin may
   * be known only once the server listens. None when absent.
   */
  statusCallback?: (() => string) | null;
}

/** A refused or failed Twilio request. */
export class TwilioError extends Error {
  readonly status: number;
  /** Twilio's error code (e.g. 21610: the number sent STOP). */
  readonly code: number | null;

  /** @param status HTTP status @param code Twilio code @param message Twilio's message */
  constructor(status: number, code: number | null, message: string) {
    super(`twilio ${status}${code ? ` (${code})` : ""}: ${message}`);
    this.name = "TwilioError";
    this.status = status;
    this.code = code;
  }
}

/** Sends SMS through `POST /2010-04-01/Accounts/{sid}/Messages.json`. */
export class TwilioSms implements SmsSender {
  readonly #opts: TwilioOptions;

  /** @param opts account, token, sender and API base */
  constructor(opts: TwilioOptions) {
    this.#opts = opts;
  }

  /**
   * Sends one SMS: Twilio's message SID and first status, or a rejection
   * with {@link TwilioError} unless Twilio accepted it.
   */
  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { accountSid, authToken, from, statusCallback } = this.#opts;
    const base = (this.#opts.apiBase ?? TWILIO_API_BASE).replace(/\/$/, "");
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    form.set(from.startsWith("MG") ? "MessagingServiceSid" : "From", from);
    if (statusCallback) form.set("StatusCallback", statusCallback());
    const res = await fetch(
      `${base}/2010-04-01/Accounts/${
        encodeURIComponent(accountSid)
      }/Messages.json`,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${accountSid}:${authToken}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form,
        signal: AbortSignal.timeout(30_000),
      },
    );
    const text = await res.text();
    if (res.ok) return receiptOf(text);
    let code: number | null = null;
    let detail = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as { code?: number; message?: string };
      code = typeof body.code === "number" ? body.code : null;
      detail = body.message ?? detail;
    } catch {
      // Not JSON (a proxy's page): keep the text.
    }
    throw new TwilioError(res.status, code, detail);
  }
}

/** A Twilio message SID (`notifications.provider_sid` holds the same shape). */
export const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;

/**
 * The SID and status of the Message resource Twilio answered with. Twilio
 * took the SMS whatever the body says, so an answer without them (a proxy's
 * page) is a receipt without a SID, not a failed send that would be retried
 * and reach the phone twice.
 */
function receiptOf(text: string): SmsReceipt {
  let body: { sid?: unknown; status?: unknown } = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // Not JSON: no SID to follow.
  }
  const sid = typeof body.sid === "string" && MESSAGE_SID.test(body.sid)
    ? body.sid
    : null;
  const status: SmsDeliveryStatus | null =
    SMS_DELIVERY_STATUSES.find((s) => s === body.status) ?? null;
  return { sid, status: sid ? status : null };
}

/** The signature Twilio sends for a POST of `params` to `url`. */
export async function twilioSignature(
  authToken: string,
  url: string,
  params: Iterable<[string, string]>,
): Promise<string> {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = url + sorted.map(([k, v]) => k + v).join("");
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(authToken),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(data),
  );
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}

/** Whether `signature` is Twilio's for this request (constant-time compare). */
export async function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Iterable<[string, string]>,
  signature: string | null,
): Promise<boolean> {
  if (!signature) return false;
  const expected = new TextEncoder().encode(
    await twilioSignature(authToken, url, params),
  );
  const given = new TextEncoder().encode(signature);
  if (expected.length !== given.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected[i] ^ given[i];
  return diff === 0;
}
