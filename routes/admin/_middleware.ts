import type { FreshContext } from "$fresh/server.ts";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { csrfRejected, issueCsrf, verifyCsrf } from "../../lib/auth/csrf.ts";
import { requestAuth, verifiedUser } from "../../lib/auth/session.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { readStaffMember } from "../../lib/staff/member.ts";
import { checksStaffItself } from "../../lib/staff/api_auth.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { forbiddenPage } from "../../lib/staff/forbidden_page.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Guards `/admin/**`: the session is checked with the auth server
 * (`getUser()`), the staff row is read as that user under RLS (by the route
 * itself for the routes of `checksStaffItself`), and every state-changing
 * request must carry the CSRF token.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<AdminState>,
): Promise<Response> {
  const app = partsOf(ctx);
  const auth = requestAuth(app.supabase, req);
  const verified = await verifiedUser(auth);
  if (!verified) {
    const next = encodeURIComponent(ctx.url.pathname + ctx.url.search);
    return auth.applyTo(
      new Response(null, {
        status: 303,
        headers: {
          location: `/login?next=${next}`,
          "cache-control": "no-store",
        },
      }),
    );
  }
  // A route of checksStaffItself reads the staff row in its own
  // transaction (ADR 0052) and sets ctx.state.staff, or answers 403 itself.
  if (!checksStaffItself(req.method, ctx.route)) {
    const staff = await readStaffMember(app.db, verified.claims);
    if (!staff) {
      return auth.applyTo(forbiddenPage(verified.user.email ?? ""));
    }
    ctx.state.staff = staff;
  }
  if (!SAFE_METHODS.has(req.method)) {
    // Size-capped while streaming; the route reads its own copy.
    const form = await formOrRefusal(req.clone());
    if (form instanceof Response) return form;
    if (!verifyCsrf(req, form, app.publicUrl)) return csrfRejected();
  }
  const csrf = issueCsrf(req, app.publicUrl);
  ctx.state.claims = verified.claims;
  ctx.state.accessToken = verified.accessToken;
  ctx.state.csrf = csrf.token;
  const res = auth.applyTo(await ctx.next());
  const out = new Response(res.body, res);
  if (csrf.setCookie) out.headers.append("set-cookie", csrf.setCookie);
  // Staff pages hold personal data: never cache them anywhere.
  out.headers.set("cache-control", "private, no-store");
  return out;
}
