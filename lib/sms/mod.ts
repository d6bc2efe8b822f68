/**
 * SMS for opted-in customers (ADR 0036): the sender port, Twilio's REST API
 * and webhook signatures, STOP keywords and E.164 numbers.
 *
 * @module
 */
export type { SmsMessage, SmsSender } from "./types.ts";
export {
  TWILIO_API_BASE,
  TwilioError,
  type TwilioOptions,
  twilioSignature,
  TwilioSms,
  verifyTwilioSignature,
} from "./twilio.ts";
export { smsKeyword } from "./keywords.ts";
export { toE164 } from "./phone.ts";
export { renderSms } from "./templates.ts";
