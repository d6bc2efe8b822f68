/**
 * SMS for opted-in customers (ADR 0036, 0060): the sender port, Twilio's REST
 * API and webhook signatures, STOP keywords, delivery statuses and E.164
 * numbers.
 *
 * @module
 */
export {
  SMS_DELIVERY_STATUSES,
  type SmsDeliveryStatus,
  type SmsMessage,
  type SmsReceipt,
  type SmsSender,
} from "./types.ts";
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
