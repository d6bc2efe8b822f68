import type { Handlers, PageProps } from "$fresh/server.ts";
import { formOrRefusal } from "../lib/http/form_body.ts";
import { Button } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import {
  CSRF_FIELD,
  csrfRejected,
  issueCsrf,
  verifyCsrf,
} from "../lib/auth/csrf.ts";
import { requestAuth } from "../lib/auth/session.ts";
import { partsOf } from "../lib/app/parts.ts";
import { requestClientIp } from "../lib/http/route.ts";
import { log } from "../lib/observability/log.ts";
import { LoginEmail, sendMagicLink } from "../lib/staff/login.ts";

/** What the sign-in page shows. */
interface LoginData {
  state: "form" | "sent" | "invalid" | "limited" | "link_failed" | "invited";
  csrf: string;
  retryAfter?: number;
}

const MAX_BODY_BYTES = 4096;

function withCookie(setCookie: string | undefined): HeadersInit | undefined {
  return setCookie ? { "set-cookie": setCookie } : undefined;
}

export const handler: Handlers<LoginData> = {
  GET(req, ctx) {
    const { token, setCookie } = issueCsrf(req, partsOf(ctx).publicUrl);
    const flag = ctx.url.searchParams;
    const state = flag.get("error") === "link"
      ? "link_failed"
      : flag.has("invited")
      ? "invited"
      : "form";
    return ctx.render({ state, csrf: token }, {
      headers: withCookie(setCookie),
    });
  },
  async POST(req, ctx) {
    const form = await formOrRefusal(req, MAX_BODY_BYTES);
    if (form instanceof Response) return form;
    const app = partsOf(ctx);
    if (!verifyCsrf(req, form, app.publicUrl)) return csrfRejected();
    const { token } = issueCsrf(req, app.publicUrl);
    const parsed = LoginEmail.safeParse(form.get("email"));
    const retryAfter = app.loginThrottle.check(
      requestClientIp(app, req, ctx),
      parsed.success ? parsed.data : null,
    );
    if (retryAfter > 0) {
      return ctx.render({ state: "limited", csrf: token, retryAfter }, {
        status: 429,
        headers: { "retry-after": String(retryAfter) },
      });
    }
    if (!parsed.success) {
      return ctx.render({ state: "invalid", csrf: token }, { status: 422 });
    }
    const auth = requestAuth(app.supabase, req);
    const result = await sendMagicLink(
      auth,
      parsed.data,
      app.publicOrigin.url("/auth/callback?next=/admin"),
    );
    if (!result.sent) {
      // Not shown to the visitor: the answer must not reveal who is staff.
      log("info", { msg: "login.link_not_sent", reason: result.error });
    }
    return auth.applyTo(await ctx.render({ state: "sent", csrf: token }));
  },
};

const MESSAGES: Record<LoginData["state"], string | null> = {
  form: null,
  sent:
    "If that address belongs to a MyHibachi team member, a sign-in link is on its way. It works once and expires within an hour.",
  invalid: "Please enter a valid e-mail address.",
  limited: "Too many sign-in attempts. Please wait and try again.",
  link_failed:
    "That sign-in link is invalid or has expired. Request a new one below.",
  invited:
    "Your invitation is accepted. Enter your e-mail address to receive a sign-in link.",
};

/** Staff sign-in: one e-mail field; the link arrives by mail. */
export default function LoginPage({ data }: PageProps<LoginData>) {
  const message = MESSAGES[data.state];
  const isError = data.state === "invalid" || data.state === "limited" ||
    data.state === "link_failed";
  return (
    <>
      <SeoHead
        title="Staff sign-in"
        description="Sign-in for the MyHibachi team."
        path="/login"
        noindex
      />
      <Container narrow class="py-12">
        <h1 class="text-3xl font-bold text-stone-900">Staff sign-in</h1>
        <p class="mt-2 text-stone-600">
          We e-mail you a one-time sign-in link. No password needed.
        </p>
        {message && (
          <p
            role={isError ? "alert" : "status"}
            class={`mt-6 rounded-md p-4 ${
              isError ? "bg-red-50 text-red-900" : "bg-green-50 text-green-900"
            }`}
            data-login-state={data.state}
          >
            {message}
          </p>
        )}
        <form method="post" action="/login" class="mt-6 space-y-4">
          <input type="hidden" name={CSRF_FIELD} value={data.csrf} />
          <label class="block">
            <span class="block font-medium text-stone-800">E-mail address</span>
            <input
              type="email"
              name="email"
              required
              autocomplete="email"
              maxLength={254}
              class="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2"
            />
          </label>
          <Button type="submit">Send sign-in link</Button>
        </form>
      </Container>
    </>
  );
}
