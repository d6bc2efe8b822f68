/**
 * Auth mail content (GoTrue's default templates, in the site's words).
 *
 * @module
 */
import type { MailMessage } from "../../lib/mail/types.ts";
import { escapeHtml } from "../../lib/text/escape.ts";

/** Which email action a link performs. */
export type EmailAction = "magiclink" | "signup" | "invite" | "recovery";

/**
 * The action link GoTrue's template mailer puts in mail:
 * `<external>/verify?token=<hash>&type=<type>&redirect_to=<url>`.
 */
export function actionLink(
  externalUrl: string,
  tokenHash: string,
  type: EmailAction,
  redirectTo: string,
): string {
  const query = new URLSearchParams({
    token: tokenHash,
    type,
    redirect_to: redirectTo,
  });
  return `${externalUrl}/verify?${query}`;
}

const SUBJECTS: Record<EmailAction, string> = {
  magiclink: "Your Magic Link",
  signup: "Confirm Your Signup",
  invite: "You have been invited",
  recovery: "Reset Your Password",
};

const INTROS: Record<EmailAction, string> = {
  magiclink: "Follow this link to sign in:",
  signup: "Follow this link to confirm your email address:",
  invite: "You have been invited to join. Follow this link to accept:",
  recovery: "Follow this link to reset your password:",
};

/** Builds the mail for an auth action with its link and one-time code. */
export function authMail(
  action: EmailAction,
  to: string,
  link: string,
  otp: string,
  siteName: string,
): MailMessage {
  const subject = `${SUBJECTS[action]} – ${siteName}`;
  const intro = INTROS[action];
  const text = `${intro}\n\n${link}\n\nOr enter this code: ${otp}\n\n` +
    `If you did not request this, ignore this email.\n— ${siteName}\n`;
  const href = escapeHtml(link);
  const html = `<h2>${escapeHtml(SUBJECTS[action])}</h2>
<p>${escapeHtml(intro)}</p>
<p><a href="${href}">${
    action === "invite" ? "Accept the invite" : "Sign in"
  }</a></p>
<p>Or enter this code: <strong>${otp}</strong></p>
<p>If you did not request this, ignore this email.</p>`;
  return { to, subject, text, html };
}
