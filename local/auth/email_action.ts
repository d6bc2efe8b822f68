/**
 * Issuing email actions: a fresh OTP, its stored hash, optional PKCE flow
 * and the action link (shared by /otp, /invite and /admin/generate_link).
 *
 * @module
 */
import type { TransactionSql } from "postgres";
import {
  type ChallengeMethod,
  generateOtp,
  PKCE_PREFIX,
  tokenHash,
} from "./crypto.ts";
import { AuthError } from "./errors.ts";
import { createFlowState, kindFor, storeToken } from "./one_time.ts";
import type { AuthSettings } from "./options.ts";
import { actionLink, type EmailAction } from "./templates.ts";
import type { UserRow } from "./users.ts";

/** What an issued action produced. */
export interface IssuedAction {
  otp: string;
  /** Stored hash (with `pkce_` prefix in the PKCE flow). */
  hashedToken: string;
  link: string;
}

/** Refuses a send within `emailMaxFrequency` of the previous one (429). */
export function checkSendFrequency(
  lastSentAt: Date | null,
  settings: AuthSettings,
): void {
  if (!lastSentAt) return;
  const elapsed = (settings.now().getTime() - lastSentAt.getTime()) / 1000;
  const wait = settings.emailMaxFrequency - elapsed;
  if (wait > 0) {
    throw new AuthError(
      429,
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${
        Math.ceil(wait)
      } seconds.`,
    );
  }
}

/** Creates the OTP, stores its hash (and PKCE flow) and builds the link. */
export async function issueEmailAction(
  tx: TransactionSql,
  settings: AuthSettings,
  args: {
    user: UserRow;
    email: string;
    action: EmailAction;
    redirectTo: string;
    pkce?: { challenge: string; method: ChallengeMethod } | null;
  },
): Promise<IssuedAction> {
  const now = settings.now();
  const otp = generateOtp(settings.otpLength);
  let hashed = tokenHash(args.email, otp);
  let flowStateId: string | null = null;
  if (args.pkce) {
    flowStateId = await createFlowState(tx, {
      userId: args.user.id,
      challenge: args.pkce.challenge,
      method: args.pkce.method,
      authenticationMethod: args.action,
      now,
    });
    hashed = PKCE_PREFIX + hashed;
  }
  await storeToken(tx, {
    userId: args.user.id,
    email: args.email,
    kind: kindFor(args.action),
    tokenHash: hashed,
    flowStateId,
    now,
    invited: args.action === "invite",
  });
  return {
    otp,
    hashedToken: hashed,
    link: actionLink(
      settings.externalUrl,
      hashed,
      args.action,
      args.redirectTo,
    ),
  };
}
