import type { PageProps } from "$fresh/server.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { logError } from "../lib/observability/errors.ts";
import type { ObservabilityState } from "../lib/observability/middleware.ts";
import { BUSINESS } from "../lib/site/business.ts";

/**
 * Error page. The error itself is logged with the request id and never shown:
 * the visitor only gets the request id, so support can find the log line.
 */
export default function ErrorPage(
  props: PageProps<unknown, Partial<ObservabilityState>>,
) {
  const requestId = props.state?.requestId;
  logError(props.error, { requestId, path: props.url?.pathname });
  return (
    <>
      <SeoHead
        title="Something went wrong"
        description="An unexpected error occurred. Please try again or contact MyHibachi."
        noindex
      />
      <Container class="py-20" narrow>
        <p class="font-semibold text-red-800">Error 500</p>
        <h1 class="mt-2 text-4xl font-bold text-stone-900">
          Something went wrong on our side
        </h1>
        <p class="mt-4 text-lg text-stone-700">
          Sorry about that. Please try again in a moment. If it keeps happening,
          call {BUSINESS.phoneDisplay} or email {BUSINESS.email}{" "}
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
      </Container>
    </>
  );
}
