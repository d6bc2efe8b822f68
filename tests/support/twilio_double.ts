/**
 * A local stand-in for the part of Twilio's REST API the app uses (ADR
 * 0036), behind `TWILIO_API_BASE`: `POST /2010-04-01/Accounts/{sid}/Messages.json`
 * with HTTP Basic auth (account SID and auth token) and a form body (To,
 * From or MessagingServiceSid, Body), answering 201 with a Message resource
 * like Twilio's. Like Twilio, a number that sent STOP gets 400 code 21610.
 * Plus signers for inbound webhook posts and status callbacks
 * (X-Twilio-Signature), and `report`, which posts a message's status
 * callback to the `StatusCallback` URL it was sent with.
 *
 * @module
 */
import { twilioSignature } from "../../lib/sms/twilio.ts";

/** One message the double accepted. */
export interface SentSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  /** The `StatusCallback` URL the sender gave, if any. */
  statusCallback: string | null;
}

/** A running Twilio double. */
export interface TwilioDouble {
  /** `http://127.0.0.1:<port>`, for TWILIO_API_BASE. */
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Accepted messages, oldest first. */
  sent: SentSms[];
  /** Numbers Twilio itself blocks (they sent STOP). */
  blocked: Set<string>;
  /**
   * Posts a status callback for message `sid` to its `StatusCallback`, as
   * Twilio does when the message moves on (`ErrorCode` with a failure),
   * signed with the auth token; the app's answer.
   */
  report(
    sid: string,
    status: string,
    errorCode?: number,
  ): Promise<Response>;
  /** The TWILIO_* variables that point the app here. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Starts the double on a random loopback port. */
export function startTwilioDouble(): TwilioDouble {
  const accountSid = `AC${"0123456789abcdef".repeat(2)}`;
  const authToken = "twilio-double-auth-token";
  const from = "+15005550006";
  const sent: SentSms[] = [];
  const blocked = new Set<string>();
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const error = (status: number, code: number, message: string) =>
    Response.json({ code, message, more_info: "", status }, { status });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== path) {
        return error(404, 20404, "The requested resource was not found");
      }
      if (
        req.headers.get("authorization") !==
          `Basic ${btoa(`${accountSid}:${authToken}`)}`
      ) {
        return error(401, 20003, "Authenticate");
      }
      const form = await req.formData();
      const to = String(form.get("To") ?? "");
      const body = String(form.get("Body") ?? "");
      const sender = String(
        form.get("From") ?? form.get("MessagingServiceSid") ?? "",
      );
      if (!/^\+[1-9]\d{6,14}$/.test(to)) {
        return error(
          400,
          21211,
          `The 'To' number ${to} is not a valid phone number.`,
        );
      }
      if (!body || !sender) {
        return error(400, 21602, "Message body is required.");
      }
      if (blocked.has(to)) {
        return error(400, 21610, "Attempt to send to unsubscribed recipient");
      }
      const sid = `SM${crypto.randomUUID().replaceAll("-", "")}`;
      const callback = form.get("StatusCallback");
      sent.push({
        sid,
        to,
        from: sender,
        body,
        statusCallback: typeof callback === "string" ? callback : null,
      });
      return Response.json({
        sid,
        account_sid: accountSid,
        to,
        from: sender,
        body,
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
      }, { status: 201 });
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: base,
    accountSid,
    authToken,
    from,
    sent,
    blocked,
    async report(sid, status, errorCode) {
      const message = sent.find((m) => m.sid === sid);
      if (!message?.statusCallback) {
        throw new Error(`no status callback for ${sid}`);
      }
      return await fetch(
        message.statusCallback,
        await signedTwilioPost(authToken, message.statusCallback, {
          MessageSid: sid,
          SmsSid: sid,
          AccountSid: accountSid,
          From: message.from,
          To: message.to,
          MessageStatus: status,
          SmsStatus: status,
          ApiVersion: "2010-04-01",
          ...(errorCode === undefined ? {} : { ErrorCode: String(errorCode) }),
        }),
      );
    },
    env: () => ({
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: from,
      TWILIO_API_BASE: base,
    }),
    close: () => server.shutdown(),
  };
}

/**
 * An inbound SMS post as Twilio sends it to `url` (the public webhook URL):
 * the form fields and the X-Twilio-Signature made with `authToken`.
 */
export async function signedInboundSms(
  authToken: string,
  url: string,
  from: string,
  body: string,
): Promise<RequestInit> {
  return await signedTwilioPost(authToken, url, {
    MessageSid: `SM${crypto.randomUUID().replaceAll("-", "")}`,
    AccountSid: "AC-double",
    From: from,
    To: "+15005550006",
    Body: body,
    NumMedia: "0",
  });
}

/**
 * A webhook post as Twilio sends it to `url` (an inbound SMS, a message's
 * `StatusCallback`): the form `fields` and their X-Twilio-Signature made
 * with `authToken`.
 */
export async function signedTwilioPost(
  authToken: string,
  url: string,
  fields: Record<string, string>,
): Promise<RequestInit> {
  const params = new URLSearchParams(fields);
  return {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": await twilioSignature(authToken, url, params),
    },
    body: params,
  };
}
