import type { FreshContext, PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { Picture } from "../components/Picture.tsx";
import { EMPTY_PLATE_ALT } from "../lib/site/illustrations.ts";
import { logError } from "../lib/observability/errors.ts";
import {
  type ObservabilityState,
  responseHeaders,
} from "../lib/observability/middleware.ts";
import { resolveRequestId } from "../lib/observability/request_id.ts";
import { withHeaders } from "../lib/observability/security_headers.ts";
import { BUSINESS } from "../lib/site/business.ts";
import type { AppState } from "../lib/app/parts.ts";

/**
 * The runtime renders this page outside the middleware chain (as Fresh
 * does), so the error is logged and the security headers are added here.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<Partial<ObservabilityState & AppState>>,
): Promise<Response> {
  // A failure before the middleware ran still gets an id to quote.
  ctx.state.requestId ??= resolveRequestId(null);
  const requestId = ctx.state.requestId;
  logError(ctx.error, {
    requestId,
    method: req.method,
    path: new URL(req.url).pathname,
  });
  const response = await ctx.render();
  const hsts = ctx.state.app?.publicUrl.startsWith("https://") ?? false;
  return withHeaders(response, responseHeaders(requestId, { hsts }));
}

/**
 * Error page. The error itself is never shown: the visitor only gets the
 * request id, so support can find the log line.
 */
export default function ErrorPage(
  props: PageProps<unknown, Partial<ObservabilityState>>,
) {
  const requestId = props.state?.requestId;
  return (
    <>
      <SeoHead
        title="Something went wrong"
        description="An unexpected error occurred. Please try again or contact MyHibachi."
        noindex
      />
      <Container class="grid items-center gap-10 py-12 sm:py-20 md:grid-cols-5">
        <div class="md:col-span-3">
          <p class="font-semibold text-red-800">Error 500</p>
          <h1 class="mt-2 font-display text-4xl font-bold text-stone-900">
            Something went wrong on our side
          </h1>
          <p class="mt-4 text-lg text-stone-700">
            Sorry about that. Please try again in a moment. If it keeps
            happening, call {BUSINESS.phoneDisplay} or email {BUSINESS.email}
            {" "}
            and mention this reference so we can find what happened.
          </p>
          {requestId && (
            <p class="mt-4 rounded-lg bg-stone-100 p-4 text-stone-900">
              Reference:{" "}
              <code class="font-mono" data-request-id>{requestId}</code>
            </p>
          )}
          <div class="mt-8 flex flex-col gap-3 sm:flex-row">
            <ButtonLink href="/">Home page</ButtonLink>
            <ButtonLink href="/contact" variant="secondary">
              Contact us
            </ButtonLink>
          </div>
        </div>
        <Picture
          name="empty-plate"
          alt={EMPTY_PLATE_ALT}
          sizes="(min-width: 768px) 40vw, 50vw"
          eager
          class="rounded-2xl shadow-lg"
          frame="order-first mx-auto w-1/2 md:order-none md:col-span-2 md:w-full"
        />
      </Container>
    </>
  );
}
