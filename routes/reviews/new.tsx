import type { Handlers, PageProps } from "$fresh/server.ts";
import { Container } from "../../components/Container.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import { partsOf } from "../../lib/app/parts.ts";
import { type ApiIssue, zodIssues } from "../../lib/http/errors.ts";
import { readFormBody } from "../../lib/http/form_body.ts";
import {
  findReviewInvitation,
  REVIEW_LIMITS,
  reviewFormSchema,
  type ReviewInvitation,
  reviewTokenSchema,
  submitReview,
} from "../../lib/reviews/mod.ts";
import { StaffError } from "../../lib/staff/errors.ts";

const MAX_BODY_BYTES = 16 * 1024;

/** What the page shows: the form, a refusal, or the thank-you. */
type ReviewPageData =
  | {
    state: "form";
    token: string;
    invitation: ReviewInvitation;
    values: { rating?: string; body?: string; displayName?: string };
    issues: ApiIssue[];
  }
  | { state: "refused"; status: number; message: string; issues: ApiIssue[] }
  | { state: "thanks" };

const USED =
  "This review link was already used: thank you, we have your review. Each link works once.";
const EXPIRED =
  "This review link has expired. Reply to your thank-you mail if you would still like to tell us how it went.";
const UNKNOWN =
  "This review link is not valid. Please use the link from your thank-you mail.";

function refusal(status: number, message: string, issues: ApiIssue[] = []) {
  return { state: "refused" as const, status, message, issues };
}

/** The refusal for an invitation that cannot take a review, or null. */
function closed(inv: ReviewInvitation | null) {
  if (!inv) return refusal(404, UNKNOWN);
  if (inv.state === "used") return refusal(409, USED);
  if (inv.state === "expired") return refusal(410, EXPIRED);
  return null;
}

/**
 * `/reviews/new?token=…` (ADR 0035): the customer's single-use review form
 * from the review-request mail. Works without JavaScript; the post is
 * validated with zod (422 with field paths) and the database uses the link
 * up; a second use answers 409 with a clear message.
 */
export const handler: Handlers<ReviewPageData> = {
  async GET(_req, ctx) {
    if (ctx.url.searchParams.get("done") === "1") {
      return ctx.render({ state: "thanks" });
    }
    const token = reviewTokenSchema.safeParse(
      ctx.url.searchParams.get("token") ?? "",
    );
    if (!token.success) {
      const r = refusal(404, UNKNOWN, [{ path: "token", message: UNKNOWN }]);
      return ctx.render(r, { status: r.status });
    }
    const inv = await findReviewInvitation(partsOf(ctx).db, token.data);
    const refused = closed(inv);
    if (refused) return ctx.render(refused, { status: refused.status });
    return ctx.render({
      state: "form",
      token: token.data,
      invitation: inv!,
      values: { displayName: inv!.displayName },
      issues: [],
    });
  },
  async POST(req, ctx) {
    const body = await readFormBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      const r = refusal(body.status, "We could not read the form.");
      return ctx.render(r, { status: r.status });
    }
    const form = body.form;
    const raw = {
      token: String(form.get("token") ?? ""),
      rating: String(form.get("rating") ?? ""),
      body: String(form.get("body") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
    };
    const db = partsOf(ctx).db;
    const token = reviewTokenSchema.safeParse(raw.token);
    const inv = token.success
      ? await findReviewInvitation(db, token.data)
      : null;
    const refused = closed(inv);
    if (refused) return ctx.render(refused, { status: refused.status });
    const parsed = reviewFormSchema.safeParse(raw);
    if (!parsed.success) {
      return ctx.render({
        state: "form",
        token: raw.token,
        invitation: inv!,
        values: raw,
        issues: zodIssues(parsed.error),
      }, { status: 422 });
    }
    try {
      await submitReview(db, parsed.data);
    } catch (err) {
      if (!(err instanceof StaffError)) throw err;
      const message = err.status === 409
        ? USED
        : err.status === 410
        ? EXPIRED
        : err.message;
      if (err.status === 422) {
        return ctx.render({
          state: "form",
          token: raw.token,
          invitation: inv!,
          values: raw,
          issues: err.issues,
        }, { status: 422 });
      }
      const r = refusal(err.status, message, err.issues);
      return ctx.render(r, { status: r.status });
    }
    return new Response(null, {
      status: 303,
      headers: { location: "/reviews/new?done=1" },
    });
  },
};

function issueFor(issues: ApiIssue[], path: string): string | undefined {
  return issues.find((i) => i.path === path)?.message;
}

const input =
  "mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-stone-900";

/** The review form, a refusal, or the thank-you. */
export default function NewReview({ data }: PageProps<ReviewPageData>) {
  return (
    <>
      <SeoHead
        title="Leave a review"
        description="Tell other hosts how your MyHibachi party went."
        path="/reviews/new"
        noindex
      />
      <PageHeader title="Leave a review" />
      <Container class="max-w-2xl py-10">
        {data.state === "thanks" && (
          <p
            role="status"
            data-review-thanks
            class="rounded-md bg-green-50 p-4 text-green-900"
          >
            Thank you! Your review is in; it appears on our reviews page once a
            manager has checked it.
          </p>
        )}
        {data.state === "refused" && (
          <p
            role="alert"
            data-review-refused={data.status}
            class="rounded-md bg-red-50 p-4 text-red-900"
          >
            {data.message}
          </p>
        )}
        {data.state === "form" && <ReviewFormView data={data} />}
      </Container>
    </>
  );
}

function ReviewFormView(
  { data }: { data: Extract<ReviewPageData, { state: "form" }> },
) {
  const err = (path: string) => {
    const message = issueFor(data.issues, path);
    return message
      ? (
        <p class="mt-1 text-sm text-red-800" data-error-for={path}>
          {message}
        </p>
      )
      : null;
  };
  return (
    <form
      method="post"
      action="/reviews/new"
      class="space-y-6"
      data-review-form
    >
      <p class="text-stone-700">
        Your party of {data.invitation.eventDate} in {data.invitation.city}{" "}
        ({data.invitation.locationName} team).
      </p>
      {data.issues.length > 0 && (
        <p role="alert" class="rounded-md bg-red-50 p-4 text-red-900">
          Please check the highlighted fields.
        </p>
      )}
      <input type="hidden" name="token" value={data.token} />
      <fieldset>
        <legend class="font-medium text-stone-900">Your rating</legend>
        <div class="mt-2 flex gap-4">
          {[5, 4, 3, 2, 1].map((n) => (
            <label key={n} class="flex items-center gap-1">
              <input
                type="radio"
                name="rating"
                value={String(n)}
                required
                checked={data.values.rating === String(n)}
              />
              {n} {n === 1 ? "star" : "stars"}
            </label>
          ))}
        </div>
        {err("rating")}
      </fieldset>
      <label class="block font-medium text-stone-900">
        Your review
        <textarea
          name="body"
          required
          minLength={REVIEW_LIMITS.bodyMin}
          maxLength={REVIEW_LIMITS.bodyMax}
          rows={6}
          class={input}
        >
          {data.values.body ?? ""}
        </textarea>
        {err("body")}
      </label>
      <label class="block font-medium text-stone-900">
        Name shown with your review
        <input
          name="displayName"
          required
          maxLength={REVIEW_LIMITS.displayNameMax}
          value={data.values.displayName ?? ""}
          class={input}
        />
        {err("displayName")}
      </label>
      <button
        type="submit"
        class="rounded-md bg-red-800 px-5 py-2 font-semibold text-white"
      >
        Send review
      </button>
    </form>
  );
}
