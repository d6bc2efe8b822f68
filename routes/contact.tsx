import type { Handlers, PageProps } from "$fresh/server.ts";
import {
  ContactPage,
  type ContactPageData,
  STORE_FAILED,
} from "../components/contact/ContactPage.tsx";
import { partsOf } from "../lib/app/parts.ts";
import { submitContactForm } from "../lib/contact/mod.ts";
import { readFormBody } from "../lib/http/form_body.ts";
import { requestClientIp } from "../lib/http/route.ts";
import { logError } from "../lib/observability/errors.ts";

/** Largest request body accepted; the form's own limits are far smaller. */
const MAX_BODY_BYTES = 32 * 1024;

/** `GET /contact`: the form; `POST /contact`: the contact service's outcome as a page. */
export const handler: Handlers<ContactPageData, { requestId?: string }> = {
  GET(_req, ctx) {
    return ctx.render({ state: "form", values: {}, errors: {} });
  },
  async POST(req, ctx) {
    const body = await readFormBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      const message = body.status === 413
        ? "Your message is too long."
        : "We could not read the form. Please try again.";
      return ctx.render(
        { state: "form", values: {}, errors: { message } },
        { status: body.status },
      );
    }
    const app = partsOf(ctx);
    const outcome = await submitContactForm(app.db, body.form, {
      limiter: app.limiter,
      ip: requestClientIp(app, req, ctx),
      ipHashSecret: app.config.ipHashSecret,
      requestId: ctx.state.requestId,
    });
    switch (outcome.kind) {
      case "invalid":
        return ctx.render({
          state: "form",
          values: outcome.values,
          errors: outcome.errors,
        }, { status: 422 });
      case "limited":
        return ctx.render(
          { state: "limited", retryAfterSeconds: outcome.retryAfterSeconds },
          {
            status: 429,
            headers: { "retry-after": String(outcome.retryAfterSeconds) },
          },
        );
      case "unavailable":
        logError(outcome.error, {
          requestId: ctx.state.requestId,
          method: "POST",
          path: "/contact",
        });
        return ctx.render({
          state: "form",
          values: outcome.values,
          errors: {},
          notice: STORE_FAILED,
        }, { status: 503, headers: { "retry-after": "30" } });
      case "sent":
        return ctx.render({ state: "sent", name: outcome.name });
    }
  },
};

export default function Contact({ data }: PageProps<ContactPageData>) {
  return <ContactPage data={data} />;
}
