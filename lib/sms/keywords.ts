/**
 * Twilio's standard opt-out and opt-in keywords (an inbound SMS whose whole
 * body is one of them, any case). Twilio itself also blocks a number after
 * STOP; we record it so that nothing is even queued for it.
 *
 * @module
 */

const OPT_OUT = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "OPTOUT",
  "REVOKE",
]);
const OPT_IN = new Set(["START", "UNSTOP", "YES"]);

/** What an inbound SMS asks for: opt out, opt back in, or nothing. */
export function smsKeyword(body: string): "opt_out" | "opt_in" | null {
  const word = body.trim().toUpperCase().replace(/[.!]+$/, "");
  if (OPT_OUT.has(word)) return "opt_out";
  if (OPT_IN.has(word)) return "opt_in";
  return null;
}
